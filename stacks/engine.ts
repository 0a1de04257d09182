// How every supastack command (and the test suite) reaches the Pulumi engine: the CLI installed
// by scripts/install-engine.mjs in .tools/pulumi, Node 22 first on PATH, the project's file backend
// unless PULUMI_BACKEND_URL says otherwise, and no network calls the engine could make by itself.
import fs from "node:fs";
import path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { projectRoot, stateDir } from "./paths";

/** The dev stack's passphrase when the user sets none. It protects nothing: dev-only, documented. */
export const DEV_PASSPHRASE = "supastack-dev-only";

export function engineRoot(root = projectRoot()): string {
  return path.join(root, ".tools", "pulumi");
}

export function backendUrl(root = projectRoot()): string {
  return process.env.PULUMI_BACKEND_URL ?? `file://${path.join(stateDir(root), "state")}`;
}

/** The Pulumi CLI at the version of @pulumi/pulumi, or an error saying how to get it. */
export async function pulumiCommand(root = projectRoot()): Promise<PulumiCommand> {
  const bin = path.join(engineRoot(root), "bin", "pulumi");
  if (!fs.existsSync(bin)) {
    throw new Error(`the Pulumi engine is not installed in ${engineRoot(root)}; run 'npm run engine'`);
  }
  return PulumiCommand.get({ root: engineRoot(root) });
}

/** The passphrase for a stack: the user's, or the dev default for the dev stack only. */
export function passphraseEnv(stack: string): Record<string, string> {
  if (process.env.PULUMI_CONFIG_PASSPHRASE !== undefined || process.env.PULUMI_CONFIG_PASSPHRASE_FILE) return {};
  if (stack === "dev" || stack.startsWith("ephemeral-") || stack.startsWith("test-")) {
    return { PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE };
  }
  throw new Error(
    `stack ${stack} needs a secrets passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE). ` +
      `Only the dev stack has a built-in dev-only default.`,
  );
}

/** Environment for every engine call. */
export function engineEnv(stack: string, root = projectRoot()): Record<string, string> {
  const nodeBin = path.join(root, "node_modules", ".bin");
  fs.mkdirSync(path.join(stateDir(root), "state"), { recursive: true });
  return {
    PULUMI_BACKEND_URL: backendUrl(root),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(stateDir(root), "pulumi-home"),
    SUPASTACK_ROOT: root,
    PATH: [path.join(engineRoot(root), "bin"), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    ...passphraseEnv(stack),
  };
}
