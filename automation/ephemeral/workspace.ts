// Ephemeral stacks through the Automation API: an inline program (the same environment the
// project's program.ts declares) in a work folder of their own under .supastack/ephemeral, in the
// project's backend, so `supastack gc` and `supastack outputs` see them beside dev.
import fs from "node:fs";
import path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { backendUrl, engineEnv, pulumiCommand, repairCheckpoints } from "../engine";
import { environmentProgram } from "../../program/environment";
import { projectRoot, stateDir } from "../../local/paths";

export const PROJECT = "supastack";

export function ephemeralWorkDir(stackName: string, root = projectRoot()): string {
  return path.join(stateDir(root), "ephemeral", stackName);
}

/** Creates (create: true, failing when it exists) or selects an ephemeral stack. */
export async function ephemeralStack(stackName: string, options: { create: boolean }): Promise<Stack> {
  const root = projectRoot();
  const workDir = ephemeralWorkDir(stackName, root);
  fs.mkdirSync(workDir, { recursive: true });
  const opts = {
    workDir,
    pulumiCommand: await pulumiCommand(root),
    // A random passphrase per run (kept in the work folder, mode 0600), unless the user gives one.
    envVars: engineEnv(stackName, root, { createPassphrase: options.create }),
    projectSettings: { name: PROJECT, runtime: "nodejs" as const, backend: { url: backendUrl(root) } },
  };
  const args = { stackName, projectName: PROJECT, program: environmentProgram };
  return options.create ? LocalWorkspace.createStack(args, opts) : LocalWorkspace.selectStack(args, opts);
}

/** The project's workspace (for listing stacks and their tags: no secret is read, so no passphrase is needed). */
export async function projectWorkspace(): Promise<LocalWorkspace> {
  const root = projectRoot();
  // A run killed mid-write (an ephemeral run's SIGKILL, gc's whole reason) must not stop the listing.
  for (const note of repairCheckpoints(PROJECT, backendUrl(root))) console.error(`supastack: ${note}`);
  return LocalWorkspace.create({ workDir: root, pulumiCommand: await pulumiCommand(root), envVars: engineEnv("dev", root, { passphrase: "" }) });
}
