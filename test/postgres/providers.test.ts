// Provider CRUD and diff behaviour against a real PostgreSQL, calling the providers the way the
// engine's dynamic-provider plugin does (check -> create -> read -> diff -> update -> delete).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { defaultPrivilegesSpec } from "../../providers/postgres/providers/defaultPrivileges";
import { extensionSpec } from "../../providers/postgres/providers/extension";
import { functionAccessSpec } from "../../providers/postgres/providers/functionAccess";
import { grantSpec } from "../../providers/postgres/providers/grant";
import { migrationSpec } from "../../providers/postgres/providers/migration";
import { rlsPolicySpec } from "../../providers/postgres/providers/rlsPolicy";
import { roleSpec } from "../../providers/postgres/providers/role";
import { rowLevelSecuritySpec } from "../../providers/postgres/providers/rowLevelSecurity";
import { schemaSpec } from "../../providers/postgres/providers/schema";
import { viewSpec } from "../../providers/postgres/providers/view";
import { checksum } from "../../modules/files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { make as makeResource, type Props } from "../helpers/provider-calls";

let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

/** check + create, the way the engine does it; returns id and outputs. */
const make = (provider: ReturnType<typeof pgProvider>, news: Props) => makeResource(provider, db.url, news);

async function checkedInputs(provider: ReturnType<typeof pgProvider>, olds: Props, news: Props) {
  const checked = await provider.check!(olds, { connection: db.url, ...news });
  expect(checked.failures).toEqual([]);
  return checked.inputs as Props;
}

beforeAll(async () => {
  db = await createTestDatabase("providers");
});
afterAll(async () => {
  await db?.drop();
});

