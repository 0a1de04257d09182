// `supastack up|preview|refresh|destroy [--stack name]`: the project's stacks through the
// Automation API and the pinned engine, with progress and a short summary.
import { Command } from "commander";
import type { Stack } from "@pulumi/pulumi/automation";
import { redactUrl } from "../../stacks/postgres/client";
import { openStack } from "../../stacks/stacks";
import { onEngineEvent } from "../engine-events";
import { seconds, StepProgress, summary } from "../output";

export interface UpSummary {
  stack: string;
  databaseUrl?: string;
  schemas: string[];
  resources: number;
  changes: Record<string, number>;
  elapsedMs: number;
}

function verbose(): { onOutput?: (s: string) => void } {
  return process.env.SUPASTACK_VERBOSE ? { onOutput: (s) => process.stdout.write(s) } : {};
}

/** Runs `pulumi up` on a project stack and returns what a person wants to know about it. */
export async function upStack(stackName: string, options: { create?: boolean } = {}): Promise<UpSummary> {
  const t0 = Date.now();
  const stack = await openStack(stackName, { create: options.create });
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
    ["schemas", s.schemas.join(", ") || "(none)"],
    ["resources", `${s.resources} (${changed || "no changes"})`],
    ["took", seconds(s.elapsedMs)],
  ]);
}

async function withStack(stackName: string, fn: (stack: Stack) => Promise<void>): Promise<void> {
  await fn(await openStack(stackName));
}

export function stackCommands(): Command[] {
  const up = new Command("up")
    .description("apply a stack (pulumi up) and summarise it")
    .option("-s, --stack <name>", "stack name", "dev")
    .action(async (opts: { stack: string }) => {
      console.log(formatUpSummary(await upStack(opts.stack, { create: opts.stack === "dev" })));
    });
  const preview = new Command("preview")
    .description("show what `up` would change (exit code 2 when it would change something, with --expect-no-changes)")
    .option("-s, --stack <name>", "stack name", "dev")
    .option("--expect-no-changes", "fail when the stack would change")
    .action(async (opts: { stack: string; expectNoChanges?: boolean }) => {
      await withStack(opts.stack, async (stack) => {
        const result = await stack.preview({ diff: true, onOutput: (s) => process.stdout.write(s) });
        const changes = Object.entries(result.changeSummary).filter(([op, n]) => op !== "same" && Number(n) > 0);
        if (opts.expectNoChanges && changes.length > 0) process.exitCode = 2;
      });
    });
  const refresh = new Command("refresh")
    .description("compare the stack's state with the database and record drift (pulumi refresh)")
    .option("-s, --stack <name>", "stack name", "dev")
    .action(async (opts: { stack: string }) => {
      await withStack(opts.stack, async (stack) => {
        const result = await stack.refresh({ onOutput: (s) => process.stdout.write(s) });
        console.log(JSON.stringify(result.summary.resourceChanges));
      });
    });
  const destroy = new Command("destroy")
    .description("remove everything the stack created")
    .option("-s, --stack <name>", "stack name", "dev")
    .option("--remove", "also delete the stack and its configuration")
    .action(async (opts: { stack: string; remove?: boolean }) => {
      await withStack(opts.stack, async (stack) => {
        const progress = new StepProgress(`pulumi destroy ${opts.stack}`);
        await stack.destroy({ onEvent: onEngineEvent(progress), remove: opts.remove });
        console.log(`destroyed ${progress.finish()} resources of stack ${opts.stack}`);
      });
    });
  return [up, preview, refresh, destroy];
}
