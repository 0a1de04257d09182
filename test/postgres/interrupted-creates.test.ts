// A run killed between creating an object and the engine recording it leaves the object behind, so
// the next `up` creates it again. Schema, RlsPolicy and View take over what such a run left (an empty
// schema; a policy of the same name and command; a view of the same name), and refuse what is
// plainly someone else's (a schema with objects in it; a policy with another command).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { rlsPolicySpec } from "../../providers/postgres/providers/rlsPolicy";
import { schemaSpec } from "../../providers/postgres/providers/schema";
import { viewSpec } from "../../providers/postgres/providers/view";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

async function create(spec: Parameters<typeof pgProvider>[0], news: Record<string, unknown>) {
  const provider = pgProvider(spec);
  const checked = await provider.check!({}, { connection: db.url, ...news });
  expect(checked.failures).toEqual([]);
  return provider.create(checked.inputs);
}

beforeAll(async () => {
  db = await createTestDatabase("interrupted");
});
afterAll(async () => {
  await db?.drop();
});

describe("creates after a killed run", () => {
  it("take over an empty schema, and refuse one with objects in it", async () => {
    await q("CREATE SCHEMA left_behind");
    await expect(create(schemaSpec, { name: "left_behind" })).resolves.toMatchObject({ id: "left_behind" });
    await q("CREATE SCHEMA someones; CREATE TABLE someones.data (id int)");
    await expect(create(schemaSpec, { name: "someones" })).rejects.toThrow(/schema someones already exists and holds objects/);
    expect(await q("SELECT count(*)::int AS n FROM someones.data")).toEqual([{ n: 0 }]);
  });

  it("recreate a policy of the same name and command as declared, and refuse one with another command", async () => {
    await q("CREATE TABLE left_behind.notes (id int, owner uuid); ALTER TABLE left_behind.notes ENABLE ROW LEVEL SECURITY");
    await q(`CREATE POLICY "owners read" ON left_behind.notes FOR SELECT TO authenticated USING (owner = auth.uid())`);
    const policy = { schema: "left_behind", table: "notes", name: "owners read", command: "SELECT", roles: ["authenticated"], using: "owner = (SELECT auth.uid())" };
    await create(rlsPolicySpec, policy);
    const [row] = await q("SELECT qual FROM pg_policies WHERE schemaname = 'left_behind' AND policyname = 'owners read'");
    expect(row?.qual).toMatch(/SELECT auth\.uid/);
    await expect(create(rlsPolicySpec, { ...policy, command: "DELETE" })).rejects.toThrow(/already exists on left_behind\.notes with another command/);
  });

  it("replace a view of the same name", async () => {
    await q("CREATE VIEW left_behind.note_ids AS SELECT id FROM left_behind.notes");
    await create(viewSpec, { schema: "left_behind", name: "note_ids", definition: "SELECT id FROM left_behind.notes WHERE id > 0" });
    const [view] = await q("SELECT pg_get_viewdef('left_behind.note_ids'::regclass) AS def");
    expect(view?.def).toMatch(/id > 0/);
  });
});
