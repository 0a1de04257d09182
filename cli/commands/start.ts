// `supastack start` (what `npm start` runs): the local database, the dev stack applied to it, and
// realistic data in it, in one command.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { modulesOfStack, seedersOf } from "../../modules/catalog";
import { seedDatabase } from "../../seeds/api";
import { connectionUrl, instanceDir, type LocalInstance, startLocal } from "../../local/instance";
import { backendUrl } from "../../automation/engine";
import { openStack, stackOutputs } from "../../automation/stacks";
import { seconds } from "../output";
import { rebuildHint } from "../rebuild-hint";
import { defaultPort } from "./local";
import { formatSeedSummary } from "./seed";
import { formatUpSummary, upStack } from "./stack";

export function startCommand(): Command {
  return new Command("start")
    .description("start the local database, apply the dev stack to it and seed it (dev profile)")
    .action(async () => {
      const t0 = Date.now();
      const local = await startLocal({ port: defaultPort() });
      if (local.restarted) console.log(`restarted the running local database: ${local.restarted}`);
      console.log(`local database ${local.started ? "started" : "already running"} on 127.0.0.1:${local.instance.port}`);
      const applied = appliedMarker(local.instance);
      if (!isCurrent(applied)) await forgetStaleDevState(connectionUrl(local.instance));
      const up = await upStack("dev").catch((error: unknown) => {
        const hint = rebuildHint(error instanceof Error ? error.message : String(error), "dev");
        throw hint ? new Error(hint) : error;
      });
      console.log(formatUpSummary(up));
      fs.writeFileSync(applied.file, applied.value);
      if (up.databaseUrl) {
        // The dev data is rebuilt each time, so it is always the dev profile's, seed 1.
        const seeded = await seedDatabase({ url: up.databaseUrl, seeders: await seedersOf(modulesOfStack(up)), profile: "dev", seed: 1, reset: true });
        console.log(`seeded (profile dev, seed 1):\n${formatSeedSummary(seeded)}`);
      }
      console.log(`ready in ${seconds(Date.now() - t0)}; connect with: supastack local url`);
    });
}

/**
 * A note, beside the local server's data, that the dev stack in this backend was last applied to
 * this very server (its postgres password's hash): while it holds, the dev state cannot be stale
 * (staleLocalState), and `npm start` skips reading the stack's outputs to check (the engine's
 * `stack select` and two `stack output` calls, ~1 s). A recreated server has no such note.
 */
function appliedMarker(instance: LocalInstance): { file: string; value: string } {
  const value = JSON.stringify({ backend: backendUrl(), instance: crypto.createHash("sha256").update(instance.password).digest("hex") });
  return { file: path.join(instanceDir(undefined, instance.major), "dev-stack-applied.json"), value };
}

function isCurrent(marker: { file: string; value: string }): boolean {
  return fs.existsSync(marker.file) && fs.readFileSync(marker.file, "utf8") === marker.value;
}

/**
 * Whether a stack's recorded database URL points at this local server (same host and port) with
 * credentials the server no longer has: the server was recreated since the stack was applied. A
 * stack pointing anywhere else is never stale by this test.
 */
export function staleLocalState(recorded: string, current: string): boolean {
  const a = new URL(recorded);
  const b = new URL(current);
  return a.host === b.host && (a.username !== b.username || a.password !== b.password);
}

/**
 * The dev stack describes objects in the local database. When that database was recreated (a new
 * instance, e.g. after an upgrade of supastack), the state describes a database that no longer
 * exists: nothing of it can be refreshed or destroyed, and an up on top of it fails half way. Its
 * state is forgotten (nothing real is lost: the database it described is gone) and the stack is
 * applied afresh.
 */
async function forgetStaleDevState(current: string): Promise<void> {
  let recorded: unknown;
  try {
    recorded = (await stackOutputs("dev")).databaseUrl;
  } catch {
    return; // no dev stack yet
  }
  if (typeof recorded !== "string" || !staleLocalState(recorded, current)) return;
  const stack = await openStack("dev");
  await stack.workspace.removeStack("dev", { force: true, preserveConfig: true });
  console.log("stack dev described a local database that no longer exists (it was recreated); its state was removed and the stack is applied afresh");
}
