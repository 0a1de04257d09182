// The whole path through the real engine (support and jobs): up -> objects exist -> a policy change is an in-place
// update -> a policy dropped by hand is seen by refresh and restored by up -> destroy leaves no trace.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRoot } from "../automation/engine";
import { defineEnvironment } from "../program/environment";
import { withClient } from "../providers/postgres/client";
import { support } from "../modules/support/module";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack, type TestStack } from "./helpers/engine";

const POLICY = "members read their own profile";

describe("support module through the real Pulumi engine", () => {
  let db: TestDatabase;
  let ts: TestStack;
  let using = "id = (SELECT auth.uid())";
  const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

  beforeAll(async () => {
    db = await createTestDatabase("e2e");
    ts = await testStack({
      name: "e2e",
      program: async () => {
        // The module spec is data: the test edits the policy between runs like a user edits code.
        const spec = support.policies.find((p) => p.name === POLICY);
        if (spec) spec.using = using;
        const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: '["support", "jobs"]' });
        return { schemas: env.schemas, databaseUrl: env.databaseUrl };
      },
    });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("applies the module", async () => {
    const up = await ts.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.schemas?.value).toEqual(["support", "jobs"]);
    expect(up.outputs.databaseUrl?.secret).toBe(true);
    const tables = await q("SELECT relname, relrowsecurity FROM pg_class WHERE relnamespace = 'support'::regnamespace AND relkind = 'r' ORDER BY 1");
    expect(tables).toEqual(["conversations", "escalations", "messages", "users"].map((relname) => ({ relname, relrowsecurity: true })));
    expect(await q("SELECT reloptions FROM pg_class WHERE oid = 'jobs.job_stats'::regclass")).toEqual([
      { reloptions: ["security_invoker=true", "security_barrier=false"] },
    ]);
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: expect.any(Number) });
  });

  it("keeps the connection password out of the state", async () => {
    const password = new URL(db.url).password;
    expect(password.length).toBeGreaterThan(8);
    // What `pulumi stack export` shows (the Automation API's exportStack decrypts secrets) and what
    // the backend stores: the password appears in neither.
    const exported = execFileSync(path.join(engineRoot(), "bin", "pulumi"), ["stack", "export", "--stack", ts.stack.name], {
      cwd: ts.workDir,
      env: { ...process.env, ...ts.stack.workspace.envVars },
      encoding: "utf8",
    });
    expect(exported).toContain('"connection"');
    expect(exported.includes(password)).toBe(false);
    const files = fs.readdirSync(path.join(ts.workDir, "state"), { recursive: true }).map(String).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(fs.readFileSync(path.join(ts.workDir, "state", f), "utf8").includes(password)).toBe(false);
  });

  it("changes a policy's USING in place", async () => {
    using = "id = (SELECT auth.uid()) AND email IS NOT NULL";
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.changeSummary.replace).toBeUndefined();
    await ts.stack.up();
    const [row] = await q("SELECT qual FROM pg_policies WHERE schemaname = 'support' AND policyname = $1", [POLICY]);
    expect(row?.qual).toMatch(/email IS NOT NULL/);
  });

  it("sees a policy dropped by hand on refresh and restores it on up", async () => {
    await q(`DROP POLICY "${POLICY}" ON support.users`);
    const refresh = await ts.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await q("SELECT 1 FROM pg_policies WHERE policyname = $1", [POLICY])).toHaveLength(1);
  });

  it("destroy leaves no trace of the stack", async () => {
    await ts.destroy();
    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname IN ('support', 'jobs', 'supastack')")).toEqual([]);
    expect(await q("SELECT count(*)::int AS n FROM pg_policies WHERE schemaname = 'support'")).toEqual([{ n: 0 }]);
  });
});
