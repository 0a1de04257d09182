// `supastack ephemeral`, `supastack gc` and `supastack outputs`: disposable, isolated, seeded
// environments for CI and QA, their garbage collection, and stack details for scripts.
import { Command, InvalidArgumentError } from "commander";
import { z } from "zod";
import { seedRunFields } from "../../seeds/api";
import { connectionEnv, formatEnv, formatJson, type OutputValue } from "../../automation/connectionEnv";
import { collectGarbage } from "../../automation/ephemeral/gc";
import { parseDuration } from "../../automation/ephemeral/naming";
import { runEphemeral } from "../ephemeral/run";
import { openStack } from "../../automation/stacks";
import { flagError, modulesFlag, stackCommand } from "../flags";
import { seconds, summary } from "../output";
import { defaultPort } from "./local";

const ephemeralFlags = z.object({
  name: z.string().optional(),
  // The seed run's own fields (seeds/api.ts): the same rules and words as `supastack seed`.
  profile: seedRunFields.profile,
  seed: seedRunFields.seed,
  modules: modulesFlag.optional(),
  config: z.string().optional(),
  keep: z.boolean().default(false),
});

export function ephemeralCommand(): Command {
  return new Command("ephemeral")
    .description("create a stack with a database of its own, seed it, run a command against it, then remove it")
    .usage("[options] -- <command...>")
    .option("--name <name>", "stack name suffix (default: the CI run id, else random)")
    .option("--profile <profile>", "seed profile: dev, qa or load", "dev")
    .option("--seed <n>", "seed for the data", "1")
    .option("--modules <list>", "comma-separated modules (default: the --config stack's, else all five)")
    .option("--config <file>", "copy target and settings from a stack file, e.g. Pulumi.staging.yaml (a Supabase target gets a project of its own)")
    .option("--keep", "keep the stack afterwards, for debugging")
    .passThroughOptions()
    .argument("<command...>", "the command to run with DATABASE_URL and friends in its environment")
    .action(async (command: string[], raw: Record<string, unknown>) => {
      const parsed = ephemeralFlags.safeParse(raw);
      if (!parsed.success) throw flagError(parsed.error);
      const flags = parsed.data;
      const result = await runEphemeral({ ...flags, configFile: flags.config, command, port: defaultPort() });
      process.stderr.write(
        `${summary(`[supastack] ephemeral stack ${result.stack}: exit ${result.exitCode}`, [
          ["provision", seconds(result.timings.provision)],
          ["seed", seconds(result.timings.seed)],
          ["command", seconds(result.timings.command)],
          ["cleanup", seconds(result.timings.cleanup)],
          ["total", seconds(result.timings.total)],
        ])}\n`,
      );
      process.exitCode = result.exitCode;
    });
}

export function gcCommand(): Command {
  return new Command("gc")
    .description("destroy ephemeral stacks (tagged supastack:ephemeral) older than a limit; other stacks are never touched")
    .option("--older-than <duration>", "age limit, like 30m, 2h or 1d", "2h")
    .option("--dry-run", "list what would be destroyed and destroy nothing")
    .action(async (opts: { olderThan: string; dryRun?: boolean }) => {
      const olderThanMs = parseDuration(opts.olderThan);
      const results = await collectGarbage({ olderThanMs, dryRun: opts.dryRun === true });
      const age = (ms?: number) => (ms === undefined ? "age unknown" : `${(ms / 3_600_000).toFixed(1)} h old`);
      let failed = 0;
      for (const r of results) {
        if (r.action === "skip-not-ephemeral") continue;
        if (r.action === "keep-young") console.log(`  keep     ${r.name} (${age(r.ageMs)})`);
        else if (opts.dryRun) console.log(`  would destroy  ${r.name} (${age(r.ageMs)})`);
        else {
          const ok = r.report && r.report.problems.length === 0;
          if (!ok) failed += 1;
          console.log(`  ${ok ? "destroyed" : "FAILED   "}  ${r.name} (${age(r.ageMs)})${ok ? "" : `: ${r.report?.problems.join("; ")}`}`);
        }
      }
      const destroyed = results.filter((r) => r.action === "destroy").length;
      console.log(
        `${opts.dryRun ? "would destroy" : "destroyed"} ${destroyed - failed} ephemeral stack(s) older than ${opts.olderThan}; ` +
          `kept ${results.filter((r) => r.action === "keep-young").length} younger; ${results.filter((r) => r.action === "skip-not-ephemeral").length} other stack(s) untouched`,
      );
      if (failed > 0) process.exitCode = 1;
    });
}

export function outputsCommand(): Command {
  return stackCommand("outputs", "print a stack's connection details for scripts (secrets only with --show-secrets)")
    .option("--format <format>", "env (KEY=value lines) or json", (v) => {
      if (v !== "env" && v !== "json") throw new InvalidArgumentError("--format must be env or json");
      return v;
    }, "env")
    .option("--show-secrets", "include DATABASE_URL, PGPASSWORD and service keys in clear")
    .action(async (opts: { stack: string; format: "env" | "json"; showSecrets?: boolean }) => {
      const stack = await openStack(opts.stack);
      const outputs = (await stack.outputs()) as Record<string, OutputValue>;
      if (Object.keys(outputs).length === 0) throw new Error(`stack ${opts.stack} has no outputs; run 'supastack up --stack ${opts.stack}' first`);
      const entries = connectionEnv(opts.stack, outputs);
      console.log(opts.format === "json" ? formatJson(entries, opts.showSecrets === true) : formatEnv(entries, opts.showSecrets === true));
    });
}
