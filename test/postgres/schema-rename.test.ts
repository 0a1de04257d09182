// Safe diffs through the real engine: a module-like stack (a DomainModule: schema, migration, RLS,
// grants, a policy, a view, a function) is applied, rows go into its table, and the program renames
// the module's schema. The next `up` renames the schema in place (an update of the Schema resource,
// never a replace, which would drop the schema with CASCADE) and the rows are still there. Also:
// reordering privileges in the program is no change at all.
import * as pulumi from "@pulumi/pulumi";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { DomainModule } from "../../stacks/modules/component";
import { checksum } from "../../stacks/modules/files";
import type { ModuleSpec, TablePrivilege } from "../../stacks/modules/spec";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

const SQL = `CREATE TABLE IF NOT EXISTS notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner uuid NOT NULL DEFAULT auth.uid(),
  body text NOT NULL
);
CREATE OR REPLACE FUNCTION note_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM notes';
`;

function spec(schema: string, privileges: TablePrivilege[]): ModuleSpec {
  return {
    name: "notebook",
    schema,
    description: "a module-like test module",
    tables: [{ name: "notes", grants: { authenticated: privileges } }],
    policies: [{ table: "notes", name: "own notes", command: "ALL", roles: ["authenticated"], using: "owner = (select auth.uid())", withCheck: "owner = (select auth.uid())" }],
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
    // The objects named by schema (grants, RLS, the policy, the view) are replaced onto the new name;
    // nothing is deleted outright.
    expect(renamed.summary.resourceChanges).toMatchObject({ update: expect.any(Number), replace: expect.any(Number) });
    expect(renamed.summary.resourceChanges?.delete ?? 0).toBe(0);

    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'notebook_%' ORDER BY 1")).toEqual([{ nspname: "notebook_b" }]);
    expect(await q("SELECT count(*)::int AS n FROM notebook_b.notes")).toEqual([{ n: 25 }]);
    // What the module declares holds on the renamed schema: RLS, the policy, grants, the view, EXECUTE.
    expect(await q("SELECT relrowsecurity FROM pg_class WHERE oid = 'notebook_b.notes'::regclass")).toEqual([{ relrowsecurity: true }]);
    expect(await q("SELECT polname FROM pg_policy WHERE polrelid = 'notebook_b.notes'::regclass")).toEqual([{ polname: "own notes" }]);
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
