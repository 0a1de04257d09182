// `supastack seed`: fill a database with deterministic data (all-or-nothing), with progress and a
// closing summary.
import path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { builtinModule, presentModules, REPEATED_TEXT_COLUMNS, seedersOf } from "../../modules/catalog";
import type { SupastackModule } from "../../modules/define";
import { seedDatabase, seedPlan, seedRunFields, seedRunRule } from "../../seeds/api";
import { defaultNow } from "../../seedkit/clock";
import { iso } from "../../seedkit/volumes";
import type { SeedResult } from "../../seeds/engine/run";
import { checkDatabase, formatFindings } from "../../seeds/check/database";
import { RULES } from "../../seeds/check/rules";
import { stateDir } from "../../local/paths";
import { redactUrl } from "../../providers/postgres/client";
import { flagError, modulesFlag } from "../flags";
import { seconds } from "../output";
import { resolveTarget } from "../target";
import { keepsRows } from "./stack";
import { formatResetLoss } from "../../automation/dataLossPlan";
import type { RowCount } from "../../providers/postgres/rows";

/** The command's flags: the seed run's own shape (seeds/api.ts), with where to seed and what. */
const seedFlags = z
  .object({
    ...seedRunFields,
    only: z
      .string()
      .transform((text) => text.split(",").map((x) => x.trim()).filter(Boolean))
      .pipe(seedRunFields.only.unwrap())
      .optional(),
    modules: modulesFlag.optional(),
    dryRun: z.boolean().default(false),
    check: z.boolean().default(false),
    stack: z.string().optional(),
    databaseUrl: z.string().optional(),
    allowDataLoss: z.boolean().default(false),
  })
  .superRefine(seedRunRule)
  .superRefine((flags, ctx) => {
    if (flags.allowDataLoss && !flags.reset) ctx.addIssue({ code: "custom", path: ["allowDataLoss"], message: "applies with --reset only (a seed without it deletes nothing)" });
  });
export type SeedFlags = z.infer<typeof seedFlags>;

export function parseSeedFlags(raw: Record<string, unknown>): SeedFlags {
  const parsed = seedFlags.safeParse(raw);
  if (!parsed.success) throw flagError(parsed.error);
  return parsed.data;
}

/** The modules to seed: --modules (in the schemas the stack placed them in), else the stack's; undefined for a bare database. */
function chosenModules(names: readonly string[] | undefined, placed: readonly SupastackModule[] | undefined): SupastackModule[] | undefined {
  if (!names) return placed && placed.length > 0 ? [...placed] : undefined;
  return names.map((n) => placed?.find((m) => m.name === n) ?? builtinModule(n as Parameters<typeof builtinModule>[0]));
}

/**
 * Pure: whether --reset may empty the target without --allow-data-loss. A stack keeps its rows
 * unless it is the local dev stack or ephemeral (`keepsRows`: its Pulumi.<stack>.yaml, by
 * program/protection.ts); a --database-url is not known to be either, so it keeps them. `rerun`
 * is the command that allows it, without the URL (it may hold a password).
 */
export function resetProtection(flags: Pick<SeedFlags, "stack" | "databaseUrl">, keepsRows: (stack: string) => boolean): { protects: boolean; target: string; rerun: string } {
  if (flags.databaseUrl) return { protects: true, target: "--database-url", rerun: "the same command with --allow-data-loss" };
  const stack = flags.stack ?? "dev";
  return { protects: keepsRows(stack), target: `stack ${stack}`, rerun: `supastack seed --reset -s ${stack} --allow-data-loss (with the same other flags)` };
}

/**
 * The check --reset makes, inside the seed's transaction, on a target that keeps its rows: refuses
 * with every table and its rows unless --allow-data-loss, which lists them and goes ahead.
 */
function resetGuard(flags: SeedFlags): ((rows: RowCount[]) => void) | undefined {
  const protection = resetProtection(flags, keepsRows);
  if (!flags.reset || !protection.protects) return undefined;
  return (rows) => {
    if (rows.length === 0) return;
    if (!flags.allowDataLoss) throw new Error(formatResetLoss(protection.target, rows, false, protection.rerun));
    console.log(formatResetLoss(protection.target, rows, true, protection.rerun));
  };
}

export function formatSeedSummary(result: SeedResult): string {
  const width = Math.max(...result.tables.map((t) => t.table.length), 5);
  const lines = result.tables.map((t) => `  ${t.table.padEnd(width)}  ${String(t.rows).padStart(10)}  ${seconds(t.ms).padStart(8)}`);
  const rate = result.ms > 0 ? Math.round((result.rows * 1000) / result.ms) : result.rows;
  return [
    `  ${"table".padEnd(width)}  ${"rows".padStart(10)}  ${"time".padStart(8)}`,
    ...lines,
    `  ${"total".padEnd(width)}  ${String(result.rows).padStart(10)}  ${seconds(result.ms).padStart(8)}  (${rate.toLocaleString("en-US")} rows/s)`,
  ].join("\n");
}

