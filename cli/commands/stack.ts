// `supastack up|preview|refresh|destroy [--stack name]`: the project's stacks through the
// Automation API and the pinned engine, with progress and a short summary.
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { backendUrl, describeLocks, lockHolder, removeLockFiles, repairCheckpoint, stackLocks } from "../../automation/engine";
import { projectRoot } from "../../local/paths";
import { redactUrl } from "../../providers/postgres/client";
import { type PendingOperation, PROJECT_TYPE, removeOrphanedProjects } from "../../providers/supabase/orphans";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { formatDataLoss } from "../../automation/dataLossPlan";
import { destroyDataLoss, previewDataLoss } from "../../automation/dataLossGuard";
import { stackClassOf, stackProtectsRows } from "../../program/protection";
import { openStack, readStackConfig } from "../../automation/stacks";
import { onEngineEvent } from "../engine-events";
import { stackCommand } from "../flags";
import { seconds, StepProgress, summary } from "../output";

export interface UpSummary {
  stack: string;
  databaseUrl?: string;
  schemas: string[];
  /** The stack's modules (its `modules` output), at the same positions as `schemas`. */
  modules: string[];
  resources: number;
  changes: Record<string, number>;
  elapsedMs: number;
}

function verbose(): { onOutput?: (s: string) => void } {
  return process.env.SUPASTACK_VERBOSE ? { onOutput: (s) => process.stdout.write(s) } : {};
}

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** The project's stack file for a stack name: Pulumi.<name>.yaml in the project root. */
export function stackFile(stackName: string, root = projectRoot()): string {
  return path.join(root, `Pulumi.${stackName}.yaml`);
}

/**
 * Opens a project stack for an operation: refuses a locked stack with the command that clears it,
 * and creates the stack when it does not exist yet but its Pulumi.<name>.yaml does (the engine
 * then adds the passphrase's salt to that file, as `pulumi stack init` does).
 */
async function openForOperation(stackName: string, options: { create?: boolean } = { create: true }): Promise<Stack> {
  if (!STACK_NAME.test(stackName)) throw new Error(`--stack: ${JSON.stringify(stackName)} is not a stack name (letters, digits, _ . -)`);
  assertUnlocked(stackName);
  const file = stackFile(stackName);
  const create = options.create === true && (stackName === "dev" || fs.existsSync(file));
  try {
    return await openStack(stackName, { create });
  } catch (error) {
    if (/no stack named/i.test(String(error))) {
      if (fs.existsSync(file)) throw new Error(`no stack named ${stackName} yet: 'supastack up --stack ${stackName}' creates it from ${path.basename(file)}`);
      throw new Error(`no stack named ${stackName}, and no ${path.basename(file)} to create it from: copy Pulumi.staging.yaml to ${path.basename(file)} and edit it`);
    }
    throw error;
  }
}

/**
 * Whether a stack keeps its rows (every stack but the local dev one and ephemeral ones: its
 * Pulumi.<name>.yaml says), so its plans are checked for rows they would drop before anything
 * changes. The dev stack skips the check (npm start pays nothing for it).
 */
export function keepsRows(stackName: string): boolean {
  const file = stackFile(stackName);
  return stackProtectsRows(stackName, stackClassOf(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined));
}

/** --allow-data-loss: this run's engine, program and providers may drop rows (the variable reaches them all). */
function allowDataLoss(stack: Stack, allowed: boolean | undefined): void {
  if (allowed) (stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV] = "1";
  else delete (stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV];
}

/** Fails (naming the holder and the fix) when a file-backend lock is held on the stack. */
function assertUnlocked(stackName: string, project = "supastack"): void {
  const locks = stackLocks(stackName, project);
  if (locks.length > 0) throw new Error(describeLocks(stackName, locks));
}

/**
 * Runs `pulumi up` on a project stack and returns what a person wants to know about it. On a stack
 * that keeps its rows the plan is previewed first and refused, before anything changes, when it
 * would drop rows (unless `allowDataLoss`, which lists them and goes ahead).
 */
