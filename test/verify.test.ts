// `supastack verify` on a database with all five modules applied by the engine: clean as applied;
// then objects broken by hand, each named by a finding; and the CLI exits non-zero on them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../stacks/modules/catalog";
import { withClient } from "../stacks/postgres/client";
import { projectRoot } from "../stacks/paths";
import { formatReport, verifyDatabase } from "../stacks/verify/verify";
import { type AppliedDatabase, databaseWithModules } from "./helpers/stack-db";

let applied: AppliedDatabase;
const exec = (sql: string) => withClient(applied.db.url, (c) => c.query(sql));

beforeAll(async () => {
  applied = await databaseWithModules("verify");
});
afterAll(async () => {
  await applied?.dispose();
});

function cli(args: string[]) {
  const root = projectRoot();
  return spawnSync(process.execPath, [path.join(root, "dist", "cli", "main.js"), ...args], { cwd: root, encoding: "utf8" });
}

describe("supastack verify", () => {
  it("finds nothing on a freshly applied stack", async () => {
    const result = await verifyDatabase(applied.db.url, [...MODULE_NAMES]);
    expect(formatReport(result, "test")).toMatch(/clean/);
    expect(result.findings).toEqual([]);
    expect(result.checked.tables).toBeGreaterThanOrEqual(20);
    const run = cli(["verify", "--database-url", applied.db.url]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/clean \(\d+ tables, \d+ policies/);
  });

  it("names each object broken by hand and how to fix it", async () => {
    await exec(`
      CREATE TABLE support.scratch (id int PRIMARY KEY);
      CREATE POLICY "scratch open" ON support.scratch FOR SELECT TO authenticated USING (true);
      CREATE FUNCTION support.definer_without_path() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
      CREATE VIEW support.plain_view AS SELECT id FROM support.users;
      CREATE TABLE jobs.attachments (id int PRIMARY KEY, job_id uuid REFERENCES jobs.jobs (id));
      ALTER TABLE jobs.attachments ENABLE ROW LEVEL SECURITY;
      ALTER POLICY "members read their own profile" ON support.users USING (id = auth.uid());
      DROP VIEW jobs.job_stats;
      GRANT INSERT ON support.messages TO anon;
    `);
    const result = await verifyDatabase(applied.db.url, [...MODULE_NAMES]);
    const seen = result.findings.map((f) => `${f.rule} | ${f.object}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "rls-disabled | table support.scratch",
        'policy-without-rls | policy "scratch open" on support.scratch',
        'undeclared-policy | policy "scratch open" on support.scratch',
        "definer-mutable-search-path | function support.definer_without_path()",
        "view-not-security-invoker | view support.plain_view",
        "fk-without-index | foreign key attachments_job_id_fkey on jobs.attachments (job_id)",
        'auth-call-per-row | policy "members read their own profile" on support.users',
        'different | policy "members read their own profile" on support.users',
        "missing | view jobs.job_stats",
        "privileges | table support.messages for anon",
      ]),
    );
    expect(result.findings).toHaveLength(10);
    for (const f of result.findings) expect(f.fix.length).toBeGreaterThan(10);
    expect(result.findings.find((f) => f.rule === "fk-without-index")?.fix).toBe('CREATE INDEX ON "jobs"."attachments" ("job_id")');

    const run = cli(["verify", "--database-url", applied.db.url]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/10 finding\(s\)/);
    expect(run.stdout).toMatch(/✗ view support\.plain_view: runs with its owner's rights/);
    expect(run.stdout).toMatch(/fix: ALTER VIEW "support"\."plain_view" SET \(security_invoker = true\)/);
  });
});
