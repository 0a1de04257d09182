// Removing an ephemeral stack completely: destroy its resources (its database last), remove the
// stack, drop the database even if destroy could not, and delete the work folder.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { backendUrl } from "../engine";
import { engineFailure } from "../engineErrors";
import { connectionUrl, readInstance } from "../../local/instance";
import { withClient } from "../../providers/postgres/client";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { planDropDatabase } from "../../providers/postgres/providers/database";
import { ephemeralStack, ephemeralWorkDir, PROJECT, projectWorkspace } from "./workspace";

export interface CleanupReport {
  destroyed: boolean;
  problems: string[];
}

const firstLine = (error: unknown) => engineFailure(error, 1).slice(0, 300);

export async function removeEphemeral(stackName: string, database: string, stack?: Stack): Promise<CleanupReport> {
  const problems: string[] = [];
  let destroyed = false;
  let removed = false;
  try {
    const s = stack ?? (await ephemeralStack(stackName, { create: false }));
    // An ephemeral stack owns everything it made, rows included (one made before its resources
    // carried protectRows would otherwise keep them: providers/postgres/dataLoss.ts).
    (s.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV] = "1";
    await s.destroy({ remove: true });
    destroyed = true;
    removed = true;
  } catch (error) {
    problems.push(`destroy: ${firstLine(error)}`);
    try {
      const ws = await projectWorkspace();
      await ws.removeStack(stackName, { force: true });
      removed = true;
    } catch (error2) {
      if (!/no stack named|not found/i.test(String(error2))) problems.push(`remove stack: ${firstLine(error2)}`);
      else removed = true;
    }
  }
  // Belt and braces: whatever the engine managed, the stack's own database does not outlive it.
  const instance = readInstance();
  if (instance) {
    try {
      await withClient(connectionUrl(instance, "postgres"), (c) => c.query(planDropDatabase(database)));
    } catch (error) {
      problems.push(`drop database ${database}: ${firstLine(error)}`);
    }
  }
  // The work folder holds the run's passphrase: it goes only with the stack, so gc can still decrypt a stack left behind.
  if (removed) fs.rmSync(ephemeralWorkDir(stackName), { recursive: true, force: true });
  if (destroyed) removeBackups(stackName);
  return { destroyed, problems };
}

/** The file backend keeps a .bak of a removed stack's last checkpoint; a removed ephemeral stack leaves none. */
function removeBackups(stackName: string): void {
  const backend = backendUrl();
  if (!backend.startsWith("file://")) return;
  const dir = path.join(fileURLToPath(backend), ".pulumi", "stacks", PROJECT);
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir)) {
    if (file.startsWith(`${stackName}.json`)) fs.rmSync(path.join(dir, file), { force: true });
  }
}
