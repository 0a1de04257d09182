// Modules as objects: a module's declaration (stacks/modules/spec.ts), the folder of its ordered
// migrations and its seed generator. supastack's own modules are module objects too
// (catalog.ts builtinModule); defineModule makes one of a user's, validated before anything is
// declared, with errors that name the field.
import path from "node:path";
import { z } from "zod";
import type { ModuleSeeder } from "../../seeds/engine/types";
import { customSeeder, type SeedGenerator } from "../../seeds/generator";
import type { MigrationFile } from "../../providers/postgres/providers/migration";
import { readMigrationDir, sqlProblems } from "./files";
import type { ModuleSpec } from "./spec";
import { tableSpecProblems } from "./spec";

/** A module ready to declare (declareModules) and to seed (seed). */
export interface SupastackModule extends ModuleSpec {
  /** Absolute path of the folder holding the module's `NNN_name.sql` migrations. */
  readonly sqlDir: string;
  /** How messages and the Migration resource name that folder (`sql/<module>` for ours). */
  readonly sqlLabel: string;
  /** The module's seed generator, if it has one. */
  readonly seeder?: ModuleSeeder;
  /** True for supastack's own modules. */
  readonly builtin: boolean;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const identifier = (what: string) =>
  z
    .string({ message: `${what} must be text` })
    .regex(IDENT, `${what} is lower-case letters, digits and _ and starts with a letter or _`)
    .max(63, `${what} is at most 63 characters`)
    .refine((n) => !n.startsWith("pg_"), `${what} may not start with pg_ (PostgreSQL reserves it)`);

const apiRole = z.enum(["anon", "authenticated"]);
const tablePrivilege = z.enum(["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "ALL"]);
const columnName = z.string().min(1);

const tableSchema = z.strictObject({
  name: identifier("the table name"),
  grants: z.partialRecord(apiRole, z.array(tablePrivilege)).default({}),
  columns: z.partialRecord(apiRole, z.partialRecord(z.enum(["INSERT", "UPDATE"]), z.array(columnName).min(1))).optional(),
});

const policySchema = z
  .strictObject({
    table: identifier("the policy's table"),
    name: z.string().min(1).max(63),
    command: z.enum(["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]),
    roles: z.array(z.enum(["anon", "authenticated", "service_role"])).min(1),
    using: z.string().min(1).optional(),
    withCheck: z.string().min(1).optional(),
    permissive: z.boolean().optional(),
  })
  .refine((p) => p.using !== undefined || p.withCheck !== undefined, { message: "a policy needs using or withCheck" });

const viewSchema = z.strictObject({
  name: identifier("the view name"),
  definition: z.string().min(1),
  grants: z.partialRecord(apiRole, z.array(z.literal("SELECT"))).default({}),
});

const functionSchema = z.strictObject({
  signature: z.string().regex(/^[a-z_][a-z0-9_]*\(.*\)$/, "a signature is name(argument types), e.g. get_stats(uuid)"),
  grants: z.array(apiRole).default([]),
});

/** What defineModule takes. */
export const moduleDefinitionSchema = z.strictObject({
  /** The module's name: unique among the modules of a stack, not one of supastack's. */
  name: identifier("name"),
  /** The schema the module owns (default: the name). */
  schema: identifier("schema").optional(),
  description: z.string().default(""),
  /** The folder of `NNN_name.sql` migrations (relative paths: from the program's directory). */
  sql: z.string().min(1, "sql names the folder of the module's NNN_name.sql migrations"),
  tables: z.array(tableSchema).min(1, "tables lists at least one table (RLS is turned on for each)"),
  policies: z.array(policySchema).default([]),
  views: z.array(viewSchema).default([]),
  functions: z.array(functionSchema).default([]),
  seed: z.custom<SeedGenerator>((v) => typeof v === "function", "seed is a function (ctx) => void that writes rows").optional(),
});

/** A module's definition: see moduleDefinitionSchema for each field. */
export type ModuleDefinition = z.input<typeof moduleDefinitionSchema>;

/** Schemas a module may not own: Supabase's own, and the ones PostgreSQL keeps. */
const SYSTEM_SCHEMAS = new Set([
  "public", "auth", "storage", "extensions", "graphql", "graphql_public", "realtime", "vault", "pgsodium", "pgsodium_masks",
  "supabase_functions", "supabase_migrations", "net", "cron", "pgbouncer", "information_schema", "supastack",
]);

/**
 * Pure: the problems of a definition against the names already taken (supastack's modules and
 * their schemas), each naming the field; empty when it is valid.
 */
export function definitionProblems(input: unknown, taken: { modules: readonly string[]; schemas: readonly string[] }): string[] {
  const parsed = moduleDefinitionSchema.safeParse(input);
  const name = typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "(unnamed)";
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `module ${name}: ${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`);
  }
  const d = parsed.data;
  const schema = d.schema ?? d.name;
  const problems: string[] = [];
  if (taken.modules.includes(d.name)) problems.push(`module ${d.name}: name: ${d.name} is one of supastack's modules; pick another name`);
  if (taken.schemas.includes(schema)) problems.push(`module ${d.name}: schema: ${schema} belongs to one of supastack's modules`);
  if (SYSTEM_SCHEMAS.has(schema)) problems.push(`module ${d.name}: schema: ${schema} is a Supabase or system schema; a module owns a schema of its own`);
  const tables = new Set(d.tables.map((t) => t.name));
  d.tables.forEach((t, i) => {
    if (d.tables.findIndex((u) => u.name === t.name) !== i) problems.push(`module ${d.name}: tables[${i}].name: ${t.name} is listed twice`);
  });
  d.policies.forEach((p, i) => {
    if (!tables.has(p.table)) problems.push(`module ${d.name}: policies[${i}].table: ${p.table} is not in tables`);
  });
  problems.push(...tableSpecProblems({ name: d.name, tables: d.tables }));
  return problems;
}

/** The module object of a validated definition; `baseDir` resolves a relative `sql` folder. */
export function moduleFromDefinition(input: ModuleDefinition, baseDir = process.cwd()): SupastackModule {
  const d = moduleDefinitionSchema.parse(input);
  const schema = d.schema ?? d.name;
  return {
    name: d.name,
    schema,
    description: d.description,
    tables: d.tables,
    policies: d.policies.map((p) => ({ ...p })),
    views: d.views,
    functions: d.functions,
    sqlDir: path.resolve(baseDir, d.sql),
    sqlLabel: path.isAbsolute(d.sql) ? d.sql : d.sql.replace(/\/+$/, ""),
    seeder: d.seed ? customSeeder(d.name, schema, d.seed) : undefined,
    builtin: false,
  };
}

/** Reads a module's migrations and parses each with PostgreSQL's parser; throws naming every bad file. */
export async function moduleFiles(module: SupastackModule): Promise<MigrationFile[]> {
  const files = readMigrationDir(module.sqlDir, module.sqlLabel);
  const problems = await sqlProblems(module.name, files, { label: module.sqlLabel });
  if (problems.length > 0) throw new Error(`invalid SQL in module ${module.name}, nothing was applied:\n  ${problems.join("\n  ")}`);
  return files;
}