export async function upStack(stackName: string, options: { allowDataLoss?: boolean } = {}): Promise<UpSummary> {
  const t0 = Date.now();
  const stack = await openForOperation(stackName);
  allowDataLoss(stack, options.allowDataLoss);
  if (keepsRows(stackName)) {
    console.log(`stack ${stackName} keeps its rows: previewing the plan for rows it would drop`);
    const { refusal } = await previewDataLoss(stack);
    if (refusal.counts.length > 0) {
      if (!options.allowDataLoss) throw new Error(formatDataLoss("up", stackName, refusal, false));
      console.log(formatDataLoss("up", stackName, refusal, true));
    }
  }
  const progress = new StepProgress(`pulumi up ${stackName}`);
  const result = await stack.up({ onEvent: onEngineEvent(progress), ...verbose() });
  progress.finish();
  const changes = Object.fromEntries(Object.entries(result.summary.resourceChanges ?? {}).map(([k, v]) => [k, Number(v)]));
  const resources = Object.entries(changes)
    .filter(([op]) => op !== "delete")
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    stack: stackName,
    databaseUrl: result.outputs.databaseUrl?.value as string | undefined,
    schemas: (result.outputs.schemas?.value as string[] | undefined) ?? [],
    modules: (result.outputs.modules?.value as string[] | undefined) ?? [],
    resources,
    changes,
    elapsedMs: Date.now() - t0,
  };
}

export function formatUpSummary(s: UpSummary): string {
  const changed = Object.entries(s.changes)
    .filter(([op]) => op !== "same")
    .map(([op, n]) => `${n} ${op}`)
    .join(", ");
  return summary(`stack ${s.stack} is up`, [
    ["database", s.databaseUrl ? redactUrl(s.databaseUrl) : "(no databaseUrl output)"],
    ["schemas", [...new Set(s.schemas)].join(", ") || "(none)"],
    ["resources", `${s.resources} (${changed || "no changes"})`],
    ["took", seconds(s.elapsedMs)],
  ]);
}

/** up and preview create a stack from its file; refresh and destroy only open an existing one. */
async function withStack(stackName: string, fn: (stack: Stack) => Promise<void>, create = false): Promise<void> {
  await fn(await openForOperation(stackName, { create }));
}

/** What `supastack cancel` did. */
export interface CancelResult {
  cleared: number;
  pending: string[];
  /** What else was done: a checkpoint the killed run left damaged restored from its backup; Supabase projects it created without recording them. */
  orphans: string[];
}

/**
 * Clears the lock a dead run left on a stack (pulumi cancel). Refuses while the holder still runs
 * on this host, and when it cannot tell (another host) unless `force`. Then reports the operations
 * the dead run left pending: the next `up` forgets them (Pulumi drops pending creates), so anything
 * they created outside the state must be recorded or removed.
 */
async function cancelStack(stackName: string, options: { force?: boolean; project?: string; stack?: Stack } = {}): Promise<CancelResult> {
  // Other backends (Pulumi Cloud, ...) keep their locks themselves: their own cancel clears them.
  if (!backendUrl().startsWith("file://")) {
    const stack = options.stack ?? (await openStack(stackName));
    await stack.cancel();
    return { cleared: 1, pending: [], orphans: [] };
  }
  const locks = stackLocks(stackName, options.project ?? "supastack");
  if (locks.length === 0) return { cleared: 0, pending: [], orphans: [] };
  const running = locks.filter((l) => lockHolder(l) === "running");
  if (running.length > 0) throw new Error(`${describeLocks(stackName, locks)}
not cancelling: the run holding the lock is alive on this host`);
  const unknown = locks.filter((l) => lockHolder(l) === "unknown");
  if (unknown.length > 0 && !options.force) {
    throw new Error(`${describeLocks(stackName, locks)}
not cancelling: run 'supastack cancel -s ${stackName} --force' once you know that run is gone`);
  }
  const repaired = repairCheckpoint(stackName, options.project ?? "supastack");
  const stack = options.stack ?? (await openStack(stackName));
  try {
    await stack.cancel();
  } catch {
    // The file backend's cancel removes its lock files; do it ourselves if the engine would not.
  }
  removeLockFiles(stackLocks(stackName, options.project ?? "supastack"));
  const exported = (await stack.exportStack()) as { deployment?: { pending_operations?: PendingOperation[]; resources?: { type?: string; id?: string }[] } };
  const ops = exported.deployment?.pending_operations ?? [];
  const pending = ops.map((op) => `${op.type ?? "operation"} ${op.resource?.urn?.split("::").pop() ?? "?"}`);
  const recorded = (exported.deployment?.resources ?? []).filter((r) => r.type === PROJECT_TYPE && r.id).map((r) => r.id as string);
  const since = new Date(Math.min(...locks.map((l) => Date.parse(l.timestamp ?? "") || Date.now())));
  let token = process.env.SUPABASE_ACCESS_TOKEN;
  if (!token && ops.some((op) => op.resource?.type === PROJECT_TYPE)) token = (await readStackConfig(stack).catch(() => undefined))?.supabaseAccessToken;
  const orphans = await removeOrphanedProjects(ops, recorded, since, token);
  return { cleared: locks.length, pending, orphans: repaired ? [repaired, ...orphans] : orphans };
}

