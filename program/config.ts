// The stack's configuration (namespace `supastack`), validated before any resource is declared so
// a bad value fails at preview with a message that names the key, and nothing is applied.
import { z } from "zod";
import { MODULE_NAMES } from "../modules/catalog";
import { moduleSchemaProblem } from "../modules/define";
import { moduleIdentifier } from "../modules/spec";
import { duration } from "../providers/postgres/fields";
import { MIGRATION_TIMEOUTS } from "../providers/postgres/shapes/migration";
import { networkRestrictionsSchema } from "../providers/supabase/shapes/networkRestrictions";
import { projectSchema } from "../providers/supabase/shapes/project";
import { settingsFields } from "../providers/supabase/shapes/settings";

const TARGETS = ["local", "url", "supabase"] as const;

/** Every key a stack may set, so a misspelt key is reported instead of silently ignored. */
const KNOWN_KEYS = [
  "target",
  "modules",
  "schemas",
  "databaseUrl",
  "localDatabase",
  "createDatabase",
  "ephemeral",
  "supabase",
  "supabaseAccessToken",
  "migrationLockTimeout",
  "migrationStatementTimeout",
] as const;

const project = projectSchema.shape;

/**
 * The two Project inputs whose stack-configuration key (what users write in Pulumi.<stack>.yaml)
 * differs from the input name (what the stack's state holds): mapped here, once.
 */
export const PROJECT_CONFIG_KEYS = { adoptRef: "projectRef", sessionPort: "poolerSessionPort" } as const;
const restrictions = networkRestrictionsSchema.shape;

/**
 * supastack:supabase — the project and its settings (target supabase), validated with the fields of
 * the Project, NetworkRestrictions and Settings shapes; `projectRef` and `poolerSessionPort` are the
 * configuration's names for Project's adoptRef and sessionPort (PROJECT_CONFIG_KEYS).
 */
export const supabaseConfigSchema = z
  .object({
    organization: project.organization,
    name: project.name,
    region: project.region,
    instanceSize: project.instanceSize,
    /** Adopt an existing project by ref instead of creating one. */
    [PROJECT_CONFIG_KEYS.adoptRef]: project.adoptRef,
    /** Set it as a secret (pulumi config set --secret --path supastack:supabase.dbPassword); generated when absent. */
    dbPassword: project.dbPassword,
    apiUrl: project.apiUrl,
    /** Supabase's root CA: a PEM file's path (relative to the project) or the PEM text; connections verify the server with it. */
    caCertificate: z.string().min(1).optional(),
    /** The session pooler's port (Supavisor listens on 5432; another value only for a stand-in). */
    [PROJECT_CONFIG_KEYS.sessionPort]: project.sessionPort.unwrap().optional(),
    healthTimeoutSeconds: project.healthTimeoutSeconds.unwrap().optional(),
    pollSeconds: project.pollSeconds.unwrap().optional(),
    networkRestrictions: z
      .object({
        ipv4: restrictions.ipv4,
        ipv6: restrictions.ipv6,
        /** Apply an allow-list even when the machine running `up` is not in it (or its address is unknown). */
        allowLockout: z.boolean().default(false),
      })
      .strict()
      .optional(),
    settings: z.object(settingsFields).strict().optional(),
  })
  .strict();
export type SupabaseConfig = z.infer<typeof supabaseConfigSchema>;

const targetField = z.enum(TARGETS, { message: `must be one of ${TARGETS.join(", ")}` }).default("local");

