// The Pulumi CLI itself on a project stack, as a user runs it from the project root: `npx pulumi`
// (the official `pulumi` npm package, which runs the pinned engine that scripts/install-engine.mjs
// linked for it, with node_modules/.bin and so Node 22 first on PATH), no SUPASTACK_ROOT, a
// Pulumi.<stack>.yaml in the root and a backend of the test's own. What it does must be what
// `supastack up` does: after a raw `pulumi up`, supastack sees no changes, verify is clean, and
// the outputs are the same; refresh sees a policy dropped by hand, up restores it, destroy drops
// the stack's database.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../providers/postgres/client";
import { projectRoot } from "../local/paths";
import { adminUrl } from "./helpers/database";

const root = projectRoot();
const suffix = crypto.randomBytes(3).toString("hex");
const stack = `test-rawcli-${suffix}`;
const database = `t_rawcli_${suffix}`;
const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-rawcli-backend-"));
const port = new URL(adminUrl()).port;
const POLICY = "members read their own profile";

/** The environment of a user's shell: none of what supastack gives the engine (SUPASTACK_ROOT, its PULUMI_HOME, NODE_OPTIONS). */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith("SUPASTACK_") || k.startsWith("PULUMI_") || k === "NODE_OPTIONS" || k === "NODE_COMPILE_CACHE") continue;
    env[k] = v;
  }
  // PATH as a shell has it: the project's node_modules/.bin is what npx adds, not the test runner.
  env.PATH = (env.PATH ?? "").split(path.delimiter).filter((d) => !d.includes("node_modules")).join(path.delimiter);
  return {
    ...env,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(24).toString("base64url"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    SUPASTACK_LOCAL_PORT: port,
  };
}
const env = userEnv();

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function pulumi(...args: string[]): Promise<string> {
  const r = await run("npx", ["--no", "pulumi", ...args, "--stack", stack, "--non-interactive"]);
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
  return r.output;
}

async function supastack(...args: string[]): Promise<string> {
  const r = await run(path.join(root, "bin", "supastack"), args);
  if (r.code !== 0) throw new Error(`supastack ${args.join(" ")} exited ${r.code}:\n${r.output}`);
  return r.output;
}

const q = async (sql: string, params: unknown[] = []) =>
  (await withClient(adminUrl().replace(/\/[^/?]*(\?|$)/, `/${database}$1`), (c) => c.query(sql, params))).rows;

describe("the raw Pulumi CLI on a project stack", () => {
  beforeAll(() => {
    fs.writeFileSync(
      stackFile,
      `config:\n  supastack:target: local\n  supastack:createDatabase: "true"\n  supastack:localDatabase: ${database}\n  supastack:modules:\n    - support\n    - jobs\n`,
    );
  });
  afterAll(async () => {
    await run("npx", ["--no", "pulumi", "destroy", "--yes", "--remove", "--stack", stack, "--non-interactive"]);
    fs.rmSync(stackFile, { force: true });
    fs.rmSync(backendDir, { recursive: true, force: true });
    await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  });

  it("runs the pinned engine with the project's Node.js 22", async () => {
    const r = await run("npx", ["--no", "pulumi", "version"]);
    expect(r.output.trim()).toBe(`v${JSON.parse(fs.readFileSync(path.join(root, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version}`);
    const about = await run("npx", ["--no", "pulumi", "about", "--json"]);
    expect(about.output).toContain(path.join(root, "node_modules", ".bin", "node"));
  });

  it("previews and applies the stack as supastack up does", async () => {
    await pulumi("stack", "init");
    const preview = await pulumi("preview");
    expect(preview).toMatch(/\+ \d+ to create/);
    expect(preview).not.toMatch(/error/i);
    const up = await pulumi("up", "--yes");
    expect(up).toMatch(/\d+ created/);
    // The same stack through supastack (the Automation API): nothing to change, and verify is clean.
    await supastack("preview", "--stack", stack, "--expect-no-changes");
    expect(await supastack("verify", "--stack", stack)).toMatch(/clean/);
    const tables = await q("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('support', 'jobs')");
    expect(tables[0]?.n).toBeGreaterThan(4);
  }, 240_000);

  it("gives the same outputs as supastack outputs", async () => {
    const raw = JSON.parse(await pulumi("stack", "output", "--json", "--show-secrets")) as Record<string, unknown>;
    const ours = JSON.parse(await supastack("outputs", "--stack", stack, "--format", "json", "--show-secrets")) as Record<string, unknown>;
    expect(raw.schemas).toEqual(["support", "jobs"]);
    expect(String(raw.databaseUrl)).toContain(`/${database}`);
    expect(ours.databaseUrl ?? ours.DATABASE_URL).toBe(raw.databaseUrl);
    const masked = JSON.parse(await pulumi("stack", "output", "--json")) as Record<string, unknown>;
    expect(masked.databaseUrl).toBe("[secret]");
  }, 60_000);

  it("sees a policy dropped by hand on refresh, restores it on up, and destroys the stack", async () => {
    await q(`DROP POLICY "${POLICY}" ON support.users`);
    const refresh = await pulumi("refresh", "--yes");
    expect(refresh).toMatch(/deleted|1 (to )?delete/i);
    await pulumi("up", "--yes");
    expect(await q("SELECT 1 FROM pg_policies WHERE schemaname = 'support' AND policyname = $1", [POLICY])).toHaveLength(1);
    await pulumi("destroy", "--yes");
    const left = await withClient(adminUrl(), (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]));
    expect(left.rows).toHaveLength(0);
  }, 240_000);
});