const ALLOW_FLAG = "drop rows the plan would drop (schemas, tables, columns holding rows), on a stack that keeps them otherwise";

export function stackCommands(): Command[] {
  const up = stackCommand("up", "apply a stack (pulumi up) and summarise it")
    .option("--allow-data-loss", ALLOW_FLAG)
    .action(async (opts: { stack: string; allowDataLoss?: boolean }) => {
      console.log(formatUpSummary(await upStack(opts.stack, { allowDataLoss: opts.allowDataLoss })));
    });
  const preview = stackCommand(
    "preview",
    "show what `up` would change (exit code 2 when it would change something, with --expect-no-changes; 1 when it would drop rows without --allow-data-loss)",
  )
    .option("--expect-no-changes", "fail when the stack would change")
    .option("--allow-data-loss", ALLOW_FLAG)
    .action(async (opts: { stack: string; expectNoChanges?: boolean; allowDataLoss?: boolean }) => {
      await withStack(opts.stack, async (stack) => {
        allowDataLoss(stack, opts.allowDataLoss);
        const run = { diff: true, onOutput: (s: string) => process.stdout.write(s) };
        const { result, refusal } = keepsRows(opts.stack) ? await previewDataLoss(stack, run) : { result: await stack.preview(run), refusal: undefined };
        if (refusal && refusal.counts.length > 0) {
          if (!opts.allowDataLoss) throw new Error(formatDataLoss("preview", opts.stack, refusal, false));
          console.log(formatDataLoss("preview", opts.stack, refusal, true));
        }
        const changes = Object.entries(result.changeSummary).filter(([op, n]) => op !== "same" && Number(n) > 0);
        if (opts.expectNoChanges && changes.length > 0) process.exitCode = 2;
      }, true);
    });
  const refresh = stackCommand("refresh", "compare the stack's state with the database and record drift (pulumi refresh)")
    .action(async (opts: { stack: string }) => {
      await withStack(opts.stack, async (stack) => {
        const result = await stack.refresh({ onOutput: (s) => process.stdout.write(s) });
        console.log(JSON.stringify(result.summary.resourceChanges));
      });
    });
  const destroy = stackCommand("destroy", "remove everything the stack created (refused while its tables hold rows, unless --allow-data-loss)")
    .option("--remove", "also delete the stack and its configuration")
    .option("--allow-data-loss", ALLOW_FLAG)
    .action(async (opts: { stack: string; remove?: boolean; allowDataLoss?: boolean }) => {
      await withStack(opts.stack, async (stack) => {
        allowDataLoss(stack, opts.allowDataLoss);
        if (keepsRows(opts.stack)) {
          const refusal = await destroyDataLoss(stack);
          if (refusal.counts.length > 0) {
            if (!opts.allowDataLoss) throw new Error(formatDataLoss("destroy", opts.stack, refusal, false));
            console.log(formatDataLoss("destroy", opts.stack, refusal, true));
          }
        }
        const progress = new StepProgress(`pulumi destroy ${opts.stack}`);
        await stack.destroy({ onEvent: onEngineEvent(progress), remove: opts.remove });
        console.log(`destroyed ${progress.finish()} resources of stack ${opts.stack}`);
      });
    });
  const cancel = stackCommand("cancel", "clear the lock an interrupted run (killed, CI job cancelled) left on a stack")
    .option("--force", "also when the lock was taken on another host (you know that run is gone)")
    .action(async (opts: { stack: string; force?: boolean }) => {
      const result = await cancelStack(opts.stack, { force: opts.force });
      if (result.cleared === 0) {
        console.log(`stack ${opts.stack} is not locked`);
        return;
      }
      console.log(`cleared the lock on stack ${opts.stack}`);
      for (const line of result.orphans) console.log(line);
      if (result.pending.length > 0) {
        console.log(
          `the interrupted run left ${result.pending.length} operation(s) unfinished:\n  ${result.pending.join("\n  ")}\n` +
            `the next 'supastack up -s ${opts.stack}' carries on from the recorded state and does these again: schemas left empty, ` +
            `policies and views the killed run created are taken over, grants and migrations are re-applied; ` +
            `if one still fails with "already exists", the object holds data this stack did not create: remove it and run up again`,
        );
      }
    });
  return [up, preview, refresh, destroy, cancel];
}
