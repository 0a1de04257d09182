// The embedded local database: initialise + start, start again (harmless), a clear message for a
// port in use, and its Supabase shape: supabase_admin the bootstrap superuser, postgres with
// Supabase's attributes and not a superuser, the API roles, auth owned by supabase_admin with
// GoTrue's tables owned by supabase_auth_admin, auth.uid()/role()/email()/jwt() reading the JWT
// claims, extensions on postgres's search_path, what postgres may and may not do; an instance made
// by an earlier version is refused with the command that recreates it; stop.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminConnectionUrl, connectionUrl, instanceDir, isRunning, readInstance, startLocal, stopLocal } from "../local/instance";
import { withClient } from "../providers/postgres/client";
import { projectRoot } from "../local/paths";

const dir = path.join(projectRoot(), ".supastack", `test-local-${process.pid}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function instance() {
  const i = readInstance();
  if (!i) throw new Error("no instance");
  return i;
}

/** The error PostgreSQL raised, as "<code>: <message> <detail>", or "ok". */
async function attempt(url: string, sql: string): Promise<string> {
  return withClient(url, async (c) => {
    try {
      await c.query(sql);
      return "ok";
    } catch (error) {
      const e = error as { code?: string; message: string; detail?: string };
      return `${e.code}: ${e.message}${e.detail ? ` ${e.detail}` : ""}`;
    }
  });
}

describe("supastack local", () => {
  let port: number;
  beforeAll(async () => {
    process.env.SUPASTACK_STATE_DIR = dir;
    port = await freePort();
  });
  afterAll(() => {
    stopLocal();
    delete process.env.SUPASTACK_STATE_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts, and starting again is harmless", async () => {
    const first = await startLocal({ port });
    expect(first.started).toBe(true);
    const again = await startLocal();
    expect(again.started).toBe(false);
    expect(again.instance.port).toBe(port);
    expect(isRunning(again.instance)).toBe(true);
    expect(new URL(connectionUrl(again.instance)).username).toBe("postgres");
    expect(new URL(adminConnectionUrl(again.instance)).username).toBe("supabase_admin");
  });

  it("has Supabase's roles: supabase_admin the superuser, postgres demoted, the API roles, authenticator, supabase_auth_admin", async () => {
    const rows = await withClient(connectionUrl(instance()), async (c) => {
      const roles = await c.query(
        `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit, rolcanlogin FROM pg_roles
          WHERE rolname IN ('supabase_admin', 'postgres', 'anon', 'authenticated', 'service_role', 'authenticator', 'supabase_auth_admin') ORDER BY 1`,
      );
      const members = async (role: string) =>
        (
          await c.query(
            `SELECT r.rolname, m.admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
              WHERE m.member = $1::regrole AND r.rolname IN ('anon', 'authenticated', 'service_role', 'supabase_auth_admin', 'supabase_admin') ORDER BY 1`,
            [role],
          )
        ).rows;
      const bootstrapSuperuser = await c.query("SELECT rolname FROM pg_roles WHERE oid = 10");
      const searchPath = await c.query("SHOW search_path");
      return {
        roles: roles.rows,
        authenticator: await members("authenticator"),
        postgres: await members("postgres"),
        bootstrapSuperuser: bootstrapSuperuser.rows[0]?.rolname,
        searchPath: searchPath.rows[0]?.search_path,
      };
    });
    const flags = (rolsuper: boolean, rolcreaterole: boolean, rolcreatedb: boolean, rolreplication: boolean, rolbypassrls: boolean, rolinherit: boolean, rolcanlogin: boolean) => ({
      rolsuper,
      rolcreaterole,
      rolcreatedb,
      rolreplication,
      rolbypassrls,
      rolinherit,
      rolcanlogin,
    });
    expect(rows.roles).toEqual([
      { rolname: "anon", ...flags(false, false, false, false, false, true, false) },
      { rolname: "authenticated", ...flags(false, false, false, false, false, true, false) },
      { rolname: "authenticator", ...flags(false, false, false, false, false, false, true) },
      { rolname: "postgres", ...flags(false, true, true, true, true, true, true) },
      { rolname: "service_role", ...flags(false, false, false, false, true, true, false) },
      { rolname: "supabase_admin", ...flags(true, true, true, true, true, true, true) },
      { rolname: "supabase_auth_admin", ...flags(false, false, false, false, false, false, true) },
    ]);
    expect(rows.bootstrapSuperuser).toBe("supabase_admin");
    expect(rows.authenticator).toEqual([
      { rolname: "anon", admin_option: false },
      { rolname: "authenticated", admin_option: false },
      { rolname: "service_role", admin_option: false },
    ]);
    expect(rows.postgres).toEqual([
      { rolname: "anon", admin_option: true },
      { rolname: "authenticated", admin_option: true },
      { rolname: "service_role", admin_option: true },
    ]);
    expect(rows.searchPath).toBe('"$user", public, extensions');
  });

  it("refuses postgres what needs a superuser, as Supabase does", async () => {
    const url = connectionUrl(instance());
    expect(await attempt(url, "ALTER ROLE postgres NOSUPERUSER")).toMatch(/^42501: .*Only roles with the SUPERUSER attribute may change the SUPERUSER attribute/);
    expect(await attempt(url, "ALTER ROLE postgres SUPERUSER")).toMatch(/^42501: /);
    expect(await attempt(url, "CREATE LANGUAGE plpython3u")).toMatch(/^42501: |^58P01: /);
    expect(await attempt(url, "SET session_replication_role = replica")).toMatch(/^42501: /);
    // The auth tables are supabase_auth_admin's: postgres writes rows, but cannot change the tables.
    expect(await attempt(url, "ALTER TABLE auth.users ADD COLUMN x int")).toMatch(/^42501: must be owner of table users/);
    // ...though it holds TRIGGER on them (ALL, demote-postgres), so the documented
    // "on_auth_user_created" trigger pattern works, as on Supabase.
    expect(await attempt(url, "BEGIN; CREATE TRIGGER t BEFORE UPDATE ON auth.users FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger(); ROLLBACK")).toBe("ok");
    expect(await attempt(url, "CREATE TABLE auth.mine (id int)")).toMatch(/^42501: permission denied for schema auth/);
    expect(
      await attempt(
        url,
        `BEGIN; INSERT INTO auth.users (id, email) VALUES ('6f1d4c2e-0000-4000-8000-0000000000aa', 'probe@example.com');
         UPDATE auth.users SET email = 'probe2@example.com' WHERE id = '6f1d4c2e-0000-4000-8000-0000000000aa';
         DELETE FROM auth.users WHERE id = '6f1d4c2e-0000-4000-8000-0000000000aa'; ROLLBACK`,
      ),
    ).toBe("ok");
    // What postgres may do as on Supabase: create in public and its own schemas, trusted extensions
    // in extensions (rolled back).
    expect(await attempt(url, "BEGIN; CREATE SCHEMA probe; CREATE TABLE public.probe (id int); CREATE EXTENSION pg_trgm WITH SCHEMA extensions; ROLLBACK")).toBe("ok");
  });

  it("has GoTrue's auth.users and auth.identities, owned by supabase_auth_admin in a schema supabase_admin owns", async () => {
    const shape = await withClient(connectionUrl(instance()), async (c) => {
      const owners = await c.query(
        `SELECT c.relname, c.relowner::regrole::text AS owner, c.relrowsecurity FROM pg_class c
          WHERE c.relnamespace = 'auth'::regnamespace AND c.relkind = 'r' ORDER BY 1`,
      );
      const schemaOwner = await c.query("SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'auth'");
      const columns = await c.query(
        `SELECT table_name, column_name, is_nullable, is_generated, column_default FROM information_schema.columns
          WHERE table_schema = 'auth' ORDER BY table_name, ordinal_position`,
      );
      const constraints = await c.query(
        `SELECT conrelid::regclass::text AS t, conname, contype FROM pg_constraint WHERE connamespace = 'auth'::regnamespace ORDER BY 1, 2`,
      );
      const functions = await c.query(
        `SELECT p.proname, p.proowner::regrole::text AS owner, p.proconfig FROM pg_proc p WHERE p.pronamespace = 'auth'::regnamespace ORDER BY 1`,
      );
      const extensions = await c.query(`SELECT e.extname, e.extnamespace::regnamespace::text AS schema FROM pg_extension e WHERE extname IN ('pgcrypto', 'uuid-ossp') ORDER BY 1`);
      return { owners: owners.rows, schemaOwner: schemaOwner.rows[0]?.owner, columns: columns.rows, constraints: constraints.rows, functions: functions.rows, extensions: extensions.rows };
    });
    expect(shape.schemaOwner).toBe("supabase_admin");
    expect(shape.owners).toEqual([
      { relname: "identities", owner: "supabase_auth_admin", relrowsecurity: true },
      { relname: "users", owner: "supabase_auth_admin", relrowsecurity: true },
    ]);
    const users = shape.columns.filter((c) => c.table_name === "users");
    expect(users.map((c) => c.column_name)).toEqual(
      expect.arrayContaining([
        "instance_id", "id", "aud", "role", "email", "encrypted_password", "email_confirmed_at", "invited_at", "confirmation_token",
        "confirmation_sent_at", "recovery_token", "recovery_sent_at", "email_change_token_new", "email_change", "email_change_sent_at",
        "last_sign_in_at", "raw_app_meta_data", "raw_user_meta_data", "is_super_admin", "created_at", "updated_at", "phone",
        "phone_confirmed_at", "phone_change", "phone_change_token", "phone_change_sent_at", "confirmed_at", "email_change_token_current",
        "email_change_confirm_status", "banned_until", "reauthentication_token", "reauthentication_sent_at", "is_sso_user", "deleted_at", "is_anonymous",
      ]),
    );
    expect(users.find((c) => c.column_name === "confirmed_at")?.is_generated).toBe("ALWAYS");
    expect(users.find((c) => c.column_name === "is_anonymous")).toMatchObject({ is_nullable: "NO", column_default: "false" });
    const identities = shape.columns.filter((c) => c.table_name === "identities");
    expect(identities.map((c) => c.column_name)).toEqual(["provider_id", "user_id", "identity_data", "provider", "last_sign_in_at", "created_at", "updated_at", "email", "id"]);
    expect(identities.find((c) => c.column_name === "email")?.is_generated).toBe("ALWAYS");
    expect(shape.constraints).toEqual(
      expect.arrayContaining([
        { t: "auth.users", conname: "users_pkey", contype: "p" },
        { t: "auth.users", conname: "users_phone_key", contype: "u" },
        { t: "auth.identities", conname: "identities_pkey", contype: "p" },
        { t: "auth.identities", conname: "identities_provider_id_provider_unique", contype: "u" },
        { t: "auth.identities", conname: "identities_user_id_fkey", contype: "f" },
      ]),
    );
    expect(shape.functions).toEqual(
      ["email", "jwt", "role", "uid"].map((proname) => ({ proname, owner: "supabase_auth_admin", proconfig: ['search_path=""'] })),
    );
    expect(shape.extensions).toEqual([
      { extname: "pgcrypto", schema: "extensions" },
      { extname: "uuid-ossp", schema: "extensions" },
    ]);
  });

  it("reads the JWT claims in auth.uid()/role()/email()/jwt() as the API roles; they see no auth rows", async () => {
    const rows = await withClient(connectionUrl(instance()), async (c) => {
      await c.query("BEGIN");
      await c.query(`SELECT set_config('request.jwt.claims', '{"sub":"6f1d4c2e-0000-4000-8000-000000000001","role":"authenticated","email":"a@example.com"}', true)`);
      await c.query("SET LOCAL ROLE authenticated");
      const who = await c.query("SELECT auth.uid()::text AS uid, auth.role() AS role, auth.email() AS email, auth.jwt() ->> 'sub' AS sub, current_user AS me");
      const denied = await c.query("SELECT has_table_privilege('auth.users', 'SELECT') AS can_select");
      await c.query("ROLLBACK");
      const nobody = await c.query("SELECT auth.uid() AS uid");
      return { who: who.rows[0], denied: denied.rows[0], nobody: nobody.rows[0] };
    });
    expect(rows.who).toEqual({ uid: "6f1d4c2e-0000-4000-8000-000000000001", role: "authenticated", email: "a@example.com", sub: "6f1d4c2e-0000-4000-8000-000000000001", me: "authenticated" });
    expect(rows.denied).toEqual({ can_select: false });
    expect(rows.nobody).toEqual({ uid: null });
  });

  it("gives new objects postgres makes in public to nobody but postgres by default (Supabase since 2026)", async () => {
    const privileges = await withClient(connectionUrl(instance()), async (c) => {
      await c.query("BEGIN");
      await c.query("CREATE TABLE public.fresh (id int)");
      const { rows } = await c.query(
        `SELECT r AS role, has_table_privilege(r, 'public.fresh', 'SELECT') AS can_select, has_table_privilege(r, 'public.fresh', 'INSERT') AS can_insert
           FROM unnest(ARRAY['anon', 'authenticated', 'service_role']) r ORDER BY 1`,
      );
      await c.query("ROLLBACK");
      return rows;
    });
    expect(privileges).toEqual(["anon", "authenticated", "service_role"].map((role) => ({ role, can_select: false, can_insert: false })));
  });

  it("names a port already in use", async () => {
    stopLocal();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      await expect(startLocal()).rejects.toThrow(new RegExp(`port ${port} is already in use on 127.0.0.1.*--port`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("stops", async () => {
    await startLocal();
    expect(stopLocal()).toBe(true);
    expect(stopLocal()).toBe(false);
  });

  it("refuses an instance made by an earlier version (postgres the superuser), saying what to run", async () => {
    const file = path.join(instanceDir(), "instance.json");
    const current = JSON.parse(fs.readFileSync(file, "utf8"));
    const { adminUser: _u, adminPassword: _p, ...earlier } = current;
    fs.writeFileSync(file, JSON.stringify(earlier));
    try {
      await expect(startLocal()).rejects.toThrow(/made by an earlier supastack, where postgres was a superuser.*supastack local stop && rm -rf .*local && npm start/);
    } finally {
      fs.writeFileSync(file, JSON.stringify(current));
    }
  });
});
