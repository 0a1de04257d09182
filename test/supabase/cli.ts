// Driving the real `supastack` CLI (dist/) against the Management API test server, with a stack
// file Pulumi.<name>.yaml written into the project root as a user would, a backend of its own and
// the user's environment (token, passphrase, the machine's public address).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../local/paths";
import { adminUrl, createTestDatabase, type TestDatabase } from "../helpers/database";
import { MockManagementApi, projectDatabase } from "../helpers/supabase-api";

export const root = projectRoot();

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface CliEnv {
  backendDir: string;
  env: Record<string, string>;
}

export function cliEnv(token: string): CliEnv {
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-cli-backend-"));
  return {
    backendDir,
    env: {
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      SUPABASE_ACCESS_TOKEN: token,
      PULUMI_CONFIG_PASSPHRASE: "a passphrase of the user's own",
      SUPASTACK_DEPLOYER_IP: "203.0.113.7",
      SUPASTACK_LOCAL_PORT: new URL(adminUrl()).port,
      CI: "1",
    },
  };
}

/** Runs `supastack <args>`; `onOutput` sees the output so far (and may kill the whole process group). */
export function supastack(args: string[], env: Record<string, string | undefined>, onOutput?: (output: string, killGroup: () => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
    // Its own process group, like a CI job: a cancelled job's whole group gets SIGKILL.
    const child = spawn(process.execPath, [path.join(root, "dist", "cli", "main.js"), ...args], { cwd: root, env: merged, detached: true });
    let output = "";
    const killGroup = () => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    };
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      onOutput?.(output, killGroup);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const poll = onOutput ? setInterval(() => onOutput(output, killGroup), 100) : undefined;
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, output });
    });
  });
}

/** Pulumi.<name>.yaml in the project root, shaped like the README's staging file, pointing at the test server. */
export function writeStackFile(name: string, api: MockManagementApi, modules: string[]): string {
  const file = path.join(root, `Pulumi.${name}.yaml`);
  fs.writeFileSync(
    file,
    [
      "config:",
      "  supastack:target: supabase",
      "  supastack:modules:",
      ...modules.map((m) => `    - ${m}`),
      "  supastack:supabase:",
      "    organization: acme",
      `    name: ${name}`,
      "    region: eu-west-1",
      "    instanceSize: micro",
      `    apiUrl: ${api.url}`,
      `    caCertificate: ${api.caFile}`,
      `    poolerSessionPort: ${api.dbPort}`,
      "    pollSeconds: 0.05",
      "    networkRestrictions:",
      "      ipv4:",
      "        - 203.0.113.0/24",
      "      ipv6: []",
      "    settings:",
      "      api:",
      "        maxRows: 1000",
      "      pooler:",
      "        defaultPoolSize: 15",
      "      auth:",
      "        siteUrl: https://staging.example.com",
      "      sslEnforcement: true",
      "",
    ].join("\n"),
  );
  return file;
}

/** What the CLI tests against the Management API test server share: a project database, the server, the CLI's environment and the stack file. */
export interface StackFixture {
  db: TestDatabase;
  api: MockManagementApi;
  cli: CliEnv;
  file: string;
  /** Destroys and removes the stack (if any is left), its file and backend, the server and the database. */
  dispose(): Promise<void>;
}

export async function stackFixture(name: string, token: string, modules: string[], dbPrefix: string): Promise<StackFixture> {
  const db = await createTestDatabase(dbPrefix);
  const api = new MockManagementApi({ token, database: projectDatabase(db), pollsUntilHealthy: 2 });
  await api.start();
  const cli = cliEnv(token);
  const file = writeStackFile(name, api, modules);
  return {
    db,
    api,
    cli,
    file,
    async dispose() {
      await supastack(["destroy", "--stack", name, "--remove", "--allow-data-loss"], cli.env).catch(() => undefined);
      fs.rmSync(file, { force: true });
      fs.rmSync(cli.backendDir, { recursive: true, force: true });
      await api.stop();
      await db.drop();
    },
  };
}
