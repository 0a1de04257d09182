// The `supastack ephemeral` run: a uniquely named stack with a database of its own, applied, seeded,
// handed to a command through its environment, and removed again whatever happens (unless --keep):
// command success or failure, provisioning failing half way, SIGINT or SIGTERM. It orchestrates the
// stack operations of automation/ephemeral (naming, workspace, template, cleanup), the seeder and the
// user's command, which is why it lives with the command and not among the stack operations.
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { seedersOf } from "../../modules/catalog";
import { stackModules } from "../../program/environment";
import { seedDatabase } from "../../seeds/api";
import type { Profile } from "../../seedkit/types";
import { connectionEnv, type OutputValue } from "../../automation/connectionEnv";
import { ephemeralPassphraseFile } from "../../automation/engine";
import { engineFailure } from "../../automation/engineErrors";
import { startLocal } from "../../local/instance";
import { seconds } from "../output";
import { removeEphemeral } from "../../automation/ephemeral/cleanup";
import { ephemeralDatabaseName, ephemeralStackName, TAG_CREATED_AT, TAG_EPHEMERAL } from "../../automation/ephemeral/naming";
import { ephemeralConfig, readStackFile } from "../../automation/ephemeral/template";
import { ephemeralStack, ephemeralWorkDir } from "../../automation/ephemeral/workspace";

export interface EphemeralOptions {
  name?: string;
  /** Default: the template's modules, else all five. */
  modules?: string[];
  /** A Pulumi.<stack>.yaml whose supastack configuration the ephemeral stack copies (target, settings). */
  configFile?: string;
  profile: Profile;
  seed: number;
  keep: boolean;
  command: string[];
  port?: number;
  /** Where progress lines go (stderr by default, so the command's stdout stays its own). */
  log?: (line: string) => void;
}

export interface EphemeralResult {
  stack: string;
  exitCode: number;
  timings: Record<"provision" | "seed" | "command" | "cleanup" | "total", number>;
}

class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function runCommand(command: string[], env: NodeJS.ProcessEnv, onChild: (c: ChildProcess) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, command.slice(1), { stdio: "inherit", env });
    onChild(child);
    child.once("error", (error: NodeJS.ErrnoException) => {
      console.error(`supastack ephemeral: cannot run ${command[0]}: ${error.code === "ENOENT" ? "command not found" : error.message}`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1)));
  });
}

export async function runEphemeral(options: EphemeralOptions): Promise<EphemeralResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[supastack] ${line}\n`));
  if (options.command.length === 0) throw new Error("give the command to run after --, e.g. supastack ephemeral -- npm test");
  const stackName = ephemeralStackName({ name: options.name });
  const database = ephemeralDatabaseName(stackName);
  // Everything the stack will be is checked before anything is created.
  const template = options.configFile ? readStackFile(options.configFile) : { raw: {}, skipped: [] };
  for (const key of template.skipped) log(`${key} is encrypted in ${options.configFile}: left out (ephemeral stacks generate their own password; the token comes from SUPABASE_ACCESS_TOKEN)`);
  const { raw, config } = ephemeralConfig(template.raw, { stackName, database, modules: options.modules });
  const t0 = Date.now();
  const timings = { provision: 0, seed: 0, command: 0, cleanup: 0, total: 0 };
  const controller = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  let child: ChildProcess | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal}: stopping${child ? " the command" : ""}, then cleaning up`);
    if (child && child.exitCode === null) child.kill(signal);
    else controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const check = () => {
    if (interrupted) throw new Interrupted(interrupted);
  };

  let stack: Stack | undefined;
  let exitCode = 1;
  try {
    if (config.target === "local") await startLocal({ port: options.port });
    const where = config.target === "supabase" ? `Supabase project ${config.supabase?.name}` : `database ${database}`;
    log(`creating stack ${stackName} (${where}; modules ${config.modules.join(", ")})`);
    stack = await ephemeralStack(stackName, { create: true });
    // Tag first: a run killed from here on leaves a stack `supastack gc` recognises.
    await stack.setTag(TAG_EPHEMERAL, "true");
    await stack.setTag(TAG_CREATED_AT, new Date().toISOString());
    await stack.setAllConfig(Object.fromEntries(Object.entries(raw).map(([k, value]) => [`supastack:${k}`, { value }])));
    check();
    const up = await stack.up({ signal: controller.signal });
    check();
    timings.provision = Date.now() - t0;
    log(`stack up in ${seconds(timings.provision)} (${Object.values(up.summary.resourceChanges ?? {}).reduce((a, n) => a + Number(n), 0)} resources)`);

    const outputs = up.outputs as Record<string, OutputValue>;
    const url = outputs.databaseUrl?.value as string;
    const personas = path.join(ephemeralWorkDir(stackName), "personas.json");
    const t1 = Date.now();
    const seeded = await seedDatabase({
      url,
      profile: options.profile,
      seed: options.seed,
      seeders: await seedersOf(stackModules(config)),
      quiet: true,
      signal: controller.signal,
      personasOut: options.profile === "qa" ? personas : undefined,
    });
    check();
    timings.seed = Date.now() - t1;
    log(`seeded ${seeded.rows.toLocaleString("en-US")} rows (profile ${options.profile}, seed ${options.seed}) in ${seconds(timings.seed)}`);

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const e of connectionEnv(stackName, outputs)) env[e.key] = e.value;
    if (options.profile === "qa") env.SUPASTACK_PERSONAS = personas;
    log(`running: ${options.command.join(" ")}`);
    const t2 = Date.now();
    exitCode = await runCommand(options.command, env, (c) => {
      child = c;
    });
    timings.command = Date.now() - t2;
    log(`command exited with ${exitCode} after ${seconds(timings.command)}`);
  } catch (error) {
    if (interrupted || error instanceof Interrupted) {
      exitCode = SIGNAL_EXIT[interrupted ?? "SIGINT"] ?? 130;
    } else {
      log(`failed before the command ran:\n  ${engineFailure(error)}`);
      exitCode = 1;
    }
  } finally {
    const t3 = Date.now();
    if (options.keep && stack) {
      const secret = process.env.PULUMI_CONFIG_PASSPHRASE !== undefined || process.env.PULUMI_CONFIG_PASSPHRASE_FILE ? "your PULUMI_CONFIG_PASSPHRASE" : `the run's random passphrase in ${ephemeralPassphraseFile(stackName)}`;
      log(`kept stack ${stackName} (--keep; its secrets are under ${secret}): inspect with 'supastack outputs --stack ${stackName} --show-secrets', remove with 'supastack gc --older-than 0s'`);
    } else if (stack) {
      log(`removing stack ${stackName} and database ${database}`);
      const report = await removeEphemeral(stackName, database, stack);
      for (const p of report.problems) log(`cleanup: ${p}`);
      if (report.problems.length > 0 && !report.destroyed) log(`cleanup was incomplete; 'supastack gc' will retry`);
    }
    timings.cleanup = Date.now() - t3;
    timings.total = Date.now() - t0;
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return { stack: stackName, exitCode, timings };
}