export function seedCommand(): Command {
  return new Command("seed")
    .description("fill the database with realistic, deterministic data (all-or-nothing)")
    .option("--profile <profile>", "dev (small), qa (with fixed personas) or load (with --scale)", "dev")
    .option("--seed <n>", "the same seed gives the same data", "1")
    .option("--scale <n>", "volume multiplier for the load profile", "1")
    .option("--only <names>", "comma-separated modules or tables (schema.table) to seed")
    .option("--modules <names>", "comma-separated modules (default: those present in the database)")
    .option("--reset", "empty the modules' tables first (on a stack that keeps its rows, or a --database-url: refused while they hold rows, unless --allow-data-loss)")
    .option("--allow-data-loss", "with --reset: empty the tables even where the rows are kept otherwise (lists them first)")
    .option("--dry-run", "print the plan (tables, row counts, order) and write nothing")
    .option("-s, --stack <name>", "take the database from this stack's outputs (default dev)")
    .option("--database-url <url>", "seed this database instead of a stack's")
    .option("--connections <n>", "COPY streams per large table, over separate connections (for a remote database)", "1")
    .option("--now <time>", "the seed's now, an ISO 8601 time with a zone (default: the start of the current hour); the same --seed and --now give the same data")
    .option("--check", "write nothing: check the seeded rows against the seed rules (nothing after --now or the present, fictional phones, reserved emails, documentation IPs, distinct free text, times with seconds, long-tailed durations, and each module's story rules across its tables); exits 1 on a finding")
    .option("--personas-out <file>", "where the qa profile writes its personas (default .supastack/seed/personas.json)")
    .action(async (raw: Record<string, unknown>) => {
      const flags = parseSeedFlags(raw);
      const target = await resolveTarget({ databaseUrl: flags.databaseUrl, stack: flags.stack });
      if (flags.check) {
        // Nothing may be after the seed's now; without --now, after the present.
        const seeders = await seedersOf(chosenModules(flags.modules, target.modules) ?? (await presentModules(target.url)));
        const report = await checkDatabase({ url: target.url, seeders, now: flags.now ?? Date.now(), repeatedText: REPEATED_TEXT_COLUMNS });
        console.log(`checked ${report.rows.toLocaleString("en-US")} rows in ${report.tables} tables of ${target.label} against ${RULES.length} table rules and ${seeders.reduce((n, x) => n + (x.stories?.length ?? 0), 0)} story rules in ${seconds(report.ms)}`);
        if (report.findings.length === 0) console.log("no findings");
        else {
          console.log(`${report.findings.length} finding(s):\n${formatFindings(report.findings)}`);
          process.exitCode = 1;
        }
        return;
      }
      // Decided once, so the plan, the rows and the personas file agree on it.
      const now = flags.now ?? defaultNow();
      const request = {
        url: target.url,
        seeders: await seedersOf(chosenModules(flags.modules, target.modules) ?? (await presentModules(target.url))),
        profile: flags.profile,
        seed: flags.seed,
        scale: flags.scale,
        now,
        only: flags.only,
        reset: flags.reset,
        connections: flags.connections,
        personasOut: flags.profile === "qa" ? (flags.personasOut ?? path.join(stateDir(), "seed", "personas.json")) : undefined,
      };
      if (flags.dryRun) {
        const plan = seedPlan(request);
        console.log(`plan for ${redactUrl(target.url)} (profile ${flags.profile}, seed ${flags.seed}${flags.profile === "load" ? `, scale ${flags.scale}` : ""}, now ${iso(now)}), in load order:`);
        for (const p of plan) console.log(`  ${p.table.padEnd(40)} ~${p.estimate}`);
        console.log(`  ${"total".padEnd(40)} ~${plan.reduce((a, p) => a + p.estimate, 0)} rows; nothing was written`);
        return;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        console.log(`seeding ${target.label} (profile ${flags.profile}, seed ${flags.seed}, now ${iso(now)})`);
        const result = await seedDatabase({ ...request, signal: controller.signal, beforeReset: resetGuard(flags) });
        console.log(formatSeedSummary(result));
        console.log(`now: ${iso(now)} (every time is before it; --now ${iso(now)} with --seed ${flags.seed} gives the same data)`);
        if (request.personasOut && result.personas.length > 0) console.log(`personas: ${request.personasOut}`);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
