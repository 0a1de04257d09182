// kill -9 of `supastack up` (the whole process group, as a cancelled CI job's) at several points of
// a five-module apply onto a database shaped like a real Supabase project that already holds rows
// (the application's tables in public, its users in auth.users), on a stack that keeps its rows
// (target url). Each time the documented recovery (`supastack cancel -s <stack>`, then `up`) ends
// with the stack converged (`preview --expect-no-changes` exits 0), `verify` clean and every
// pre-existing table's checksum unchanged; then the same for a run killed while it applies new
// migration files to modules whose tables hold seeded rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { fingerprintSchemas, type TableFingerprint } from "../../providers/postgres/rows";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import { moduleSqlDir } from "../../modules/files";
import { root } from "../supabase/cli";
import { type UrlStack, urlStack } from "./url-stack";

let s: UrlStack;
const count = async (sql: string): Promise<number> =>
  withClient(s.db.url, async (c) => Number((await c.query(sql)).rows[0]?.n ?? 0)).catch(() => 0);
const prints = (schemas: string[]): Promise<Map<string, TableFingerprint>> => withClient(s.db.url, (c) => fingerprintSchemas(c, schemas));
const SCHEMAS = MODULE_NAMES.map((m) => builtinModule(m).schema);
const migrationsRecorded = () => count("SELECT count(*) AS n FROM supastack.migrations");
const modulePolicies = () => count(`SELECT count(*) AS n FROM pg_policies WHERE schemaname IN (${SCHEMAS.map((x) => `'${x}'`).join(", ")})`);

/** `supastack up`, its whole process group killed (SIGKILL) once `when` holds; true if it was killed. */
async function upKilledWhen(when: () => Promise<boolean>, env: Record<string, string> = {}): Promise<{ killed: boolean; output: string }> {
  let kill: (() => void) | undefined;
  let killed = false;
  let done = false;
  const running = s.run(["up", "--stack", s.name], (_out, k) => (kill = k), env).then((r) => {
    done = true;
    return r;
  });
  while (!done && !killed) {
    if (kill && (await when())) {
      killed = true;
      kill();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const run = await running;
  return { killed: killed && run.signal === "SIGKILL", output: run.output };
}

/** The documented recovery: the next up names the stale lock and the command; cancel; up again. */
async function recover(env: Record<string, string> = {}): Promise<void> {
  const blocked = await s.run(["up", "--stack", s.name], undefined, env);
  expect(blocked.code, blocked.output).toBe(1);
  const command = /clear it with: (supastack cancel -s \S+)/.exec(blocked.output)?.[1];
  expect(command, blocked.output).toBe(`supastack cancel -s ${s.name}`);
  const cancel = await s.run((command as string).split(" ").slice(1));
  expect(cancel.code, cancel.output).toBe(0);
}

async function expectConverged(env: Record<string, string> = {}): Promise<void> {
  const up = await s.run(["up", "--stack", s.name], undefined, env);
  expect(up.code, up.output).toBe(0);
  const preview = await s.run(["preview", "--stack", s.name, "--expect-no-changes"], undefined, env);
  expect(preview.code, preview.output).toBe(0);
  const verify = await s.run(["verify", "--stack", s.name]);
  expect(verify.code, verify.output).toBe(0);
  expect(verify.output).toMatch(/clean \(22 tables/);
}

beforeAll(async () => {
  s = await urlStack("killed", MODULE_NAMES);
  // The application's own data, as a real project has it before supastack manages it.
  await withClient(s.db.url, (c) =>
    c.query(`
      INSERT INTO auth.users (id, email) SELECT gen_random_uuid(), 'customer' || i || '@example.com' FROM generate_series(1, 50) i;
      CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL, user_id uuid REFERENCES auth.users (id));
      INSERT INTO public.customers SELECT i, 'customer ' || i, (SELECT id FROM auth.users ORDER BY email LIMIT 1 OFFSET (i % 50)) FROM generate_series(1, 2000) i;
      CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES public.customers, total numeric(10, 2), placed_at timestamptz DEFAULT now());
      INSERT INTO public.orders SELECT i, 1 + i % 2000, i * 1.25, '2026-01-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, 5000) i;
      ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY; ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;`),
  );
});
afterAll(async () => {
  await s?.dispose();
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("kill -9 of up on a database that holds rows", () => {
  it("recovers from kills at several points of a five-module apply, and of new migrations over seeded rows", { timeout: 900_000 }, async () => {
    const existing = await prints(["public", "auth"]);
    expect(existing.get("public.orders")?.rows).toBe(5000);

    // Killed while the first modules' migrations are being applied.
    const early = await upKilledWhen(async () => (await migrationsRecorded()) >= 2);
    expect(early.killed, early.output).toBe(true);
    await recover();
    // Killed again in the middle of the next apply: policies half made.
    const middle = await upKilledWhen(async () => (await modulePolicies()) >= 20);
    expect(middle.killed, middle.output).toBe(true);
    await recover();
    await expectConverged();
    expect(await prints(["public", "auth"])).toEqual(existing);

    // The modules' tables now hold rows (a seed), and new migration files are applied to every module.
    const seed = await s.run(["seed", "--stack", s.name, "--profile", "dev"]);
    expect(seed.code, seed.output).toBe(0);
    const seeded = await prints(["public", ...SCHEMAS]);
    expect([...seeded.values()].filter((t) => SCHEMAS.includes(t.schema) && t.rows > 0).length).toBeGreaterThan(15);
    const sqlDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-"));
    try {
      for (const m of MODULE_NAMES) {
        fs.cpSync(moduleSqlDir(m, root), path.join(sqlDir, m), { recursive: true });
        fs.writeFileSync(path.join(sqlDir, m, "900_kill_probe.sql"), `COMMENT ON SCHEMA ${builtinModule(m).schema} IS 'applied after a kill';\n`);
      }
      const env = { SUPASTACK_SQL_DIR: sqlDir };
      const before = await migrationsRecorded();
      const late = await upKilledWhen(async () => (await migrationsRecorded()) >= before + 2, env);
      expect(late.killed, late.output).toBe(true);
      await recover(env);
      await expectConverged(env);
      expect(await migrationsRecorded()).toBe(before + MODULE_NAMES.length);
    } finally {
      fs.rmSync(sqlDir, { recursive: true, force: true });
    }
    expect(await prints(["public", ...SCHEMAS])).toEqual(seeded);
  });
});
