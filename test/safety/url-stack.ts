// A stack the way a team runs one against its own database: Pulumi.<name>.yaml in the project root
// with supastack:target url (so it keeps its rows: stacks/protection.ts), a database of the test's
// own shaped like a Supabase project, the user's passphrase, a backend of its own, driven by the
// real `supastack` CLI (and, for the raw-CLI cases, by `pulumi` itself with the same environment).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { engineEnv } from "../../automation/engine";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { cliEnv, type CliEnv, root, type Run, supastack } from "../supabase/cli";

export interface UrlStack {
  name: string;
  db: TestDatabase;
  cli: CliEnv;
  /** Writes the stack file with these modules (and supastack:schemas, when given). */
  setModules(modules: readonly string[], schemas?: Record<string, string>): void;
  /** `supastack <args>` for this stack's backend (`env` added); onOutput may kill the whole process group. */
  run(args: string[], onOutput?: (output: string, kill: () => void) => void, env?: Record<string, string>): Promise<Run>;
  /** `pulumi <args> -s <stack>` itself (the engine supastack installs), with the stack's environment. */
  pulumi(args: string[], env?: Record<string, string>): Promise<Run>;
  dispose(): Promise<void>;
}

export async function urlStack(prefix: string, modules: readonly string[]): Promise<UrlStack> {
  const name = `t-${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const db = await createTestDatabase(prefix.replace(/-/g, "_"));
  const cli = cliEnv("sbp_unused_token_0123456789abcdef0123");
  const file = path.join(root, `Pulumi.${name}.yaml`);
  const setModules = (list: readonly string[], schemas: Record<string, string> = {}) =>
    fs.writeFileSync(
      file,
      [
        "config:",
        "  supastack:target: url",
        `  supastack:databaseUrl: ${db.url}`,
        "  supastack:modules:",
        ...list.map((m) => `    - ${m}`),
        ...(Object.keys(schemas).length > 0 ? ["  supastack:schemas:", ...Object.entries(schemas).map(([m, s]) => `    ${m}: ${s}`)] : []),
        "",
      ].join("\n"),
    );
  setModules(modules);
  const run = (args: string[], onOutput?: (output: string, kill: () => void) => void, env: Record<string, string> = {}) => supastack(args, { ...cli.env, ...env }, onOutput);
  return {
    name,
    db,
    cli,
    setModules,
    run,
    pulumi: (args, env = {}) =>
      new Promise((resolve) => {
        const environment = { ...process.env, ...engineEnv(name, root, { passphrase: cli.env.PULUMI_CONFIG_PASSPHRASE }), ...cli.env, ...env };
        const child = spawn(path.join(root, ".tools", "pulumi", "bin", "pulumi"), [...args, "--stack", name, "--non-interactive"], { cwd: root, env: environment });
        let output = "";
        child.stdout.on("data", (c: Buffer) => (output += c.toString()));
        child.stderr.on("data", (c: Buffer) => (output += c.toString()));
        child.on("exit", (code, signal) => resolve({ code, signal, output }));
      }),
    async dispose() {
      await run(["destroy", "--stack", name, "--remove", "--allow-data-loss"]).catch(() => undefined);
      fs.rmSync(file, { force: true });
      fs.rmSync(cli.backendDir, { recursive: true, force: true });
      await db.drop();
    },
  };
}
