// The embedded local database: initialise + start, start again (harmless), a clear message for a
// port in use, the Supabase bootstrap (roles, auth functions reading JWT claims), stop.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionUrl, isRunning, readInstance, startLocal, stopLocal } from "../stacks/local/instance";
import { withClient } from "../stacks/postgres/client";
import { projectRoot } from "../stacks/paths";

const dir = path.join(projectRoot(), ".supastack", `test-local-${process.pid}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
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
  });

  it("is Supabase-compatible: API roles, auth.uid()/role()/jwt() from the JWT claims", async () => {
    const instance = readInstance();
    if (!instance) throw new Error("no instance");
    const rows = await withClient(connectionUrl(instance), async (c) => {
      const roles = await c.query(
        `SELECT rolname, rolbypassrls, rolinherit, rolcanlogin FROM pg_roles
          WHERE rolname IN ('anon', 'authenticated', 'service_role', 'authenticator') ORDER BY 1`,
      );
      const members = await c.query(
        `SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
          WHERE m.member = 'authenticator'::regrole ORDER BY 1`,
      );
      await c.query("BEGIN");
      await c.query(`SELECT set_config('request.jwt.claims', '{"sub":"6f1d4c2e-0000-4000-8000-000000000001","role":"authenticated","email":"a@b.co"}', true)`);
      await c.query("SET LOCAL ROLE authenticated");
      const who = await c.query("SELECT auth.uid()::text AS uid, auth.role() AS role, auth.email() AS email, auth.jwt() ->> 'sub' AS sub");
      await c.query("ROLLBACK");
      const nobody = await c.query("SELECT auth.uid() AS uid");
      return { roles: roles.rows, members: members.rows.map((r) => r.rolname), who: who.rows[0], nobody: nobody.rows[0] };
    });
    expect(rows.roles).toEqual([
      { rolname: "anon", rolbypassrls: false, rolinherit: true, rolcanlogin: false },
      { rolname: "authenticated", rolbypassrls: false, rolinherit: true, rolcanlogin: false },
      { rolname: "authenticator", rolbypassrls: false, rolinherit: false, rolcanlogin: true },
      { rolname: "service_role", rolbypassrls: true, rolinherit: true, rolcanlogin: false },
    ]);
    expect(rows.members).toEqual(["anon", "authenticated", "service_role"]);
    expect(rows.who).toEqual({ uid: "6f1d4c2e-0000-4000-8000-000000000001", role: "authenticated", email: "a@b.co", sub: "6f1d4c2e-0000-4000-8000-000000000001" });
    expect(rows.nobody).toEqual({ uid: null });
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
});
