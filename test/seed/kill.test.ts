// kill -9 of `supastack seed` (its whole process group), while it streams rows into staging tables
// and while its transaction moves them into place (issue 23 items 5 and 6): the database holds no
// row of the killed seed, only the staging tables its connections had committed; the documented
// recovery, running the same seed again, ends with the complete seed (the same rows as an
// uninterrupted run into an identical database), no staging table left, and the rows that were
// there before unchanged (checksums, providers/postgres/rows.ts).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGE_SCHEMA } from "../../seeds/engine/shards";
import { GOTRUE_INSTANCE_ID } from "../../seedkit/auth";
import { fingerprint, fingerprintSchemas, type TableFingerprint } from "../../providers/postgres/rows";
import { clientConfig, connectClient, withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const MODULES = ["support", "jobs"];
const root = path.resolve(__dirname, "..", "..");
/** The seed every test runs, killed or not: large enough to take seconds, its big tables staged over 3 connections. */
const seedArgs = (url: string) => ["seed", "--database-url", url, "--modules", MODULES.join(","), "--profile", "load", "--scale", "2", "--seed", "9", "--connections", "3"];
const databases: TestDatabase[] = [];
let reference: Record<string, TableFingerprint>;

/** A database with the modules applied and rows of its own: a real user, a support customer's chat and a job, and a table outside the modules. */
async function prepared(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  databases.push(db);
  await applyModuleSql(db.url, MODULES);
  await withClient(db.url, async (c) => {
    const at = "2026-01-05T10:00:00Z";
    const user = "cccccccc-0000-4000-8000-0000000000bb";
    await c.query(
      `INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, created_at, updated_at)
       VALUES ($1, $2, 'authenticated', 'authenticated', 'kept@customer.example.org', '{"provider":"email","providers":["email"]}', $3, $3)`,
      [GOTRUE_INSTANCE_ID, user, at],
    );
    await c.query("INSERT INTO support.users (id, email, name, created_at, updated_at) VALUES ($1, 'kept@customer.example.org', 'Kept Customer', $2, $2)", [user, at]);
    await c.query("INSERT INTO support.conversations (id, user_id, session_id, created_at, updated_at) VALUES ('dddddddd-0000-4000-8000-000000000001', $1, 'kept-session', $2, $2)", [user, at]);
    await c.query(
      `INSERT INTO support.messages (id, conversation_id, role, content, created_at) VALUES
         ('eeeeeeee-0000-4000-8000-000000000001', 'dddddddd-0000-4000-8000-000000000001', 'user', 'Where is my order?', $1),
         ('eeeeeeee-0000-4000-8000-000000000002', 'dddddddd-0000-4000-8000-000000000001', 'assistant', 'It ships today.', $1)`,
      [at],
    );
    await c.query("INSERT INTO jobs.jobs (id, user_id, agent_identifier, status, created_at, updated_at) VALUES ('ffffffff-0000-4000-8000-000000000001', $1, 'kept-agent', 'pending', $2, $2)", [user, at]);
    await c.query("CREATE SCHEMA bystander");
    await c.query("CREATE TABLE bystander.notes (id int PRIMARY KEY, body text NOT NULL)");
    await c.query("INSERT INTO bystander.notes SELECT i, 'note ' || i FROM generate_series(1, 20) i");
  });
  return db;
}

async function rowsNow(url: string): Promise<Record<string, TableFingerprint>> {
  return withClient(url, async (c) => {
    const out = Object.fromEntries(await fingerprintSchemas(c, [...MODULES, "bystander"]));
    for (const table of ["users", "identities"]) out[`auth.${table}`] = await fingerprint(c, { schema: "auth", table });
    return out;
  });
}

async function stagesLeft(url: string): Promise<{ tables: number; schema: boolean }> {
  const { rows } = await withClient(url, (c) =>
    c.query("SELECT (SELECT count(*)::int FROM pg_class WHERE relnamespace = to_regnamespace($1) AND relkind = 'r') AS tables, to_regnamespace($1) IS NOT NULL AS schema", [STAGE_SCHEMA]),
  );
  return { tables: rows[0]?.tables, schema: rows[0]?.schema };
}

/** `supastack seed` in a process group of its own (as a shell or CI runs it). */
function startSeed(url: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; output: string }> } {
  const child = spawn(process.execPath, [path.join(root, "dist", "cli", "main.js"), ...seedArgs(url)], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, output })));
  return { child, exited };
}