describe("Role", () => {
  const role = pgProvider(roleSpec);
  it("creates, reads, alters in place, notices drift, renames in place and drops", async () => {
    await q(`DROP ROLE IF EXISTS "app writer"; DROP ROLE IF EXISTS "app author"`);
    const { id, outs } = await make(role, { name: "app writer", login: true, password: "s3cret'pw", roles: ["authenticated"] });
    expect(id).toBe("app writer");
    const [row] = await q("SELECT rolcanlogin, rolinherit FROM pg_roles WHERE rolname = $1", ["app writer"]);
    expect(row).toEqual({ rolcanlogin: true, rolinherit: true });

    const news = await checkedInputs(role, outs, { name: "app writer", login: true, password: "s3cret'pw", roles: ["authenticated"], connectionLimit: 5 });
    const diff = await role.diff!(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = (await role.update!(id, outs, news)).outs as Props;
    expect((await q("SELECT rolconnlimit FROM pg_roles WHERE rolname = $1", ["app writer"]))[0]).toEqual({ rolconnlimit: 5 });

    await q(`ALTER ROLE "app writer" NOLOGIN`);
    const read = await role.read!(id, updated);
    expect(read.props).toMatchObject({ login: false });
    expect((await role.diff!(id, read.props as Props, news)).changes).toBe(true);

    // A new name renames the role in place (its memberships stay, a declared password is set again); the id stays the
    // name it was created with, and read and delete follow the state's name.
    const renamed = await checkedInputs(role, updated, { ...news, name: "app author" });
    expect(await role.diff!(id, updated, renamed)).toMatchObject({ changes: true, replaces: [] });
    const afterRename = (await role.update!(id, updated, renamed)).outs as Props;
    expect(await q("SELECT rolname FROM pg_roles WHERE rolname IN ('app writer', 'app author')")).toEqual([{ rolname: "app author" }]);
    expect(await q("SELECT pg_has_role('app author', 'authenticated', 'MEMBER') AS member")).toEqual([{ member: true }]);
    expect((await role.read!(id, afterRename)).props).toMatchObject({ name: "app author", roles: ["authenticated"] });

    await role.delete!(id, afterRename);
    expect(await q("SELECT 1 FROM pg_roles WHERE rolname IN ('app writer', 'app author')")).toHaveLength(0);
    expect(await role.read!(id, afterRename)).toEqual({});
  });

  it("rejects reserved and over-long names at check", async () => {
    const reserved = await role.check!({}, { connection: db.url, name: "pg_mine" });
    expect(reserved.failures[0]).toMatchObject({ property: "name" });
    const long = await role.check!({}, { connection: db.url, name: "x".repeat(64) });
    expect(long.failures[0]?.reason).toMatch(/longer than 63 bytes/);
  });
});

describe("Schema", () => {
  const schema = pgProvider(schemaSpec);
  it("quotes a hostile name and harms nothing", async () => {
    const name = 'we"ird; drop schema public; --';
    const { id, outs } = await make(schema, { name });
    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname = $1", [name])).toHaveLength(1);
    expect(await q("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")).toHaveLength(1);
    expect((await schema.read!(id, outs)).id).toBe(name);
    await schema.delete!(id, outs);
    expect(await q("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name])).toHaveLength(0);
  });
});

describe("Extension", () => {
  const extension = pgProvider(extensionSpec);
  it("adopts an extension that already exists and leaves it on delete", async () => {
    const { id, outs } = await make(extension, { name: "pgcrypto", schema: "extensions" });
    expect(outs.adopted).toBe(true);
    await extension.delete!(id, outs);
    expect(await q("SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto'")).toHaveLength(1);
  });
  it("creates and drops one it owns", async () => {
    const { id, outs } = await make(extension, { name: "pg_trgm", schema: "extensions" });
    expect(outs.adopted).toBe(false);
    await extension.delete!(id, outs);
    expect(await q("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).toHaveLength(0);
  });
});

describe("Grant, DefaultPrivileges, RowLevelSecurity, RlsPolicy, View", () => {
  beforeAll(async () => {
    await q(`CREATE SCHEMA app; CREATE TABLE app.notes (id int PRIMARY KEY, owner uuid, body text)`);
  });

  it("Grant: grants, reads revocation as drift, updates privileges in place, revokes", async () => {
    const grant = pgProvider(grantSpec);
    const { id, outs } = await make(grant, { role: "authenticated", objectType: "table", schema: "app", objects: ["notes"], privileges: ["select", "insert"] });
    // Privileges are a set: stored sorted, so reordering them is no change.
    expect(outs.privileges).toEqual(["INSERT", "SELECT"]);
    const reordered = await checkedInputs(grant, outs, { role: "authenticated", objectType: "table", schema: "app", objects: ["notes"], privileges: ["INSERT", "select", "SELECT"] });
    expect(await grant.diff!(id, outs, reordered)).toEqual({ changes: false });
    // State written by an earlier supastack kept the declared order: still no change.
    expect(await grant.diff!(id, { ...outs, privileges: ["SELECT", "INSERT"] }, reordered)).toEqual({ changes: false });
    // Another set of objects is another grant: a replacement (revoke first), never an update under a stale id.
    const moreObjects = await checkedInputs(grant, outs, { role: "authenticated", objectType: "table", schema: "app", objects: ["notes", "other"], privileges: ["SELECT", "INSERT"] });
    expect(await grant.diff!(id, outs, moreObjects)).toEqual({ changes: true, replaces: ["objects"], deleteBeforeReplace: true });
    const held = async () =>
      (await q("SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'authenticated' AND table_name = 'notes' ORDER BY 1")).map((r) => r.privilege_type);
    expect(await held()).toEqual(["INSERT", "SELECT"]);
    await q("REVOKE INSERT ON app.notes FROM authenticated");
    expect((await grant.read!(id, outs)).props).toMatchObject({ privileges: ["SELECT"] });
    const news = await checkedInputs(grant, outs, { role: "authenticated", objectType: "table", schema: "app", objects: ["notes"], privileges: ["SELECT", "UPDATE"] });
    expect(await grant.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await grant.update!(id, outs, news)).outs as Props;
    expect(await held()).toEqual(["SELECT", "UPDATE"]);
    await grant.delete!(id, updated);
    expect(await held()).toEqual([]);
  });

  it("Grant column: grants named columns, reads a revoked column as drift, update revokes what was dropped, delete revokes", async () => {
    await q(`CREATE TABLE app."Posts" (id int PRIMARY KEY, "Title" text, body text, owner uuid)`);
    const grant = pgProvider(grantSpec);
    const cols = async (privilege: string) =>
      (
        await q(
          `SELECT column_name FROM information_schema.column_privileges
            WHERE grantee = 'authenticated' AND table_schema = 'app' AND table_name = 'Posts' AND privilege_type = $1 ORDER BY 1`,
          [privilege],
        )
      ).map((r) => r.column_name);
    const { id, outs, inputs } = await make(grant, { role: "authenticated", objectType: "column", schema: "app", objects: ["Posts"], columns: ["body", "Title"], privileges: ["insert"] });
    expect(outs.columns).toEqual(["Title", "body"]);
    expect(await cols("INSERT")).toEqual(["Title", "body"]);
    expect(await q("SELECT has_table_privilege('authenticated', 'app.\"Posts\"', 'INSERT') AS t")).toEqual([{ t: false }]);
    // Same columns in another order: no diff. A fresh read with everything in place: unchanged.
    const reordered = await checkedInputs(grant, outs, { ...inputs, columns: ["Title", "body", "Title"] });
    expect(await grant.diff!(id, outs, reordered)).toMatchObject({ changes: false });
    expect((await grant.read!(id, outs)).props).toEqual(outs);
    // Drift: a column revoked by hand.
    await q(`REVOKE INSERT ("Title") ON app."Posts" FROM authenticated`);
    const read = (await grant.read!(id, outs)).props as Props;
    expect(read.columns).toEqual(["body"]);
    // Columns are in the id: drift or another set of columns replaces the grant (revoke first).
    expect(await grant.diff!(id, read, inputs)).toMatchObject({ changes: true, replaces: ["columns"], deleteBeforeReplace: true });
    const news = await checkedInputs(grant, outs, { ...inputs, columns: ["owner", "Title"] });
    expect(await grant.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: ["columns"], deleteBeforeReplace: true });
    await grant.delete!(id, read);
    const replaced = await grant.create(news);
    expect(await cols("INSERT")).toEqual(["Title", "owner"]);
    // A privilege change alone updates in place: what was granted is revoked, the new set granted.
    const more = await checkedInputs(grant, replaced.outs as Props, { ...inputs, columns: ["owner", "Title"], privileges: ["INSERT", "UPDATE"] });
    expect(await grant.diff!(replaced.id, replaced.outs as Props, more)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await grant.update!(replaced.id, replaced.outs as Props, more)).outs as Props;
    expect(await cols("UPDATE")).toEqual(["Title", "owner"]);
    await grant.delete!(replaced.id, updated);
    expect(await cols("INSERT")).toEqual([]);
    // Gone table: read says deleted.
    const again = await make(grant, { role: "authenticated", objectType: "column", schema: "app", objects: ["Posts"], columns: ["body"], privileges: ["UPDATE"] });
    await q(`DROP TABLE app."Posts"`);
    expect((await grant.read!(again.id, again.outs)).props).toBeUndefined();
    await grant.delete!(again.id, again.outs);
  });

  it("Grant table: changing or deleting table-level INSERT leaves the role's column grants alone", async () => {
    await q(`CREATE TABLE app.cards (id int PRIMARY KEY, title text, status text)`);
    const grant = pgProvider(grantSpec);
    const column = await make(grant, { role: "authenticated", objectType: "column", schema: "app", objects: ["cards"], columns: ["title"], privileges: ["INSERT", "UPDATE"] });
    const table = await make(grant, { role: "authenticated", objectType: "table", schema: "app", objects: ["cards"], privileges: ["SELECT", "INSERT", "UPDATE"] });
    const columnGrants = async () =>
      (await q(`SELECT privilege_type || ' ' || column_name AS g FROM information_schema.column_privileges
                 WHERE grantee = 'authenticated' AND table_name = 'cards' AND column_name = 'title' ORDER BY 1`)).map((r) => r.g);
    // A module moving from table-level INSERT/UPDATE to column grants: the table grant drops them.
    const news = await checkedInputs(grant, table.outs, { role: "authenticated", objectType: "table", schema: "app", objects: ["cards"], privileges: ["SELECT"] });
    const updated = (await grant.update!(table.id, table.outs, news)).outs as Props;
    expect(await q("SELECT has_table_privilege('authenticated', 'app.cards', 'INSERT') AS t")).toEqual([{ t: false }]);
    // (information_schema lists the table-level SELECT per column too)
    expect(await columnGrants()).toEqual(["INSERT title", "SELECT title", "UPDATE title"]);
    expect((await grant.read!(column.id, column.outs)).props).toEqual(column.outs);
    await grant.delete!(table.id, updated);
    expect(await columnGrants()).toEqual(["INSERT title", "UPDATE title"]);
    await grant.delete!(column.id, column.outs);
    expect(await columnGrants()).toEqual([]);
  });

  it("Grant function: read matches the declared identity signature, not the printed argument names", async () => {
    await q(`CREATE FUNCTION app.stats(p_user_id uuid, p_days int) RETURNS int LANGUAGE sql AS 'SELECT 1';
             CREATE FUNCTION app.stats(p_user_id uuid) RETURNS int LANGUAGE sql AS 'SELECT 2'`);
    const grant = pgProvider(grantSpec);
    const { id, outs } = await make(grant, { role: "authenticated", objectType: "function", schema: "app", objects: ["stats(uuid, integer)"], privileges: ["EXECUTE"] });
    expect((await grant.read!(id, outs)).props).toEqual(outs);
    // The other overload's rights do not count; losing this one's does.
    await q("REVOKE EXECUTE ON FUNCTION app.stats(uuid) FROM PUBLIC");
    expect((await grant.read!(id, outs)).props).toEqual(outs);
    await q("REVOKE EXECUTE ON FUNCTION app.stats(uuid, int) FROM authenticated");
    expect(((await grant.read!(id, outs)).props as Props).privileges).toEqual([]);
    await q("DROP FUNCTION app.stats(uuid, int)");
    expect((await grant.read!(id, outs)).props).toBeUndefined();
    await grant.delete!(id, outs);
    await q("DROP FUNCTION app.stats(uuid)");
  });

  it("FunctionAccess: PUBLIC loses EXECUTE everywhere, API roles keep only declared functions, read reports a grant by hand", async () => {
    await q(`CREATE SCHEMA fa;
             CREATE FUNCTION fa.stamp() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
             CREATE FUNCTION fa.stats(p_user uuid) RETURNS int LANGUAGE sql AS 'SELECT 1';
             CREATE PROCEDURE fa.tidy(p_days integer) LANGUAGE sql AS 'SELECT 1';
             GRANT EXECUTE ON FUNCTION fa.stats(uuid) TO authenticated;
             GRANT EXECUTE ON FUNCTION fa.stamp() TO anon`);
    const access = pgProvider(functionAccessSpec);
    const can = async (role: string, fn: string) => (await q(`SELECT has_function_privilege($1, $2, 'EXECUTE') AS ok`, [role, fn]))[0]?.ok;
    expect(await can("anon", "fa.stats(uuid)")).toBe(true);
    const { id, outs } = await make(access, { schema: "fa", declared: [{ signature: "stats(uuid)", roles: ["authenticated"] }], after: ["001:abc"] });
    expect(outs.exposed).toEqual([]);
    expect(await can("anon", "fa.stats(uuid)")).toBe(false);
    expect(await can("anon", "fa.stamp()")).toBe(false);
    expect(await can("authenticated", "fa.stamp()")).toBe(false);
    expect(await can("authenticated", "fa.tidy(integer)")).toBe(false);
    expect(await can("authenticated", "fa.stats(uuid)")).toBe(true);
    expect((await access.read!(id, outs)).props).toMatchObject({ exposed: [] });
    const unchanged = (await access.read!(id, outs)).props as Props;
    expect(await access.diff!(id, unchanged, { ...outs, exposed: undefined })).toMatchObject({ changes: false });
    // A function added later (a new migration) or a grant by hand is drift; update closes it.
    await q("CREATE FUNCTION fa.later() RETURNS int LANGUAGE sql AS 'SELECT 3'; GRANT EXECUTE ON FUNCTION fa.stamp() TO anon");
    const drifted = (await access.read!(id, outs)).props as Props;
    expect(drifted.exposed).toEqual(['fa.later() to PUBLIC', 'fa.stamp() to "anon"']);
    expect(await access.diff!(id, drifted, outs)).toMatchObject({ changes: true });
    await access.update!(id, drifted, (await access.check!(outs, outs)).inputs);
    expect(await can("anon", "fa.later()")).toBe(false);
    expect(await can("anon", "fa.stamp()")).toBe(false);
    await access.delete!(id, outs);
    await q("DROP SCHEMA fa CASCADE");
    expect((await access.read!(id, outs)).props).toBeUndefined();
  });

  it("Grant: a privilege that does not apply fails check naming it", async () => {
    const grant = pgProvider(grantSpec);
    const bad = await grant.check!({}, { connection: db.url, role: "anon", objectType: "schema", schema: "app", privileges: ["SELECT"] });
    expect(bad.failures[0]).toMatchObject({ property: "privileges.0" });
  });

  it("DefaultPrivileges: applies to tables created later, revokes on delete", async () => {
    const defaults = pgProvider(defaultPrivilegesSpec);
    const { id, outs } = await make(defaults, { role: "service_role", owner: "postgres", schema: "app", objectType: "table", privileges: ["SELECT"] });
    await q("CREATE TABLE app.later (id int)");
    expect(await q("SELECT has_table_privilege('service_role', 'app.later', 'SELECT') AS ok")).toEqual([{ ok: true }]);
    expect((await defaults.read!(id, outs)).props).toMatchObject({ privileges: ["SELECT"] });
    await defaults.delete!(id, outs);
    await q("CREATE TABLE app.later2 (id int)");
    expect(await q("SELECT has_table_privilege('service_role', 'app.later2', 'SELECT') AS ok")).toEqual([{ ok: false }]);
  });

  it("RowLevelSecurity: enables, sees it disabled by hand, leaves it on at delete", async () => {
    const rls = pgProvider(rowLevelSecuritySpec);
    const { id, outs } = await make(rls, { schema: "app", table: "notes" });
    const state = async () => (await q("SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'app.notes'::regclass"))[0]?.on;
    expect(await state()).toBe(true);
    await q("ALTER TABLE app.notes DISABLE ROW LEVEL SECURITY");
    expect((await rls.read!(id, outs)).props).toMatchObject({ enabled: false });
    await rls.update!(id, outs, outs);
    expect(await state()).toBe(true);
    // Turning it off would show every row of the table, which is still there, to whoever holds a grant.
    await rls.delete!(id, outs);
    expect(await state()).toBe(true);
  });

  it("RlsPolicy: USING/roles change in place, command change replaces, hand edits are drift", async () => {
    const policy = pgProvider(rlsPolicySpec);
    const base = { schema: "app", table: "notes", name: "owners read", command: "SELECT", roles: ["authenticated"], using: "owner = (select auth.uid())" };
    const { id, outs } = await make(policy, base);
    expect((await policy.read!(id, outs)).props).toMatchObject({ using: base.using });
    expect((await policy.diff!(id, outs, await checkedInputs(policy, outs, base))).changes).toBe(false);

    const widened = await checkedInputs(policy, outs, { ...base, roles: ["authenticated", "anon"], using: "owner IS NOT NULL" });
    expect(await policy.diff!(id, outs, widened)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await policy.update!(id, outs, widened)).outs as Props;
    const [row] = await q("SELECT roles::text[] AS roles, qual FROM pg_policies WHERE policyname = 'owners read'");
    expect(row).toEqual({ roles: ["anon", "authenticated"], qual: "(owner IS NOT NULL)" });

    const asDelete = await checkedInputs(policy, updated, { ...base, command: "DELETE" });
    expect(await policy.diff!(id, updated, asDelete)).toMatchObject({ replaces: ["command"], deleteBeforeReplace: true });

    await q(`ALTER POLICY "owners read" ON app.notes USING (true)`);
    const drifted = (await policy.read!(id, updated)).props as Props;
    expect(drifted.using).toBe("true");
    expect((await policy.diff!(id, drifted, widened)).changes).toBe(true);

    await policy.delete!(id, updated);
    expect(await q("SELECT 1 FROM pg_policies WHERE policyname = 'owners read'")).toHaveLength(0);
  });

  it("RlsPolicy: an expression that does not parse, or smuggles a statement, fails check", async () => {
    const policy = pgProvider(rlsPolicySpec);
    const broken = await policy.check!({}, { connection: db.url, schema: "app", table: "notes", name: "p", command: "SELECT", using: "owner = = 1" });
    expect(broken.failures[0]).toMatchObject({ property: "using" });
    const smuggled = await policy.check!({}, { connection: db.url, schema: "app", table: "notes", name: "p", command: "SELECT", using: "true); DROP TABLE app.notes; SELECT (1" });
    expect(smuggled.failures[0]?.reason).toMatch(/single SQL expression/);
  });

  it("View: security_invoker by default, OR REPLACE when columns are added, replace when they change", async () => {
    const view = pgProvider(viewSpec);
    const base = { schema: "app", name: "note_list", definition: "SELECT id, body FROM app.notes" };
    const { id, outs } = await make(view, base);
    expect(await q("SELECT reloptions FROM pg_class WHERE oid = 'app.note_list'::regclass")).toEqual([
      { reloptions: ["security_invoker=true", "security_barrier=false"] },
    ]);
    expect((await view.read!(id, outs)).props).toMatchObject({ definition: base.definition, securityInvoker: true });

    const added = await checkedInputs(view, outs, { ...base, definition: "SELECT id, body, owner FROM app.notes" });
    expect(await view.diff!(id, outs, added)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await view.update!(id, outs, added)).outs as Props;

    const dropped = await checkedInputs(view, updated, { ...base, definition: "SELECT id FROM app.notes" });
    expect(await view.diff!(id, updated, dropped)).toMatchObject({ replaces: ["definition"], deleteBeforeReplace: true });

    await q("ALTER VIEW app.note_list SET (security_invoker = false)");
    expect((await view.read!(id, updated)).props).toMatchObject({ securityInvoker: false });
    await view.delete!(id, updated);
    expect(await q("SELECT 1 FROM pg_class WHERE relname = 'note_list'")).toHaveLength(0);
  });
});

describe("Migration", () => {
  const migration = pgProvider(migrationSpec);
  const file = (name: string, sql: string) => ({ name, checksum: checksum(sql), sql });
  const one = file("001_tables.sql", "CREATE TABLE IF NOT EXISTS shop.items (id int PRIMARY KEY, name text);");
  const two = file("002_more.sql", "CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY, item_id int REFERENCES shop.items);");

  beforeAll(async () => {
    await q("CREATE SCHEMA shop");
  });

  it("applies files in order, records them, adds new ones, refuses a changed one, notices a dropped table, cleans up", async () => {
    const base = { module: "shop", schema: "shop", directory: "sql/shop" };
    const { id, outs } = await make(migration, { ...base, files: [one] });
    expect(await q("SELECT module, name, checksum FROM supastack.migrations")).toEqual([{ module: "shop", name: "001_tables.sql", checksum: one.checksum }]);
    // The state keeps each file's name and checksum, not its text; the same files are no change.
    expect(outs.files).toEqual([{ name: one.name, checksum: one.checksum }]);
    expect(await migration.diff!(id, outs, await checkedInputs(migration, outs, { ...base, files: [one] }))).toEqual({ changes: false });

    const withTwo = await checkedInputs(migration, outs, { ...base, files: [one, two] });
    expect(await migration.diff!(id, outs, withTwo)).toMatchObject({ changes: true, replaces: [] });
    const v2 = (await migration.update!(id, outs, withTwo)).outs as Props;
    expect(await q("SELECT name FROM supastack.migrations ORDER BY name")).toEqual([{ name: "001_tables.sql" }, { name: "002_more.sql" }]);

    const edited = file("001_tables.sql", "CREATE TABLE IF NOT EXISTS shop.items (id bigint PRIMARY KEY);");
    const refused = await migration.check!(v2, { connection: db.url, ...base, files: [edited, two] });
    expect(refused.failures[0]?.reason).toMatch(/sql\/shop\/001_tables\.sql changed after it was applied/);

    await q("DROP TABLE shop.orders");
    const refreshed = (await migration.read!(id, v2)).props as Props & { applied: { name: string }[] };
    expect(refreshed.applied.map((a) => a.name)).toEqual(["001_tables.sql"]);
    const again = await checkedInputs(migration, refreshed, { ...base, files: [one, two] });
    expect((await migration.diff!(id, refreshed, again)).changes).toBe(true);
    const restored = (await migration.update!(id, refreshed, again)).outs as Props & { cliHistory: string[] };
    expect(await q("SELECT to_regclass('shop.orders')::text AS t")).toEqual([{ t: "shop.orders" }]);

    // Each applied file has its row in the Supabase CLI's history, kept when its file runs again;
    // a row removed by hand (supabase migration repair --status reverted) is drift, written again by update.
    const history = await q("SELECT version, name, statements FROM supabase_migrations.schema_migrations ORDER BY version");
    expect(history.map((r) => r.name)).toEqual(["supastack_shop_001_tables", "supastack_shop_002_more"]);
    expect(history.map((r) => r.statements)).toEqual([[one.sql], [two.sql]]);
    expect(restored.cliHistory).toEqual(history.map((r) => r.version));
    await q(`DELETE FROM supabase_migrations.schema_migrations WHERE version = '${restored.cliHistory[1]}'`);
    const reverted = (await migration.read!(id, restored)).props as Props;
    expect((await migration.diff!(id, reverted, await checkedInputs(migration, reverted, { ...base, files: [one, two] }))).changes).toBe(true);
    const rewritten = (await migration.update!(id, reverted, await checkedInputs(migration, reverted, { ...base, files: [one, two] }))).outs as Props;
    expect(await q("SELECT version, name, statements FROM supabase_migrations.schema_migrations ORDER BY version")).toEqual(history);

    await migration.delete!(id, rewritten);
    // delete leaves the CLI's table (the CLI's own), without the module's rows.
    expect(await q("SELECT count(*)::int AS n FROM supabase_migrations.schema_migrations")).toEqual([{ n: 0 }]);
    expect(await q("SELECT to_regclass('shop.orders') AS a, to_regclass('shop.items') AS b, to_regnamespace('supastack') AS c")).toEqual([{ a: null, b: null, c: null }]);
  });

  it("names the file and line that fail, and a malformed file fails check", async () => {
    const broken = file("001_bad.sql", "CREATE TABLE shop.x (id int);\nCREATE TABL shop.y (id int);");
    const checked = await migration.check!({}, { connection: db.url, module: "bad", schema: "shop", directory: "sql/bad", files: [broken] });
    expect(checked.failures[0]?.reason).toMatch(/sql\/bad\/001_bad\.sql: syntax error at or near "TABL" \(line 2\)/);

    const failing = file("001_missing.sql", "SELECT 1;\nINSERT INTO shop.nope VALUES (1);");
    await expect(migration.create({ connection: db.url, module: "bad2", schema: "shop", directory: "sql/bad2", files: [failing] })).rejects.toThrow(
      /sql\/bad2\/001_missing\.sql failed: relation "shop.nope" does not exist \(line 2\)/,
    );
  });
});
