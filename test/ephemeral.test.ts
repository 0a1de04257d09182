// `supastack ephemeral` and `supastack gc` end to end: the real CLI, the real engine, the local
// database. The runs use a backend of their own, so they never meet the developer's stacks.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TAG_CREATED_AT } from "../automation/ephemeral/naming";
import { ephemeralStack, projectWorkspace } from "../automation/ephemeral/workspace";
import { withClient } from "../providers/postgres/client";
import { withDatabase } from "../providers/postgres/url";
import { projectRoot } from "../local/paths";
import { stackLocks } from "../automation/engine";
import { adminUrl, createTestDatabase } from "./helpers/database";
import { MockManagementApi, projectDatabase } from "./helpers/supabase-api";

const root = projectRoot();
const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-ephemeral-backend-"));
process.env.PULUMI_BACKEND_URL = `file://${backendDir}`;
const probe = path.join(root, "test", "helpers", "ephemeral-probe.cjs");
const port = new URL(adminUrl()).port;

interface Run {
  code: number | null;
  output: string;
}

function supastack(args: string[], options: { whileRunning?: (kill: (s: NodeJS.Signals) => void) => void; env?: Record<string, string>; group?: boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "dist", "cli", "main.js"), ...args], {
      cwd: root,
      env: { ...process.env, SUPASTACK_LOCAL_PORT: port, CI: "1", ...options.env },
      // group: its own process group, killed whole like a cancelled CI job.
      detached: options.group === true,
    });
    let output = "";
    const take = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const kill = (s: NodeJS.Signals) => (options.group ? process.kill(-(child.pid as number), s) : child.kill(s));
    const poll = options.whileRunning ? setInterval(() => options.whileRunning?.(kill), 200) : undefined;
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ code, output });
    });
  });
}

const outFile = (name: string) => path.join(backendDir, `${name}.json`);
const seen = (name: string) =>
  JSON.parse(fs.readFileSync(outFile(name), "utf8")) as { stack: string; database: string; current: string; users: string[]; supabase: Record<string, string | undefined> };

async function stackNames(): Promise<string[]> {
  return (await (await projectWorkspace()).listStacks()).map((s) => s.name);
}

async function databaseExists(name: string): Promise<boolean> {
  const { rows } = await withClient(adminUrl(), (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]));
  return rows.length > 0;
}

