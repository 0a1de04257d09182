// Bulk loading (seeds/engine/bulk.ts) against a real PostgreSQL, as the non-superuser postgres:
// every index, constraint and trigger is exactly as declared afterwards, verify finds nothing new,
// and a seed killed (SIGKILL) or interrupted (SIGINT) in the middle of the index rebuild leaves the
// tables empty and the declared schema in place.
import { MODULE_NAMES, presentModules, seedersOf } from "../../modules/catalog";
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { prepareBulk } from "../../seeds/engine/bulk";
import { verifyDatabase } from "../../verify/verify";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";
import { EPOCH } from "../../seedkit/volumes";

const MODULES = MODULE_NAMES;
const root = path.resolve(__dirname, "..", "..");

/** Everything declared on the modules' and auth's tables, by name and definition. */
async function catalogSnapshot(url: string) {
  return withClient(url, async (c) => {
    const schemas = [...MODULES, "auth"];
    const indexes = await c.query("SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ANY ($1) ORDER BY 1, 2, 3", [schemas]);
    const constraints = await c.query(
      `SELECT n.nspname, t.relname, k.conname, k.contype, k.convalidated, k.condeferrable, k.condeferred, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ANY ($1) ORDER BY 1, 2, 3`,
      [schemas],
    );
    const triggers = await c.query(
      `SELECT n.nspname, t.relname, g.tgname, g.tgenabled, pg_get_triggerdef(g.oid) AS def
         FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ANY ($1) AND NOT g.tgisinternal ORDER BY 1, 2, 3`,
      [schemas],
    );
    // The foreign keys' internal triggers: their names carry OIDs, so count them per table and kind.
    const internal = await c.query(
      `SELECT n.nspname, t.relname, g.tgtype, g.tgenabled, count(*)::int AS n
         FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ANY ($1) AND g.tgisinternal GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [schemas],
    );
    return { indexes: indexes.rows, constraints: constraints.rows, triggers: triggers.rows, internal: internal.rows };
  });
}

async function moduleRows(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY ($1)`,
      [[...MODULES, "auth"]],
    );
    let total = 0;
    for (const { t } of rows) {
      const [schema, table] = String(t).split(".");
      total += Number((await c.query(`SELECT count(*) AS n FROM "${schema}"."${table}"`)).rows[0]?.n);
    }
    return total;
  });
}

let db: TestDatabase;
let declared: Awaited<ReturnType<typeof catalogSnapshot>>;

beforeAll(async () => {
  db = await createTestDatabase("bulk");
  await applyModuleSql(db.url, MODULES);
  declared = await catalogSnapshot(db.url);
});
afterAll(async () => {
  await db?.drop();
});

/** Runs `supastack seed` paused after the first rebuild statement; resolves once it is there. */
function pausedSeed(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "dist", "cli", "main.js"), "seed", "--database-url", url, "--profile", "dev", "--seed", "4"], {
    cwd: root,
    env: { ...process.env, SUPASTACK_SEED_PAUSE: "rebuild" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
      if (err.includes("paused in the index rebuild")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`seed exited (${code}) before reaching the index rebuild: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
}

/** How many tables the seed's open transactions hold ACCESS EXCLUSIVE (read without waiting on them). */
async function rebuildLocks(url: string): Promise<number> {
  const { rows } = await withClient(url, (c) =>
    c.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE a.application_name = 'supastack seed' AND a.datname = current_database() AND l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'`,
    ),
  );
  return rows[0]?.n ?? 0;
}

/** Waits until no backend of the seed is left (the server has rolled its transactions back). */
async function seedBackendsGone(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await withClient(url, (c) => c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'supastack seed' AND datname = current_database()"));
    if (rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the killed seed's backends are still there");
}

describe("bulk loading", () => {
  it("plans drops only for owned, empty tables and keeps auth's tables and their foreign keys", async () => {
    await withClient(db.url, async (c) => {
      await c.query("BEGIN");
      try {
        const plan = await prepareBulk(c, ["auth.users", "support.users", "support.conversations", "support.messages"]);
        expect(plan.tables).toEqual(["support.users", "support.conversations", "support.messages"]);
        expect(plan.drop.some((s) => s.includes('"auth"'))).toBe(false);
        expect(plan.drop.some((s) => /^DROP INDEX "support"\./.test(s))).toBe(true);
        expect(plan.rebuild.some((s) => /FOREIGN KEY .* REFERENCES support\.conversations/.test(s))).toBe(true);
        expect(plan.rebuild.some((s) => /REFERENCES auth\.users/.test(s))).toBe(false);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("a SIGKILL in the middle of the index rebuild leaves the tables empty and every index and constraint in place", async () => {
    const child = await pausedSeed(db.url);
    // The open transaction has dropped keys and indexes: it holds ACCESS EXCLUSIVE locks on tables.
    expect(await rebuildLocks(db.url)).toBeGreaterThan(0);
    const done = exited(child);
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    await seedBackendsGone(db.url);
    expect(await moduleRows(db.url)).toBe(0);
    expect(await catalogSnapshot(db.url)).toEqual(declared);
  });

  it("Ctrl-C (SIGINT) in the middle of the index rebuild rolls everything back", async () => {
    const child = await pausedSeed(db.url);
    const done = exited(child);
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/interrupted/);
    await seedBackendsGone(db.url);
    expect(await moduleRows(db.url)).toBe(0);
    expect(await catalogSnapshot(db.url)).toEqual(declared);
  });

  it("leaves every index, constraint and trigger exactly as declared, and verify finds nothing new", async () => {
    const before = await verifyDatabase(db.url, MODULES);
    const result = await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 4, now: EPOCH, quiet: true });
    expect(result.rows).toBeGreaterThan(10_000);
    expect(await catalogSnapshot(db.url)).toEqual(declared);
    const after = await verifyDatabase(db.url, MODULES);
    expect(after.findings).toEqual(before.findings);
    expect(after.checked).toEqual(before.checked);
    // A second seed finds the tables full: no bulk plan, the keys refuse the duplicates as before.
    await expect(seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 4, now: EPOCH, quiet: true })).rejects.toThrow(/already has a row/);
    expect(await catalogSnapshot(db.url)).toEqual(declared);
  });

  it("gives the same bytes with and without bulk loading (and with --reset)", async () => {
    const sums = async (url: string) =>
      withClient(url, async (c) => {
        const out: Record<string, string> = {};
        for (const t of ["support.messages", "contact_center.interactions", "agentflow.messages", "voice.test_calls", "jobs.jobs"]) {
          out[t] = (await c.query(`SELECT md5(string_agg(x::text, '|' ORDER BY x.id)) AS h FROM ${t} x`)).rows[0]?.h;
        }
        return out;
      });
    const bulkSums = await sums(db.url);
    const plain = await createTestDatabase("bulk_plain");
    try {
      await applyModuleSql(plain.url, MODULES);
      const { runSeed } = await import("../../seeds/engine/run");
      await runSeed({ url: plain.url, seeders: await seedersOf(MODULES), settings: { seed: 4, profile: "dev", scale: 1 }, bulk: false });
      expect(await sums(plain.url)).toEqual(bulkSums);
    } finally {
      await plain.drop();
    }
    await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 4, now: EPOCH, reset: true, quiet: true });
    expect(await sums(db.url)).toEqual(bulkSums);
    expect(await catalogSnapshot(db.url)).toEqual(declared);
  });
});
