// Test stacks on the real Pulumi engine through the Automation API: an inline program, a work
// folder under .supastack/work (so the engine's plugins find node_modules and dist/), the file
// backend in that folder, and a destroy-and-remove for cleanup.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { engineEnv, pulumiCommand } from "../../automation/engine";
import { projectRoot, stateDir } from "../../local/paths";

export interface TestStack {
  stack: Stack;
  workDir: string;
  /** Destroys the stack's resources (rows included: a test stack is disposable) and removes the stack. */
  destroy(): Promise<void>;
  /** Removes the stack without destroying (its database was dropped). */
  forget(): Promise<void>;
}

export async function testStack(options: { name: string; program: PulumiFn; config?: Record<string, { value: string; secret?: boolean }> }): Promise<TestStack> {
  const root = projectRoot();
  const stackName = `test-${options.name}-${crypto.randomBytes(3).toString("hex")}`;
  const workDir = path.join(stateDir(root), "work", stackName);
  fs.mkdirSync(path.join(workDir, "state"), { recursive: true });
  // A random passphrase per test stack: no published one ever protects a test's secrets.
  const env = { ...engineEnv(stackName, root, { passphrase: crypto.randomBytes(24).toString("base64url") }), PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}` };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "supastack-test", program: options.program },
    {
      workDir,
      pulumiCommand: await pulumiCommand(root),
      envVars: env,
      projectSettings: { name: "supastack-test", runtime: "nodejs", backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    async destroy() {
      (stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV] = "1";
      await stack.destroy({ remove: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    },
    async forget() {
      await stack.workspace.removeStack(stack.name, { force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
