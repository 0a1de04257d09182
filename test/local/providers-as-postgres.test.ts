// Role and Extension as postgres on a Supabase-shaped database (postgres is not a superuser):
// Role names only the attributes that change (a non-superuser is refused any SUPERUSER/NOSUPERUSER
// word), and an Extension without a schema goes to `extensions`, as Supabase keeps them.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { extensionSpec } from "../../providers/postgres/providers/extension";
import { planAlterRole, planCreateRole, roleSchema, roleSpec, type RoleInputs } from "../../providers/postgres/providers/role";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

type Props = Record<string, unknown>;
let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;
const name = `probe_${crypto.randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  db = await createTestDatabase("providers_as_postgres");
});
afterAll(async () => {
  await q(`DROP ROLE IF EXISTS ${name}`).catch(() => undefined);
  await db?.drop();
});

const inputs = (extra: Partial<RoleInputs> = {}): RoleInputs => roleSchema.parse({ connection: "postgresql://x@h/d", name: "r", ...extra });

describe("Role planning", () => {
  it("creates with only the attributes that differ from PostgreSQL's defaults", () => {
    expect(planCreateRole(inputs())).toEqual(['CREATE ROLE "r"']);
    expect(planCreateRole(inputs({ login: true, password: "p'w", roles: ["anon"] }))).toEqual([`CREATE ROLE "r" WITH LOGIN PASSWORD 'p''w'`, 'GRANT "anon" TO "r"']);
    expect(planCreateRole(inputs({ inherit: false, bypassRowLevelSecurity: true, connectionLimit: 3 }))).toEqual(['CREATE ROLE "r" WITH NOINHERIT BYPASSRLS CONNECTION LIMIT 3']);
  });

  it("alters only what changes, never naming SUPERUSER unless it changes", () => {
    expect(planAlterRole(inputs({ login: true }), inputs({ login: false }))).toEqual(['ALTER ROLE "r" WITH NOLOGIN']);
    expect(planAlterRole(inputs(), inputs())).toEqual([]);
    expect(planAlterRole(inputs({ superuser: true }), inputs())).toEqual(['ALTER ROLE "r" WITH NOSUPERUSER']);
    expect(planAlterRole(inputs({ connectionLimit: 2 }), inputs({ connectionLimit: 2, createRole: true }))).toEqual(['ALTER ROLE "r" WITH CREATEROLE']);
  });
});

describe("Role and Extension as postgres", () => {
  it("creates and alters a role as postgres, and is refused SUPERUSER as on Supabase", async () => {
    const role = pgProvider(roleSpec);
    const checked = await role.check!({}, { connection: db.url, name, login: true, roles: ["authenticated"] });
    expect(checked.failures).toEqual([]);
    const created = await role.create(checked.inputs);
    const news = (await role.check!(created.outs, { connection: db.url, name, login: false, roles: ["authenticated"] })).inputs;
    await role.update!(created.id, created.outs as Props, news);
    expect(await q("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1", [name])).toEqual([{ rolcanlogin: false, rolsuper: false }]);

    const superuser = (await role.check!(created.outs, { connection: db.url, name, superuser: true, roles: ["authenticated"] })).inputs;
    await expect(role.update!(created.id, news as Props, superuser)).rejects.toThrow(/permission denied to alter role|SUPERUSER/);
    await role.delete!(created.id, news as Props);
    expect(await q("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).toHaveLength(0);
  });

  it("puts an extension without a schema in extensions", async () => {
    const extension = pgProvider(extensionSpec);
    const checked = await extension.check!({}, { connection: db.url, name: "pg_trgm" });
    expect(checked.failures).toEqual([]);
    const created = await extension.create(checked.inputs);
    expect(await q("SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'")).toEqual([{ schema: "extensions" }]);
    expect((created.outs as Props).adopted).toBe(false);
    await extension.delete!(created.id, created.outs as Props);
    expect(await q("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).toHaveLength(0);
  });
});
