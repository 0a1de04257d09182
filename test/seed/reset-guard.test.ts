// `supastack seed --reset` on a database that keeps its rows (issue 23 item 6: every target but the
// local dev stack and ephemeral ones; a --database-url is not known to be either): refused before
// anything changes, naming every table the reset would empty with exactly the rows it holds (its
// module tables, the module's seeded auth users and identities, and the rows of a table outside the
// modules that ON DELETE CASCADE would take with them), unless --allow-data-loss, which lists them
// and goes ahead. Run as a team would, with the real CLI; checksums prove the refusal changed
// nothing. (Which stacks keep their rows: cli/commands/seed.test.ts.)
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedersOf } from "../../modules/catalog";
import { SEEDED_USER_MARKER } from "../../providers/postgres/providers/migration";
import { withClient } from "../../providers/postgres/client";
import { describeRows, fingerprint, fingerprintSchemas, type RowCount, type TableFingerprint, tablesIn } from "../../providers/postgres/rows";
import { qualified } from "../../providers/postgres/sql";
import { seedDatabase } from "../../seeds/api";
import { STAGE_SCHEMA } from "../../seeds/engine/shards";
import { GOTRUE_INSTANCE_ID } from "../../seedkit/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const MODULES = ["support", "jobs"];
const REAL_USER = "cccccccc-0000-4000-8000-0000000000cc";
const root = path.resolve(__dirname, "..", "..");
let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

async function rowsNow(): Promise<Record<string, TableFingerprint>> {
  return withClient(db.url, async (c) => {
    const out = Object.fromEntries(await fingerprintSchemas(c, [...MODULES, "bystander"]));
    for (const table of ["users", "identities"]) out[`auth.${table}`] = await fingerprint(c, { schema: "auth", table });
    return out;
  });
}

/** What the reset empties, counted here independently of the seed: every row of the modules' tables, the modules' seeded users and their identities, and the bystander rows of those users. */
async function expectedCounts(): Promise<string[]> {
  const counts: RowCount[] = [];
  const add = async (schema: string, table: string, where = "true", params: unknown[] = []) => {
    const n = Number((await q(`SELECT count(*)::int AS n FROM ${qualified(schema, table)} WHERE ${where}`, params))[0]?.n);
    if (n > 0) counts.push({ schema, table, rows: n, atLeast: false });
  };
  const seeded = `raw_app_meta_data ->> '${SEEDED_USER_MARKER}' = ANY ($1)`;
  await add("auth", "identities", `user_id IN (SELECT id FROM auth.users WHERE ${seeded})`, [MODULES]);
  await add("auth", "users", seeded, [MODULES]);
  await add("bystander", "preferences", `user_id IN (SELECT id FROM auth.users WHERE ${seeded})`, [MODULES]);
  for (const t of await withClient(db.url, (c) => tablesIn(c, MODULES))) await add(t.schema, t.table);
  return counts.map(describeRows).sort();
}

async function cli(args: string[]): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, [path.join(root, "dist", "cli", "main.js"), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` }));
}

const seedArgs = (seed: number, ...more: string[]) => ["seed", "--database-url", db.url, "--modules", MODULES.join(","), "--seed", String(seed), "--reset", ...more];

/** The indented `schema.table: N rows` lines of an output, sorted. */
const listed = (output: string) => [...output.matchAll(/^ {4}(\S+: .+ rows?)$/gm)].map((m) => m[1] as string).sort();

beforeAll(async () => {
  db = await createTestDatabase("reset_guard");
  await applyModuleSql(db.url, MODULES);
  await seedDatabase({ url: db.url, seeders: await seedersOf(MODULES), profile: "dev", seed: 3, quiet: true });
  // A user who signed up for real, a job of theirs (in a module's table: the reset empties it), and
  // outside the modules a table of preferences that follows auth.users ON DELETE CASCADE.
  await q(
    `INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, created_at, updated_at)
     VALUES ($1, $2, 'authenticated', 'authenticated', 'real@customer.example.org', '{"provider":"email","providers":["email"]}', now(), now())`,
    [GOTRUE_INSTANCE_ID, REAL_USER],
  );
  await q("INSERT INTO jobs.jobs (user_id, agent_identifier, status) VALUES ($1, 'real-agent', 'pending')", [REAL_USER]);
  await q("CREATE SCHEMA bystander");
  await q("CREATE TABLE bystander.preferences (user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE, theme text NOT NULL)");
  await q(`INSERT INTO bystander.preferences SELECT id, 'dark' FROM auth.users WHERE raw_app_meta_data ->> '${SEEDED_USER_MARKER}' = 'jobs' ORDER BY id LIMIT 3`);
  await q("INSERT INTO bystander.preferences VALUES ($1, 'light')", [REAL_USER]);
});
afterAll(async () => {
  await db?.drop();
});

describe("seed --reset on a database that keeps its rows", () => {
  it("refuses, naming every table and the rows it would delete, and changes nothing", async () => {
    const before = await rowsNow();
    const expected = await expectedCounts();
    expect(expected).toContain("bystander.preferences: 3 rows");
    expect(expected).toContain("jobs.jobs: " + `${Number((await q("SELECT count(*)::int AS n FROM jobs.jobs"))[0]?.n).toLocaleString("en-US")} rows`);

    const run = await cli(seedArgs(4));
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/seed --reset of --database-url would delete rows, and a database not of the local dev stack keeps its rows unless told otherwise, so nothing was changed:/);
    expect(run.output).toMatch(/to delete them: the same command with --allow-data-loss/);
    expect(listed(run.output)).toEqual(expected);
    expect(run.output).not.toContain(db.url);
    expect(await rowsNow()).toEqual(before);
    expect((await q("SELECT to_regnamespace($1) IS NULL AS gone", [STAGE_SCHEMA]))[0]?.gone).toBe(true);
  });

  it("with --allow-data-loss lists them, deletes them and seeds; a user's own rows outside the modules stay", async () => {
    const expected = await expectedCounts();
    const realUser = await q("SELECT * FROM auth.users WHERE id = $1", [REAL_USER]);
    const run = await cli(seedArgs(4, "--allow-data-loss"));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/seed --reset of --database-url deletes these rows \(--allow-data-loss\):/);
    expect(listed(run.output)).toEqual(expected);
    expect(await q("SELECT * FROM auth.users WHERE id = $1", [REAL_USER])).toEqual(realUser);
    expect(await q("SELECT theme FROM bystander.preferences")).toEqual([{ theme: "light" }]);
    expect(await q("SELECT count(*)::int AS n FROM jobs.jobs WHERE user_id = $1", [REAL_USER])).toEqual([{ n: 0 }]);
    expect(Number((await q("SELECT count(*)::int AS n FROM support.messages"))[0]?.n)).toBeGreaterThan(0);
    expect((await q("SELECT to_regnamespace($1) IS NULL AS gone", [STAGE_SCHEMA]))[0]?.gone).toBe(true);
  });

  it("empty tables need no flag: a reset that deletes nothing goes ahead", async () => {
    const empty = await createTestDatabase("reset_guard_empty");
    try {
      await applyModuleSql(empty.url, MODULES);
      const run = await cli(["seed", "--database-url", empty.url, "--modules", MODULES.join(","), "--reset"]);
      expect(run.code, run.output).toBe(0);
      expect(run.output).not.toMatch(/would delete rows|deletes these rows/);
      expect(Number((await withClient(empty.url, (c) => c.query("SELECT count(*)::int AS n FROM jobs.jobs"))).rows[0]?.n)).toBeGreaterThan(0);
    } finally {
      await empty.drop();
    }
  });
});
