// `supastack verify` on a database with all five modules applied by the engine: clean as applied;
// then objects broken by hand, each named by a finding; and the CLI exits non-zero on them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../modules/catalog";
import { withClient } from "../providers/postgres/client";
import { projectRoot } from "../local/paths";
import { formatReport, verifyDatabase } from "../verify/verify";
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
        // Created by hand, so nobody revoked PostgreSQL's default EXECUTE for PUBLIC.
        "function-execute | function support.definer_without_path()",
      ]),
    );
    expect(result.findings).toHaveLength(11);
    for (const f of result.findings) expect(f.fix.length).toBeGreaterThan(10);
    expect(result.findings.find((f) => f.rule === "fk-without-index")?.fix).toBe('CREATE INDEX ON "jobs"."attachments" ("job_id")');

    const run = cli(["verify", "--database-url", applied.db.url]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/11 finding\(s\)/);
    expect(run.stdout).toMatch(/✗ view support\.plain_view: runs with its owner's rights/);
    expect(run.stdout).toMatch(/fix: ALTER VIEW "support"\."plain_view" SET \(security_invoker = true\)/);
  });

  it("names EXECUTE rights, default privileges, objects in public, matviews, definer triggers and column privileges broken by hand", async () => {
    const before = new Set((await verifyDatabase(applied.db.url, [...MODULE_NAMES])).findings.map((f) => `${f.rule} | ${f.object}`));
    await exec(`
      GRANT EXECUTE ON FUNCTION jobs.get_job_stats(uuid) TO anon;
      ALTER DEFAULT PRIVILEGES IN SCHEMA voice GRANT SELECT ON TABLES TO anon;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO authenticated;
      CREATE TABLE public.leaky (id int PRIMARY KEY);
      GRANT SELECT ON public.leaky TO anon;
      CREATE MATERIALIZED VIEW jobs.job_totals AS SELECT user_id, count(*) AS jobs FROM jobs.jobs GROUP BY user_id;
      GRANT SELECT ON jobs.job_totals TO authenticated;
      CREATE FUNCTION contact_center.definer_stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS 'BEGIN RETURN NEW; END';
      GRANT UPDATE (id) ON jobs.jobs TO anon;
    `);
    const result = await verifyDatabase(applied.db.url, [...MODULE_NAMES]);
    const added = result.findings.filter((f) => !before.has(`${f.rule} | ${f.object}`));
    expect(added.map((f) => `${f.rule} | ${f.object}`).sort()).toEqual(
      [
        "function-execute | function jobs.get_job_stats(uuid)",
        "default-privileges | default privileges of postgres in schema voice on tables for anon",
        "default-privileges | default privileges of postgres in schema public on functions for authenticated",
        "public-reachable | table public.leaky",
        "matview-exposed | materialized view jobs.job_totals",
        "definer-trigger-callable | function contact_center.definer_stamp()",
        "function-execute | function contact_center.definer_stamp()",
        "column-privileges | columns of table jobs.jobs for anon",
      ].sort(),
    );
    const fix = (rule: string, object: string) => added.find((f) => f.rule === rule && f.object === object)?.fix;
    expect(fix("function-execute", "function jobs.get_job_stats(uuid)")).toMatch(/^REVOKE EXECUTE ON ROUTINE jobs\.get_job_stats\(uuid\) FROM "anon"/);
    expect(fix("column-privileges", "columns of table jobs.jobs for anon")).toBe('REVOKE UPDATE ("id") ON "jobs"."jobs" FROM "anon"');
    expect(fix("default-privileges", "default privileges of postgres in schema voice on tables for anon")).toMatch(/^ALTER DEFAULT PRIVILEGES FOR ROLE "postgres" IN SCHEMA "voice" REVOKE SELECT ON TABLES FROM "anon"/);

    // Each fix, applied as printed, clears its finding.
    await exec(added.map((f) => f.fix.replace(/;.*$/, "")).filter((f) => /^(REVOKE|ALTER)/.test(f)).join(";\n"));
    const after = new Set((await verifyDatabase(applied.db.url, [...MODULE_NAMES])).findings.map((f) => `${f.rule} | ${f.object}`));
    expect(added.filter((f) => after.has(`${f.rule} | ${f.object}`)).map((f) => f.object)).toEqual([]);
  });

  it("names a write policy for authenticated that does not decide about anonymous sign-ins, and its fix clears it", async () => {
    const before = new Set((await verifyDatabase(applied.db.url, [...MODULE_NAMES])).findings.map((f) => `${f.rule} | ${f.object}`));
    // The guard that keeps anonymous sign-ins from queueing jobs, dropped by hand (issue 26).
    await exec(`DROP POLICY "anonymous sign-ins may not insert" ON jobs.jobs`);
    const result = await verifyDatabase(applied.db.url, [...MODULE_NAMES]);
    const added = result.findings.filter((f) => !before.has(`${f.rule} | ${f.object}`));
    expect(added.map((f) => `${f.rule} | ${f.object}`).sort()).toEqual(
      ['anonymous-writes | policy "Users can insert own jobs" on jobs.jobs', 'missing | policy "anonymous sign-ins may not insert" on jobs.jobs'].sort(),
    );
    const finding = added.find((f) => f.rule === "anonymous-writes");
    expect(finding?.problem).toMatch(/INSERT without deciding about anonymous sign-ins/);
    expect(finding?.fix).toMatch(/^CREATE POLICY "anonymous sign-ins may not insert" ON "jobs"."jobs" AS RESTRICTIVE FOR INSERT TO authenticated WITH CHECK/);
    // support's tables declare anonymous writes (the anonymous chat): no finding there.
    expect(result.findings.filter((f) => f.rule === "anonymous-writes" && f.object.includes(" on support."))).toEqual([]);
    // The fix, applied as printed, clears both findings.
    await exec((finding?.fix ?? "").split("; (")[0] as string);
    const after = new Set((await verifyDatabase(applied.db.url, [...MODULE_NAMES])).findings.map((f) => `${f.rule} | ${f.object}`));
    expect(added.filter((f) => after.has(`${f.rule} | ${f.object}`)).map((f) => f.object)).toEqual([]);
  });
});
