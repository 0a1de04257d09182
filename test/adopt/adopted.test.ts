// supastack.adopted (providers/postgres/adopted.ts): the Schema provider takes over a schema that
// holds objects only when `supastack adopt` recorded it as adopted, and keeps every row in it; a
// schema nobody adopted is still refused. intoSchema (automation/adopt/declared.ts) names what a
// module's files created in the scratch schema in the module's target schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intoSchema } from "../../automation/adopt/declared";
import { adoptedModules, createAdoptedSql, recordAdopted } from "../../providers/postgres/adopted";
import { withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { createBookkeeping, migrationSpec } from "../../providers/postgres/providers/migration";
import { schemaSpec } from "../../providers/postgres/providers/schema";
import { checksum } from "../../modules/files";
import { fingerprint } from "../../providers/postgres/rows";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

async function createSchema(name: string) {
  const provider = pgProvider(schemaSpec);
  const checked = await provider.check!({}, { connection: db.url, name });
  expect(checked.failures).toEqual([]);
  return provider.create(checked.inputs);
}

beforeAll(async () => {
  db = await createTestDatabase("adopted");
});
afterAll(async () => {
  await db?.drop();
});

describe("supastack.adopted", () => {
  it("lets Schema's create take over an adopted schema with its rows, and still refuses one not adopted", async () => {
    await q("CREATE SCHEMA jobs; CREATE TABLE jobs.job (id int PRIMARY KEY, title text); INSERT INTO jobs.job SELECT g, 't' || g FROM generate_series(1, 50) g");
    const before = await withClient(db.url, (c) => fingerprint(c, { schema: "jobs", table: "job" }));
    await expect(createSchema("jobs")).rejects.toThrow(/schema jobs already exists and holds objects.*supastack adopt/);
    expect(await withClient(db.url, (c) => adoptedModules(c))).toEqual([]);

    await withClient(db.url, async (c) => {
      for (const sql of createAdoptedSql()) await c.query(sql);
      await recordAdopted(c, { module: "jobs", schema: "jobs" });
    });
    expect(await withClient(db.url, (c) => adoptedModules(c))).toEqual([{ module: "jobs", schema: "jobs" }]);
    await expect(createSchema("jobs")).resolves.toMatchObject({ id: "jobs" });
    expect(await withClient(db.url, (c) => fingerprint(c, { schema: "jobs", table: "job" }))).toEqual(before);
    expect(await q("SELECT count(*)::int AS n FROM jobs.job")).toEqual([{ n: 50 }]);

    await q("CREATE SCHEMA other; CREATE TABLE other.t (id int)");
    await expect(createSchema("other")).rejects.toThrow(/schema other already exists and holds objects/);
  });
});

describe("Migration's create for an adopted module", () => {
  it("treats the baseline files as applied (never runs them over the existing rows) and runs the files not recorded", async () => {
    await q("CREATE SCHEMA support; CREATE TABLE support.ticket (id int PRIMARY KEY, status text); INSERT INTO support.ticket SELECT g, 'open' FROM generate_series(1, 20) g");
    const file = (name: string, sql: string) => ({ name, sql, checksum: checksum(sql) });
    // 001 would rewrite every row if it ran again; it is the baseline. 002 is new.
    const baseline = file("001_ticket.sql", "CREATE TABLE ticket (id int PRIMARY KEY, status text);\nUPDATE ticket SET status = 'rewritten';");
    const added = file("002_note.sql", "CREATE TABLE note (id int PRIMARY KEY);");
    const before = await withClient(db.url, (c) => fingerprint(c, { schema: "support", table: "ticket" }));
    await withClient(db.url, async (c) => {
      await c.query("BEGIN");
      await createBookkeeping(c);
      for (const sql of createAdoptedSql()) await c.query(sql);
      await c.query("INSERT INTO supastack.migrations (module, name, checksum, objects) VALUES ($1, $2, $3, $4)", [
        "support",
        baseline.name,
        baseline.checksum,
        JSON.stringify([{ kind: "table", schema: "support", name: "ticket" }]),
      ]);
      await recordAdopted(c, { module: "support", schema: "support" });
      await c.query("COMMIT");
    });
    const migration = pgProvider(migrationSpec);
    const checked = await migration.check!({}, { connection: db.url, module: "support", schema: "support", directory: "modules/support/sql", files: [baseline, added] });
    expect(checked.failures).toEqual([]);
    await migration.create(checked.inputs);
    expect(await withClient(db.url, (c) => fingerprint(c, { schema: "support", table: "ticket" }))).toEqual(before);
    expect(await q("SELECT to_regclass('support.note')::text AS t")).toEqual([{ t: "support.note" }]);
    expect(await q("SELECT name FROM supastack.migrations WHERE module = 'support' ORDER BY name")).toEqual([{ name: "001_ticket.sql" }, { name: "002_note.sql" }]);
  });
});

describe("intoSchema", () => {
  it("renames the scratch schema in an object's schema and a trigger's table detail", () => {
    expect(intoSchema({ kind: "trigger", schema: "s_x", name: "touch", detail: "s_x.job" }, "s_x", "public")).toEqual({
      kind: "trigger",
      schema: "public",
      name: "touch",
      detail: "public.job",
    });
    expect(intoSchema({ kind: "table", schema: "auth", name: "users" }, "s_x", "public")).toEqual({ kind: "table", schema: "auth", name: "users", detail: undefined });
  });
});
