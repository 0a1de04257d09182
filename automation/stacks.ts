// Opening the project's stacks (Pulumi.yaml in the project root, program pulumi-program.js -> dist/program.js) through the
// Automation API, and reading their outputs, for the CLI.
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { parseStackConfig, type StackConfig, supastackKeys } from "../program/config";
import { engineEnv, pulumiCommand } from "./engine";
import { projectRoot } from "../local/paths";

export async function openStack(stackName: string, options: { create?: boolean } = {}): Promise<Stack> {
  const root = projectRoot();
  const opts = { workDir: root, pulumiCommand: await pulumiCommand(root), envVars: engineEnv(stackName, root) };
  return options.create ? LocalWorkspace.createOrSelectStack({ stackName, workDir: root }, opts) : LocalWorkspace.selectStack({ stackName, workDir: root }, opts);
}

/** A stack's outputs as plain values (secrets included: callers must not print them). */
export async function stackOutputs(stackName: string): Promise<Record<string, unknown>> {
  const stack = await openStack(stackName);
  const outputs = await stack.outputs();
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
}

/** A stack's configuration as its program reads it (parseStackConfig), secrets decrypted: callers must not print them. */
export async function readStackConfig(stack: Pick<Stack, "getAllConfig">): Promise<StackConfig> {
  const all = await stack.getAllConfig();
  return parseStackConfig(supastackKeys(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]))));
}