export const stackConfigSchema = z
  .object({
    target: targetField,
    modules: z
      .array(z.enum(MODULE_NAMES, { message: `unknown module; choose from ${MODULE_NAMES.join(", ")}` }))
      .min(1, "list at least one module")
      .refine((m) => new Set(m).size === m.length, "lists a module twice"),
    /**
     * The schema each module lives in, when not its own (e.g. { jobs: public, support: public }):
     * an application's existing database usually has its tables in public. Modules may share a
     * schema when their objects do not collide (checked before anything is declared).
     */
    schemas: z
      .record(z.string(), moduleIdentifier("a schema"))
      .default({}),
    /** Any PostgreSQL (target url); a secret. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    /** Database on the local server (target local); ephemeral stacks get their own. */
    localDatabase: z.string().min(1).max(63).default("postgres"),
    /** The stack creates supastack:localDatabase on the local server and drops it on destroy. */
    createDatabase: z.enum(["true", "false"], { message: "must be true or false" }).default("false").transform((v) => v === "true"),
    /** Set by `supastack ephemeral`, for whoever reads the stack's configuration. `supastack gc` does
     * not read it: it goes by the stack's `supastack:ephemeral` tag (automation/ephemeral/naming.ts). */
    ephemeral: z.enum(["true", "false"], { message: "must be true or false" }).default("false").transform((v) => v === "true"),
    /** Supabase project settings (target supabase). */
    supabase: supabaseConfigSchema.optional(),
    /** Management API token when SUPABASE_ACCESS_TOKEN is not set; a secret. */
    supabaseAccessToken: z.string().min(1).optional(),
    /** How long each migration file may wait for a lock (its lock_timeout). */
    migrationLockTimeout: duration().default(MIGRATION_TIMEOUTS.lockTimeout),
    /** How long one statement of a migration file may run (its statement_timeout). */
    migrationStatementTimeout: duration().default(MIGRATION_TIMEOUTS.statementTimeout),
  })
  .superRefine((c, ctx) => {
    for (const [module, schema] of Object.entries(c.schemas)) {
      if (!(c.modules as readonly string[]).includes(module)) {
        ctx.addIssue({ code: "custom", path: ["schemas", module], message: `${module} is not in supastack:modules` });
      }
      const problem = schema === undefined ? undefined : moduleSchemaProblem(schema);
      if (problem) ctx.addIssue({ code: "custom", path: ["schemas", module], message: problem });
    }
    if (c.target === "url" && !c.databaseUrl) {
      ctx.addIssue({ code: "custom", path: ["databaseUrl"], message: "is required when supastack:target is url (set it with --secret)" });
    }
    if (c.createDatabase && c.target !== "local") {
      ctx.addIssue({ code: "custom", path: ["createDatabase"], message: "applies to supastack:target local only" });
    }
    if (c.createDatabase && c.localDatabase === "postgres") {
      ctx.addIssue({ code: "custom", path: ["localDatabase"], message: "must name a database of the stack's own when supastack:createDatabase is true (not postgres)" });
    }
    if (c.target === "supabase" && !c.supabase) {
      ctx.addIssue({ code: "custom", path: ["supabase"], message: "is required when supastack:target is supabase" });
    }
  });
export type StackConfig = z.infer<typeof stackConfigSchema>;

export class ConfigError extends Error {}

/** Pure: raw key -> value (JSON strings for objects and arrays, as Pulumi stores them) -> config. */
export function parseStackConfig(raw: Record<string, string | undefined>): StackConfig {
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      problems.push(`supastack:${key}: unknown key; known keys are ${KNOWN_KEYS.map((k) => `supastack:${k}`).join(", ")}`);
    }
  }
  const value: Record<string, unknown> = {};
  for (const key of KNOWN_KEYS) {
    const text = raw[key];
    if (text === undefined) continue;
    if (key === "modules" || key === "supabase" || key === "schemas") {
      try {
        value[key] = JSON.parse(text);
      } catch {
        problems.push(`supastack:${key}: must be ${key === "modules" ? "a list" : "an object"} (got ${JSON.stringify(text)})`);
      }
    } else value[key] = text;
  }
  if (value.modules === undefined && !problems.some((p) => p.startsWith("supastack:modules"))) {
    problems.push("supastack:modules: missing required configuration (e.g. pulumi config set --path 'supastack:modules[0]' support)");
  }
  const parsed = stackConfigSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, ...rest] = issue.path;
      const where = `supastack:${String(head ?? "")}${rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
      const got = typeof head === "string" && rest.length > 0 ? pick(value[head], rest) : undefined;
      if (issue.message.startsWith("missing required") || (head === "modules" && value.modules === undefined)) continue;
      problems.push(`${where}: ${issue.message}${got !== undefined ? ` (got ${JSON.stringify(got)})` : ""}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(`invalid stack configuration:\n  ${problems.join("\n  ")}`);
  return parsed.data;
}

/**
 * Pure: a stack's target alone, for a reader that needs nothing else and may not have the rest
 * (encrypted values it cannot read): supastack:target as parseStackConfig validates it.
 */
export function parseStackTarget(raw: Record<string, string | undefined>): StackConfig["target"] {
  const parsed = targetField.safeParse(raw.target);
  if (!parsed.success) throw new ConfigError(`invalid stack configuration:\n  supastack:target: ${parsed.error.issues[0]?.message} (got ${JSON.stringify(raw.target)})`);
  return parsed.data;
}

/** Pure: the `supastack:*` keys of a stack's configuration (as Pulumi gives them, prefixed) without the prefix. */
export function supastackKeys(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).flatMap(([key, value]) => (key.startsWith("supastack:") ? [[key.slice("supastack:".length), value]] : [])));
}

function pick(value: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = value;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}