async function expectGone(stack: string, database: string): Promise<void> {
  expect(await stackNames()).not.toContain(stack);
  expect(await databaseExists(database)).toBe(false);
  expect(fs.existsSync(path.join(root, ".supastack", "ephemeral", stack))).toBe(false);
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("supastack ephemeral", () => {
  beforeAll(() => {
    expect(fs.existsSync(path.join(root, "dist", "cli", "main.js"))).toBe(true);
  });
  afterAll(() => {
    fs.rmSync(backendDir, { recursive: true, force: true });
  });

  it("runs a passing command against its own seeded database, then removes everything", async () => {
    const run = await supastack(["ephemeral", "--name", "t-pass", "--modules", "support", "--", process.execPath, probe, outFile("pass")]);
    expect(run.code, run.output).toBe(0);
    const s = seen("pass");
    expect(s).toMatchObject({ stack: "ephemeral-t-pass", database: "ephemeral_t_pass", current: "ephemeral_t_pass" });
    expect(s.users.length).toBeGreaterThan(10);
    await expectGone("ephemeral-t-pass", "ephemeral_t_pass");
    expect(run.output).toMatch(/ephemeral stack ephemeral-t-pass: exit 0/);
  });

  it("passes a failing command's exit code through and still removes everything", async () => {
    const run = await supastack(["ephemeral", "--name", "t-fail", "--modules", "support", "--", process.execPath, probe, outFile("fail"), "fail"]);
    expect(run.code, run.output).toBe(7);
    expect(seen("fail").users.length).toBeGreaterThan(10);
    await expectGone("ephemeral-t-fail", "ephemeral_t_fail");
  });

  it("cleans up when it receives SIGTERM while the command runs", async () => {
    let sent = false;
    const run = await supastack(["ephemeral", "--name", "t-term", "--modules", "support", "--", process.execPath, probe, outFile("term"), "hang"], {
      whileRunning: (kill) => {
        if (!sent && fs.existsSync(outFile("term"))) {
          sent = true;
          kill("SIGTERM");
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code, run.output).toBe(143);
    expect(run.output).toMatch(/SIGTERM: stopping the command, then cleaning up/);
    await expectGone("ephemeral-t-term", "ephemeral_t_term");
  });

  it("cleans up when provisioning fails half way", async () => {
    // The jobs module with a second migration that fails when applied (it parses fine).
    const sqlDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-"));
    fs.cpSync(path.join(root, "modules", "jobs", "sql"), path.join(sqlDir, "jobs"), { recursive: true });
    fs.writeFileSync(path.join(sqlDir, "jobs", "002_functions.sql"), "SELECT 1 / 0;\n");
    const run = await supastack(["ephemeral", "--name", "t-half", "--modules", "jobs", "--", "true"], { env: { SUPASTACK_SQL_DIR: sqlDir } });
    fs.rmSync(sqlDir, { recursive: true, force: true });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/002_functions\.sql/);
    expect(run.output).toMatch(/failed before the command ran/);
    await expectGone("ephemeral-t-half", "ephemeral_t_half");
  });

  it("keeps two parallel runs apart: each sees only its own rows", async () => {
    const [a, b] = await Promise.all([
      supastack(["ephemeral", "--name", "t-par-a", "--seed", "11", "--modules", "support", "--", process.execPath, probe, outFile("par-a")]),
      supastack(["ephemeral", "--name", "t-par-b", "--seed", "22", "--modules", "support", "--", process.execPath, probe, outFile("par-b")]),
    ]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    const [sa, sb] = [seen("par-a"), seen("par-b")];
    expect(sa.current).toBe("ephemeral_t_par_a");
    expect(sb.current).toBe("ephemeral_t_par_b");
    // Same profile, so the same number of users; different seeds, so no user in common.
    expect(sa.users.length).toBe(sb.users.length);
    expect(sa.users.filter((id) => sb.users.includes(id))).toEqual([]);
    await expectGone("ephemeral-t-par-a", "ephemeral_t_par_a");
    await expectGone("ephemeral-t-par-b", "ephemeral_t_par_b");
  });

  it("with a Supabase stack file as template: a project of its own, SUPABASE_* for the command, project deleted after", async () => {
    const token = "sbp_ephemeral_test_token_0123456789";
    const db = await createTestDatabase("eph_supabase");
    const api = new MockManagementApi({ token, database: projectDatabase(db), pollsUntilHealthy: 2 });
    await api.start();
    const file = path.join(backendDir, "Pulumi.staging.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  supastack:target: supabase",
        "  supastack:modules: [support]",
        "  supastack:supabase:",
        "    organization: acme",
        "    name: acme-staging",
        "    region: eu-west-1",
        "    projectRef: abcdefghijklmnopqrst",
        `    apiUrl: ${api.url}`,
        `    caCertificate: ${api.caFile}`,
        `    poolerSessionPort: ${api.dbPort}`,
        "    pollSeconds: 0.05",
        "  supastack:supabaseAccessToken:",
        "    secure: v1:notreadable",
      ].join("\n"),
    );
    try {
      const run = await supastack(["ephemeral", "--name", "t-supa", "--config", file, "--", process.execPath, probe, outFile("supa")], {
        env: { SUPABASE_ACCESS_TOKEN: token },
      });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/supastack:supabaseAccessToken is encrypted in .*: left out/);
      const p = [...api.projects.values()][0];
      expect(p).toMatchObject({ name: "acme-staging-t-supa", status: "REMOVED" });
      const s = seen("supa");
      // The publishable and secret keys, and the legacy JWT ones the project still has.
      const key = (type: string) => p?.apiKeys.find((k) => k.type === type)?.api_key;
      expect(s.supabase).toEqual({
        url: `https://${p?.ref}.supabase.co`,
        publishableKey: key("publishable"),
        secretKey: key("secret"),
        anonKey: `anon.${p?.ref}`,
        serviceRoleKey: p?.serviceKey,
      });
      expect(s.supabase.publishableKey).toMatch(/^sb_publishable_/);
      expect(s.users.length).toBeGreaterThan(10);
      expect(await stackNames()).not.toContain("ephemeral-t-supa");
    } finally {
      await db.drop();
      await api.stop();
    }
  });

  it("gc collects a stack whose run was killed (SIGKILL) mid-up and left it locked", async () => {
    let sent = false;
    let checking = false;
    const run = await supastack(["ephemeral", "--name", "t-killed", "--modules", "jobs", "--", "true"], {
      group: true,
      whileRunning: (kill) => {
        if (sent || checking) return;
        checking = true;
        void withClient(withDatabase(adminUrl(), "ephemeral_t_killed"), (c) => c.query("SELECT count(*) AS n FROM supastack.migrations"))
          .then((r) => {
            if (!sent && Number(r.rows[0]?.n) > 0) {
              sent = true;
              kill("SIGKILL");
            }
          })
          .catch(() => undefined)
          .finally(() => {
            checking = false;
          });
      },
    });
    expect(sent, run.output).toBe(true);
    expect(await stackNames()).toContain("ephemeral-t-killed");
    expect(stackLocks("ephemeral-t-killed").length).toBeGreaterThan(0);
    const gc = await supastack(["gc", "--older-than", "0s"]);
    expect(gc.code, gc.output).toBe(0);
    expect(gc.output).toMatch(/destroyed\s+ephemeral-t-killed/);
    await expectGone("ephemeral-t-killed", "ephemeral_t_killed");
  });

  it("gc removes a leaked stack older than the limit and leaves a young one and a non-ephemeral one", async () => {
    for (const name of ["t-gc-old", "t-gc-young"]) {
      const kept = await supastack(["ephemeral", "--name", name, "--keep", "--modules", "jobs", "--", "true"]);
      expect(kept.code, kept.output).toBe(0);
    }
    const ws = await projectWorkspace();
    await ws.setTag("ephemeral-t-gc-old", TAG_CREATED_AT, new Date(Date.now() - 3 * 3_600_000).toISOString());
    // Named like one, but not tagged: gc must trust the tag, not the name.
    const impostor = await ephemeralStack("ephemeral-t-gc-impostor", { create: true });
    expect(await databaseExists("ephemeral_t_gc_old")).toBe(true);

    // Its secrets are under the run's own random passphrase, never the published dev one.
    const published = await supastack(["outputs", "--stack", "ephemeral-t-gc-old", "--show-secrets"], { env: { PULUMI_CONFIG_PASSPHRASE: "supastack-dev-only" } });
    expect(published.code, published.output).not.toBe(0);
    expect(published.output).not.toMatch(/PGPASSWORD=/);
    const own = await supastack(["outputs", "--stack", "ephemeral-t-gc-old", "--show-secrets"]);
    expect(own.code, own.output).toBe(0);
    expect(own.output).toMatch(/PGPASSWORD=/);

    const dry = await supastack(["gc", "--older-than", "2h", "--dry-run"]);
    expect(dry.output).toMatch(/would destroy\s+ephemeral-t-gc-old/);
    expect(await stackNames()).toContain("ephemeral-t-gc-old");

    const gc = await supastack(["gc", "--older-than", "2h"]);
    expect(gc.code, gc.output).toBe(0);
    expect(gc.output).toMatch(/destroyed\s+ephemeral-t-gc-old/);
    expect(gc.output).toMatch(/keep\s+ephemeral-t-gc-young/);
    await expectGone("ephemeral-t-gc-old", "ephemeral_t_gc_old");
    expect(await stackNames()).toEqual(expect.arrayContaining(["ephemeral-t-gc-young", "ephemeral-t-gc-impostor"]));
    expect(await databaseExists("ephemeral_t_gc_young")).toBe(true);

    const rest = await supastack(["gc", "--older-than", "0s"]);
    expect(rest.code, rest.output).toBe(0);
    await expectGone("ephemeral-t-gc-young", "ephemeral_t_gc_young");
    expect(await stackNames()).toContain("ephemeral-t-gc-impostor");
    await impostor.workspace.removeStack(impostor.name);
    fs.rmSync(path.join(root, ".supastack", "ephemeral", impostor.name), { recursive: true, force: true });
  });
});
