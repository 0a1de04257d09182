// Safe diffs through the real engine: a module-like stack (a DomainModule: schema, migration, RLS,
// grants, a policy, a view, a function) is applied, rows go into its table, and the program renames
// the module's schema. The next `up` renames the schema in place (an update of the Schema resource,
// never a replace, which would drop the schema with CASCADE), the resources naming the schema follow
// it as updates, and the rows are still there. Also: reordering privileges in the program is no
// change at all; a rename and its revert converge truthfully; a replaced
// schema takes everything in it along and the same `up` re-creates it.
import * as pulumi from "@pulumi/pulumi";
import type { EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { fingerprintSchemas } from "../../providers/postgres/rows";
import { DomainModule } from "../../modules/component";
import { checksum, readMigrationFiles } from "../../modules/files";
import { jobs } from "../../modules/jobs/module";
import { anonymousGuards } from "../../modules/policies";
import { verifyDatabase } from "../../verify/verify";
import type { ModuleSpec, TablePrivilege } from "../../modules/spec";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

const SQL = `CREATE TABLE IF NOT EXISTS notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner uuid NOT NULL DEFAULT auth.uid(),
  body text NOT NULL
);
CREATE OR REPLACE FUNCTION note_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM notes';
`;

/** The test module's policies in the database, by name. */
const NOTEBOOK_POLICIES = [{ polname: "anonymous sign-ins may not delete" }, { polname: "anonymous sign-ins may not insert" }, { polname: "anonymous sign-ins may not update" }, { polname: "own notes" }];

function spec(schema: string, privileges: TablePrivilege[]): ModuleSpec {
  const tables = [{ name: "notes", grants: { authenticated: privileges } }];
  const own = [{ table: "notes", name: "own notes", command: "ALL" as const, roles: ["authenticated" as const], using: "owner = (select auth.uid())", withCheck: "owner = (select auth.uid())" }];
  return {
    name: "notebook",
    schema,
    description: "a module-like test module",
    tables,
    // As defineModule declares them: the write policy with the restrictive guards refusing anonymous sign-ins.
    policies: [...own, ...anonymousGuards(tables, own)],
    views: [{ name: "note_bodies", definition: `SELECT id, body FROM ${schema}.notes`, grants: { authenticated: ["SELECT"] } }],
    functions: [{ signature: "note_count()", grants: ["authenticated"] }],
  };
}

describe("renaming a module's schema", () => {
  let db: TestDatabase;
  let ts: TestStack;
  let current = { schema: "notebook_a", privileges: ["SELECT", "INSERT", "DELETE"] as TablePrivilege[] };
  const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

  beforeAll(async () => {
    db = await createTestDatabase("schema_rename");
    ts = await testStack({
      name: "schema-rename",
      program: async () => {
        const files = [{ name: "001_notes.sql", checksum: checksum(SQL), sql: SQL }];
        const module = new DomainModule("notebook", { connection: pulumi.secret(db.url), spec: spec(current.schema, current.privileges), files });
        return { schema: module.schema };
      },
    });
  });
  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
  });

  it("renames the schema in place, keeps its rows, and the stack converges", async () => {
    const first = await ts.stack.up();
    expect(first.outputs.schema?.value).toBe("notebook_a");
    await q("INSERT INTO notebook_a.notes (owner, body) SELECT gen_random_uuid(), 'note ' || i FROM generate_series(1, 25) i");

    // Reordering (and repeating) privileges is no change: the preview finds nothing to do.
    current = { ...current, privileges: ["DELETE", "INSERT", "SELECT", "select" as TablePrivilege] };
    await expect(ts.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();

    current = { ...current, schema: "notebook_b" };
    const ops = new Map<string, string>();
    const renamed = await ts.stack.up({
      onEvent: (event: EngineEvent) => {
        const meta = event.resourcePreEvent?.metadata;
        if (meta) ops.set(meta.urn, meta.op);
      },
    });
    expect(renamed.outputs.schema?.value).toBe("notebook_b");
    const schemaOps = [...ops.entries()].filter(([urn]) => urn.endsWith("postgres:Schema::notebook-schema"));
    expect(schemaOps).toEqual([[expect.any(String), "update"]]);
    // The objects named by schema (grants, RLS, the policy, the view) follow it as updates at the new
    // name (providers/postgres/providers/located.ts): nothing is replaced or deleted.
    expect(renamed.summary.resourceChanges).toMatchObject({ update: expect.any(Number) });
    expect(renamed.summary.resourceChanges?.replace ?? 0).toBe(0);
    expect(renamed.summary.resourceChanges?.delete ?? 0).toBe(0);

    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'notebook_%' ORDER BY 1")).toEqual([{ nspname: "notebook_b" }]);
    expect(await q("SELECT count(*)::int AS n FROM notebook_b.notes")).toEqual([{ n: 25 }]);
    // What the module declares holds on the renamed schema: RLS, the policy, grants, the view, EXECUTE.
    expect(await q("SELECT relrowsecurity FROM pg_class WHERE oid = 'notebook_b.notes'::regclass")).toEqual([{ relrowsecurity: true }]);
    expect(await q("SELECT polname FROM pg_policy WHERE polrelid = 'notebook_b.notes'::regclass ORDER BY 1")).toEqual(NOTEBOOK_POLICIES);
    expect(
      await q(`SELECT has_table_privilege('authenticated', 'notebook_b.notes', 'INSERT') AS ins,
                      has_table_privilege('authenticated', 'notebook_b.note_bodies', 'SELECT') AS view,
                      has_function_privilege('authenticated', 'notebook_b.note_count()', 'EXECUTE') AS fn,
                      has_function_privilege('anon', 'notebook_b.note_count()', 'EXECUTE') AS anon_fn`),
    ).toEqual([{ ins: true, view: true, fn: true, anon_fn: false }]);
    // The migration's records followed the schema: nothing re-ran, and destroy will find what to drop.
    expect(await q("SELECT objects::text LIKE '%notebook_a%' AS stale FROM supastack.migrations WHERE module = 'notebook'")).toEqual([{ stale: false }]);

    // Converged: a refresh and a preview find nothing to change.
    await ts.stack.refresh();
    await expect(ts.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });
});

// The sequence with the jobs module itself: its schema's name edited (its view still reads
// jobs.jobs, so that `up` fails half way, after the schema was renamed), then the edit reverted.
// Every resource naming the schema follows it as an update, never a replacement whose delete would
// hit the object the new one had just made: the second `up` ends with RLS on, every policy and the
// view there, verify clean, and a preview (before and after a refresh) that finds nothing to do
// because there is nothing to do.
describe("renaming a module's schema and reverting the edit", () => {
  let db: TestDatabase;
  let ts: TestStack;
  let schema = "jobs";
  const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;
  const spec = () => jobs.inSchema(schema);

  beforeAll(async () => {
    db = await createTestDatabase("rename_revert");
    ts = await testStack({
      name: "rename-revert",
      program: async () => {
        const module = new DomainModule("jobs", { connection: pulumi.secret(db.url), spec: spec(), files: readMigrationFiles("jobs") });
        return { schema: module.schema };
      },
    });
  });
  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
  });

  it("ends with RLS on, every policy and the view present, verify clean and a truthful preview", async () => {
    await ts.stack.up();
    await q("INSERT INTO auth.users (id, email) VALUES ('00000000-0000-4000-8000-00000000000a', 'a@example.com')");
    await q(`INSERT INTO jobs.jobs (user_id, agent_identifier, job_data)
             SELECT '00000000-0000-4000-8000-00000000000a', 'agent-' || i, jsonb_build_object('n', i) FROM generate_series(1, 40) i`);
    const before = await withClient(db.url, (c) => fingerprintSchemas(c, ["jobs"]));
    const declared = async () => ({
      rls: await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'jobs.jobs'::regclass"),
      policies: (await q("SELECT polname FROM pg_policy WHERE polrelid = 'jobs.jobs'::regclass ORDER BY 1")).map((r) => r.polname),
      views: await q("SELECT relname FROM pg_class WHERE relnamespace = 'jobs'::regnamespace AND relkind = 'v'"),
    });
    const applied = await declared();
    // jobs' four policies and the three restrictive ones that refuse anonymous sign-ins' writes.
    expect(applied.policies).toHaveLength(7);

    // The module's SQL no longer writes its schema (issue 25), so the rename itself now goes through
    // (it used to fail half way on a file naming jobs.jobs); the revert must still converge truthfully.
    schema = "jobs_renamed";
    await ts.stack.up();
    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'jobs%'")).toEqual([{ nspname: "jobs_renamed" }]);
    expect(await q("SELECT count(*)::int AS n FROM jobs_renamed.jobs")).toEqual([{ n: 40 }]);

    schema = "jobs";
    const reverted = await ts.stack.up();
    expect(await declared()).toEqual(applied);
    expect(applied).toMatchObject({ rls: [{ on: true }], views: [{ relname: "job_stats" }] });
    expect((await verifyDatabase(db.url, [spec()])).findings).toEqual([]);
    expect(await withClient(db.url, (c) => fingerprintSchemas(c, ["jobs"]))).toEqual(before);
    // Followed back as updates (before, 17 replacements whose deletes disabled RLS and dropped the view).
    expect(reverted.summary.resourceChanges?.replace ?? 0).toBe(0);
    expect(reverted.summary.resourceChanges?.delete ?? 0).toBe(0);

    await expect(ts.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
    await ts.stack.refresh();
    await expect(ts.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });
});

// A replaced schema (pulumi up --replace: it is dropped with CASCADE and created again) takes
// everything in it along, so the same `up` re-creates the migration's tables, RLS, policies, grants
// and the view: none is left in the state as if it were still there. While its tables hold rows the
// replacement is refused and the rows stay.
describe("replacing a module's schema", () => {
  let db: TestDatabase;
  let ts: TestStack;
  const q = async (sql: string) => (await withClient(db.url, (c) => c.query(sql))).rows;

  beforeAll(async () => {
    db = await createTestDatabase("schema_replace");
    ts = await testStack({
      name: "schema-replace",
      program: async () => {
        const files = [{ name: "001_notes.sql", checksum: checksum(SQL), sql: SQL }];
        const module = new DomainModule("notebook", { connection: pulumi.secret(db.url), spec: spec("notebook_r", ["SELECT", "INSERT"]), files });
        return { schema: module.schema };
      },
    });
  });
  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
  });

  it("re-creates everything that lives in it in the same up", async () => {
    await ts.stack.up();
    const declared = async () => ({
      rls: await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'notebook_r.notes'::regclass"),
      policies: await q("SELECT polname FROM pg_policy WHERE polrelid = 'notebook_r.notes'::regclass ORDER BY 1"),
      view: await q("SELECT has_table_privilege('authenticated', 'notebook_r.note_bodies', 'SELECT') AS granted"),
      fn: await q("SELECT has_function_privilege('authenticated', 'notebook_r.note_count()', 'EXECUTE') AS granted"),
    });
    const applied = await declared();
    const schemaUrn = (await ts.stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("postgres:Schema")).urn;
    // With rows in it the replacement is refused (the stack protects its rows) and the rows stay. A
    // replacement asked for by URN (pulumi up --replace; supastack has no such flag) reaches the
    // engine's delete-before-create chain, which deletes what lives in the schema before the schema:
    // the view, the policy and the grants are gone until the next up makes them again, RLS stays on.
    await q("INSERT INTO notebook_r.notes (owner, body) VALUES (gen_random_uuid(), 'kept')");
    await expect(ts.stack.up({ replace: [schemaUrn] })).rejects.toThrow(/would drop or rewrite rows[\s\S]*notebook_r\.notes: 1 row/);
    expect(await q("SELECT body FROM notebook_r.notes")).toEqual([{ body: "kept" }]);
    expect(await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'notebook_r.notes'::regclass")).toEqual([{ on: true }]);
    await ts.stack.up();
    expect(await declared()).toEqual(applied);
    (ts.stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV] = "1";
    const replaced = await ts.stack.up({ replace: [schemaUrn] });
    delete (ts.stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV];
    expect(await q("SELECT count(*)::int AS n FROM notebook_r.notes")).toEqual([{ n: 0 }]);
    expect(replaced.summary.resourceChanges?.replace).toBeGreaterThan(5);
    expect(await declared()).toEqual(applied);
    expect(applied).toEqual({ rls: [{ on: true }], policies: NOTEBOOK_POLICIES, view: [{ granted: true }], fn: [{ granted: true }] });
    expect((await verifyDatabase(db.url, [spec("notebook_r", ["SELECT", "INSERT"])])).findings).toEqual([]);
    await ts.stack.refresh();
    await expect(ts.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });
});
