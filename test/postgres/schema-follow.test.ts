// The resources that name a schema follow it (providers/postgres/providers/located.ts), called the
// way the engine's plugin calls them: a changed `schema` is an update at the new name; after a
// rename in place the object is where the schema went, and a declaration moved to another schema's
// distinct table undoes what it did on the old one (but RLS, which stays on). A replacement's delete
// finds a policy or a view by its oid, wherever a rename in the same run moved it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { grantSpec } from "../../providers/postgres/providers/grant";
import { rlsPolicySpec } from "../../providers/postgres/providers/rlsPolicy";
import { rowLevelSecuritySpec } from "../../providers/postgres/providers/rowLevelSecurity";
import { viewSpec } from "../../providers/postgres/providers/view";
import { make as makeResource, type Props } from "../helpers/provider-calls";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

const make = (provider: ReturnType<typeof pgProvider>, news: Props) => makeResource(provider, db.url, news);

/** check, diff (must be an update) and update, as the engine does for a changed input. */
async function follow(provider: ReturnType<typeof pgProvider>, id: string, outs: Props, news: Props): Promise<Props> {
  const checked = await provider.check!(outs, { connection: db.url, ...news });
  expect(checked.failures).toEqual([]);
  expect(await provider.diff!(id, outs, checked.inputs)).toMatchObject({ changes: true, replaces: [] });
  return (await provider.update!(id, outs, checked.inputs)).outs as Props;
}

beforeAll(async () => {
  db = await createTestDatabase("schema_follow");
  await q("CREATE SCHEMA f_a; CREATE TABLE f_a.notes (id int PRIMARY KEY, owner uuid); CREATE SCHEMA f_other; CREATE TABLE f_other.notes (id int PRIMARY KEY, owner uuid)");
});
afterAll(async () => {
  await db?.drop();
});

describe("a schema renamed in place", () => {
  it("RLS, a policy, a view and a grant are updated where the schema went", async () => {
    const rls = pgProvider(rowLevelSecuritySpec);
    const policy = pgProvider(rlsPolicySpec);
    const view = pgProvider(viewSpec);
    const grant = pgProvider(grantSpec);
    const r = await make(rls, { schema: "f_a", table: "notes" });
    const p = await make(policy, { schema: "f_a", table: "notes", name: "own", command: "SELECT", roles: ["authenticated"], using: "owner = (select auth.uid())" });
    const v = await make(view, { schema: "f_a", name: "ids", definition: "SELECT id FROM f_a.notes" });
    const g = await make(grant, { role: "authenticated", objectType: "table", schema: "f_a", objects: ["notes"], privileges: ["SELECT"] });

    await q("ALTER SCHEMA f_a RENAME TO f_b");
    await follow(rls, r.id, r.outs, { schema: "f_b", table: "notes" });
    await follow(policy, p.id, p.outs, { ...p.outs, connection: db.url, schema: "f_b" });
    await follow(view, v.id, v.outs, { schema: "f_b", name: "ids", definition: "SELECT id FROM f_b.notes" });
    await follow(grant, g.id, g.outs, { role: "authenticated", objectType: "table", schema: "f_b", objects: ["notes"], privileges: ["SELECT"] });

    expect(await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'f_b.notes'::regclass")).toEqual([{ on: true }]);
    expect(await q("SELECT polname FROM pg_policy WHERE polrelid = 'f_b.notes'::regclass")).toEqual([{ polname: "own" }]);
    expect(await q("SELECT pg_get_viewdef('f_b.ids'::regclass) LIKE '%f_b.notes%' AS follows")).toEqual([{ follows: true }]);
    expect(await q("SELECT has_table_privilege('authenticated', 'f_b.notes', 'SELECT') AS granted")).toEqual([{ granted: true }]);
    // Nothing else was touched: the other schema's table is as it was.
    expect(await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'f_other.notes'::regclass")).toEqual([{ on: false }]);
  });

  it("a replacement's delete finds the policy and the view by oid where the rename moved them", async () => {
    const policy = pgProvider(rlsPolicySpec);
    const view = pgProvider(viewSpec);
    const p = await make(policy, { schema: "f_b", table: "notes", name: "moved", command: "SELECT", roles: ["authenticated"], using: "true" });
    const v = await make(view, { schema: "f_b", name: "moved", definition: "SELECT id FROM f_b.notes" });
    await q("ALTER SCHEMA f_b RENAME TO f_c");
    await policy.delete!(p.id, p.outs);
    await view.delete!(v.id, v.outs);
    expect(await q("SELECT 1 FROM pg_policy WHERE polname = 'moved'")).toEqual([]);
    expect(await q("SELECT 1 FROM pg_class WHERE relname = 'moved'")).toEqual([]);
  });
});

describe("a declaration moved to another schema's table", () => {
  it("is made there and undone where it was", async () => {
    const rls = pgProvider(rowLevelSecuritySpec);
    const policy = pgProvider(rlsPolicySpec);
    const r = await make(rls, { schema: "f_c", table: "notes" });
    const p = await make(policy, { schema: "f_c", table: "notes", name: "mine", command: "SELECT", roles: ["authenticated"], using: "true" });
    await follow(rls, r.id, r.outs, { schema: "f_other", table: "notes" });
    await follow(policy, p.id, p.outs, { ...p.outs, connection: db.url, schema: "f_other" });
    expect(await q("SELECT n.nspname AS schema, c.relrowsecurity AS on FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'notes' ORDER BY 1")).toEqual([
      { schema: "f_c", on: true },
      { schema: "f_other", on: true },
    ]);
    expect(await q("SELECT polrelid::regclass::text AS on FROM pg_policy WHERE polname = 'mine'")).toEqual([{ on: "f_other.notes" }]);
  });
});
