// `supastack ephemeral --config Pulumi.staging.yaml`: an ephemeral stack shaped like another
// stack (its target, modules and settings), read from that stack's file. Encrypted (`secure:`)
// values cannot be read without that stack's passphrase, and an ephemeral stack needs none of
// them: the database password is generated, the token comes from SUPABASE_ACCESS_TOKEN.
import fs from "node:fs";
import yaml from "js-yaml";
import { parseStackConfig, type StackConfig } from "../../program/config";
import { MODULE_NAMES } from "../../modules/catalog";

export interface StackFileConfig {
  /** supastack:* keys without the prefix, as Pulumi stores them (objects and lists as JSON). */
  raw: Record<string, string>;
  /** Encrypted keys that were left out. */
  skipped: string[];
}

/** Pure: the supastack keys of a parsed Pulumi.<stack>.yaml document. */
export function stackFileConfig(document: unknown, file: string): StackFileConfig {
  const config = (document as { config?: unknown } | null)?.config;
  if (!config || typeof config !== "object") throw new Error(`${file}: has no config section`);
  const raw: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (!key.startsWith("supastack:")) continue;
    const name = key.slice("supastack:".length);
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      skipped.push(key);
      continue;
    }
    raw[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { raw, skipped };
}

export function readStackFile(file: string): StackFileConfig {
  if (!fs.existsSync(file)) throw new Error(`--config: ${file} does not exist`);
  let document: unknown;
  try {
    document = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--config: ${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  return stackFileConfig(document, file);
}

/**
 * Pure: the ephemeral stack's configuration from a template: its own database on the local server,
 * or its own Supabase project (the template's name + the stack's suffix, never an adopted one).
 */
export function ephemeralConfig(template: Record<string, string>, options: { stackName: string; database: string; modules?: string[] }): { raw: Record<string, string>; config: StackConfig } {
  const raw: Record<string, string> = { target: "local", ...template, ephemeral: "true" };
  if (options.modules) raw.modules = JSON.stringify(options.modules);
  raw.modules ??= JSON.stringify(MODULE_NAMES);
  const target = raw.target;
  if (target === "local") {
    raw.localDatabase = options.database;
    raw.createDatabase = "true";
  } else if (target === "supabase" && raw.supabase) {
    const supabase = JSON.parse(raw.supabase) as Record<string, unknown>;
    delete supabase.projectRef;
    delete supabase.dbPassword;
    supabase.name = `${String(supabase.name ?? "supastack")}-${options.stackName.replace(/^ephemeral-/, "")}`.slice(0, 256);
    raw.supabase = JSON.stringify(supabase);
  } else if (target === "url") {
    throw new Error("--config: an ephemeral stack needs a database of its own; target url points at a shared one (use target local or supabase)");
  }
  // Checked now, before anything is created; the message names the key.
  return { raw, config: parseStackConfig(raw) };
}