async function runSeed(url: string): Promise<void> {
  const { exited } = startSeed(url);
  const result = await exited;
  if (result.code !== 0) throw new Error(`supastack seed exited with ${result.code ?? result.signal}:\n${result.output}`);
}

/** Polls until `sql` (run against `url`) returns a row; fails if the seed ends first. */
async function waitForRow(url: string, sql: string, params: unknown[], seed: ReturnType<typeof startSeed>): Promise<void> {
  let ended = false;
  void seed.exited.then(() => (ended = true));
  for (let i = 0; i < 3000; i++) {
    const { rows } = await withClient(url, (c) => c.query(sql, params));
    if (rows.length > 0) return;
    if (ended) throw new Error(`the seed ended before the point to kill it at: ${(await seed.exited).output}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the seed never reached the point to kill it at");
}

/** Waits until no backend of a seed is left (the server has rolled the killed run's transaction back). */
async function seedBackendsGone(url: string, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    const { rows } = await withClient(url, (c) => c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'supastack seed' AND datname = current_database()"));
    if (rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the killed seed's backends are still there after ${seconds} s`);
}

async function killGroup(seed: ReturnType<typeof startSeed>): Promise<void> {
  process.kill(-(seed.child.pid as number), "SIGKILL");
  expect((await seed.exited).signal).toBe("SIGKILL");
}

beforeAll(async () => {
  const ref = await prepared("kill_ref");
  await runSeed(ref.url);
  reference = await rowsNow(ref.url);
  expect(reference["support.messages"]?.rows).toBeGreaterThan(10_000);
  expect(await stagesLeft(ref.url)).toEqual({ tables: 0, schema: false });
});
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe("kill -9 of a seed", () => {
  it("while it streams into staging tables: nothing of it is in the tables, and running it again completes it", async () => {
    const db = await prepared("kill_stream");
    const before = await rowsNow(db.url);
    const seed = startSeed(db.url);
    await waitForRow(
      db.url,
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'supastack seed' AND state = 'active' AND query LIKE $1",
      [`COPY "${STAGE_SCHEMA}".%`],
      seed,
    );
    await killGroup(seed);
    await seedBackendsGone(db.url);
    expect(await rowsNow(db.url)).toEqual(before);
    // What a SIGKILL leaves: the staging tables its connections had created.
    expect((await stagesLeft(db.url)).tables).toBeGreaterThan(0);

    await runSeed(db.url);
    expect(await rowsNow(db.url)).toEqual(reference);
    expect(await stagesLeft(db.url)).toEqual({ tables: 0, schema: false });
  });

  it("while its transaction moves the staged rows into place: nothing of it is in the tables, and running it again completes it", async () => {
    const db = await prepared("kill_move");
    const before = await rowsNow(db.url);
    // support.messages holds rows (so the seed does not take it over at the start): a reader's
    // SHARE lock holds the seed's move into it until the seed is killed there.
    const holder = new Client(clientConfig(db.url));
    await connectClient(holder);
    try {
      await holder.query("BEGIN; LOCK TABLE support.messages IN SHARE MODE");
      const seed = startSeed(db.url);
      await waitForRow(
        db.url,
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'supastack seed'
            AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "support"."messages"%' AND query LIKE $1`,
        [`%"${STAGE_SCHEMA}".%`],
        seed,
      );
      await killGroup(seed);
      // The server notices the seeder is gone while its transaction still waits for the lock
      // (client_connection_check_interval), and rolls it back.
      await seedBackendsGone(db.url, 20);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
    expect(await rowsNow(db.url)).toEqual(before);
    expect((await stagesLeft(db.url)).tables).toBeGreaterThan(0);

    await runSeed(db.url);
    expect(await rowsNow(db.url)).toEqual(reference);
    expect(await stagesLeft(db.url)).toEqual({ tables: 0, schema: false });
  });
});
