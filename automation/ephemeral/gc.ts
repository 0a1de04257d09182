// `supastack gc`: destroy ephemeral stacks (by tag) older than a limit; never any other stack.
import { removeEphemeral, type CleanupReport } from "./cleanup";
import { ephemeralDatabaseName, type GcDecision, planGc, type StackInfo } from "./naming";
import { lockHolder, removeLockFiles, stackLocks } from "../engine";
import { ephemeralStack, PROJECT, projectWorkspace } from "./workspace";
import { readStackConfig } from "../stacks";

export interface GcResult extends GcDecision {
  report?: CleanupReport;
}

async function listStackInfo(): Promise<StackInfo[]> {
  const ws = await projectWorkspace();
  const stacks = await ws.listStacks();
  return Promise.all(stacks.map(async (s) => ({ name: s.name, lastUpdate: s.lastUpdate, tags: await ws.listTags(s.name).catch(() => ({})) })));
}

export async function collectGarbage(options: { olderThanMs: number; dryRun: boolean; now?: number }): Promise<GcResult[]> {
  const plan = planGc(await listStackInfo(), options.olderThanMs, options.now ?? Date.now());
  const results: GcResult[] = [];
  for (const decision of plan) {
    if (decision.action !== "destroy" || options.dryRun) {
      results.push(decision);
      continue;
    }
    let database = ephemeralDatabaseName(decision.name);
    // A run killed mid-operation left its lock: older than the limit and not running here, it is dead.
    const locks = stackLocks(decision.name, PROJECT);
    if (locks.some((l) => lockHolder(l) === "running")) {
      results.push({ ...decision, report: { destroyed: false, problems: [`locked by a run still going on this host (${locks.map((l) => `pid ${l.pid}`).join(", ")})`] } });
      continue;
    }
    // Held from another host (where its pid cannot be checked) more recently than the limit: leave it.
    const now = options.now ?? Date.now();
    const recent = locks.filter((l) => lockHolder(l) === "unknown" && now - (Date.parse(l.timestamp ?? "") || 0) < options.olderThanMs);
    if (recent.length > 0) {
      results.push({ ...decision, report: { destroyed: false, problems: [`locked by a run on ${recent.map((l) => `${l.hostname ?? "?"} since ${l.timestamp ?? "?"}`).join(", ")}, younger than the limit`] } });
      continue;
    }
    removeLockFiles(locks);
    try {
      const stack = await ephemeralStack(decision.name, { create: false });
      database = (await readStackConfig(stack)).localDatabase;
      results.push({ ...decision, report: await removeEphemeral(decision.name, database, stack) });
    } catch {
      results.push({ ...decision, report: await removeEphemeral(decision.name, database) });
    }
  }
  return results;
}
