// Modules as objects, made by defineModule from a definition: its declaration (spec.ts) in the
// schema it lives in, the folder of its ordered migrations and its seed generator. supastack's
// own modules are defined with it too (modules/<name>/module.ts); a definition is validated before
// anything is declared, with errors that name the field.
import path from "node:path";
import { z } from "zod";
import { authResetSql, truncateSql } from "../seedkit/reset";
import type { ModuleSeeder, SeedTarget } from "../seedkit/types";
import type { SeedGenerator } from "../seedkit/context";
import type { MigrationFile } from "../providers/postgres/providers/migration";
import { sqlIdentifier } from "../providers/postgres/sql";
import { projectRoot } from "../local/paths";
import { isModuleName } from "./names";
import { anonymousGuards } from "./policies";
import { moduleSqlDir, readMigrationDir, sqlDirectory, sqlProblems } from "./files";
import { sqlObjects } from "./objects";
import {
  functionSpecSchema,
  moduleIdentifier,
  type ModuleSpec,
  moduleSpecProblems,
  type PolicySpec,
  sequenceSpecSchema,
  tableSpecSchema,
  type ViewSpec,
} from "./spec";

export type { SeedTarget };

/**
 * A streaming generator for the seeding engine: tables whose rows are produced lazily, in foreign
 * key order, at constant memory (supastack's own modules seed millions of rows this way). Most
 * modules use `seed` (a SeedGenerator) instead.
 */
export type ModuleGenerator = (target: SeedTarget) => ModuleSeeder | Promise<ModuleSeeder>;

/**
 * Parts of a definition that name the module's own objects in SQL (policies, views) may be given as
 * a function of the module's schema, ready to put in SQL (`${schema}.jobs`), so the module can live
 * in any schema a stack maps it to.
 */
type InSchema<T> = readonly T[] | ((schema: string) => readonly T[]);
const inSchema = <T>(what: string) =>
  z.custom<InSchema<T>>((v) => Array.isArray(v) || typeof v === "function", `${what} is a list, or a function (schema) => list`).default([]);
const fn = <T>(message: string) => z.custom<T>((v) => typeof v === "function", message).optional();

/** What defineModule takes. */
export const moduleDefinitionSchema = z.strictObject({
  /** The module's name: unique among the modules of a stack, not one of supastack's. */
  name: moduleIdentifier("name"),
  /** The schema the module lives in by default (default: the name); a stack may map it to another. */
  schema: moduleIdentifier("schema").optional(),
  description: z.string().default(""),
  /** The folder of `NNN_name.sql` migrations (relative paths: from the program's directory). */
  sql: z.string().min(1, "sql names the folder of the module's NNN_name.sql migrations"),
  tables: z.array(tableSpecSchema).min(1, "tables lists at least one table (RLS is turned on for each)"),
  policies: inSchema<PolicySpec>("policies"),
  views: inSchema<ViewSpec>("views"),
  functions: z.array(functionSpecSchema).default([]),
  sequences: z.array(sequenceSpecSchema).default([]),
  /** A seed generator `(ctx) => void` writing rows through ctx.table(...) (seedkit/context.ts). */
  seed: fn<SeedGenerator>("seed is a function (ctx) => void that writes rows"),
  /** A streaming generator instead of `seed` (ModuleGenerator); loaded only when the module is seeded. */
  generator: fn<ModuleGenerator>("generator is a function (target) => ModuleSeeder"),
});

/** A module's definition: see moduleDefinitionSchema for each field. */
export type ModuleDefinition = z.input<typeof moduleDefinitionSchema>;
type Definition = z.output<typeof moduleDefinitionSchema>;

/** A module ready to declare (declareModules) and to seed (seed), in one schema. */
export interface SupastackModule extends ModuleSpec {
  /** Absolute path of the folder holding the module's `NNN_name.sql` migrations. */
  readonly sqlDir: string;
  /** How messages name that folder. */
  readonly sqlLabel: string;
  /** True for supastack's own modules. */
  readonly builtin: boolean;
  /** Whether the module has a seed generator. */
  readonly seedable: boolean;
  /** Its seed generator for the schema it is in (loaded on first use: the program never loads one). */
  seeder(): Promise<ModuleSeeder>;
  /** The same module living in another schema. */
  inSchema(schema: string): SupastackModule;
}

/** Schemas a module may not live in: Supabase's own, the ones PostgreSQL keeps, and supastack's bookkeeping. */
const SYSTEM_SCHEMAS = new Set([
  "auth", "storage", "extensions", "graphql", "graphql_public", "realtime", "vault", "pgsodium", "pgsodium_masks",
  "supabase_functions", "supabase_migrations", "net", "cron", "pgbouncer", "information_schema", "supastack",
]);

/**
 * Pure: why a module cannot live in `schema`, or undefined. `public` is allowed (an application's
 * tables usually are there; the stack then never creates, drops or re-grants it).
 */
export function moduleSchemaProblem(schema: string): string | undefined {
  return SYSTEM_SCHEMAS.has(schema) ? `${schema} is a Supabase or system schema; a module lives in public or a schema of its own` : undefined;
}

/** Pure: the declaration of a parsed definition in `schema`, and its problems (each naming its field). */
function specIn(d: Definition, schema: string): { spec?: ModuleSpec; problems: string[] } {
  const sql = sqlIdentifier(schema);
  const policies = typeof d.policies === "function" ? d.policies(sql) : d.policies;
  return moduleSpecProblems({
    name: d.name,
    schema,
    description: d.description,
    tables: d.tables,
    // The module's policies and, after them, the restrictive ones that keep anonymous sign-ins
    // from the writes its tables do not declare for them (TableSpec.anonymous).
    policies: Array.isArray(policies) ? [...policies, ...anonymousGuards(d.tables, policies)] : policies,
    views: typeof d.views === "function" ? d.views(sql) : d.views,
    functions: d.functions,
    sequences: d.sequences,
  });
}

/**
 * Pure: the problems of a definition, each naming the field; empty when it is valid. `sqlDir` is
 * where its migrations are: supastack's module names (and their schemas) belong to supastack's own
 * module folders, and a definition elsewhere may not take them.
 */
export function definitionProblems(input: unknown, sqlDir?: string): string[] {
  const parsed = moduleDefinitionSchema.safeParse(input);
  const name = typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "(unnamed)";
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `module ${name}: ${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`);
  }
  const d = parsed.data;
  const schema = d.schema ?? d.name;
  const problems: string[] = [];
  const ours = isModuleName(d.name) && sqlDir !== undefined && path.resolve(sqlDir) === moduleSqlDir(d.name);
  if (!ours) {
    if (isModuleName(d.name)) problems.push(`module ${d.name}: name: ${d.name} is one of supastack's modules; pick another name`);
    if (isModuleName(schema)) problems.push(`module ${d.name}: schema: ${schema} belongs to one of supastack's modules`);
    const problem = moduleSchemaProblem(schema);
    if (problem) problems.push(`module ${d.name}: schema: ${problem}`);
  }
  if (d.seed && d.generator) problems.push(`module ${d.name}: seed, generator: give one of them`);
  problems.push(...specIn(d, schema).problems);
  return problems;
}

function moduleObject(d: Definition, schema: string, sqlDir: string, sqlLabel: string, builtin: boolean): SupastackModule {
  const { spec, problems } = specIn(d, schema);
  if (!spec) throw new Error(`module ${d.name} in schema ${schema}: ${problems.join("; ")}`);
  const { seed, generator } = d;
  const module: SupastackModule = {
    ...spec,
    sqlDir,
    sqlLabel,
    builtin,
    seedable: seed !== undefined || generator !== undefined,
    async seeder() {
      if (!generator && !seed) throw new Error(`module ${d.name} has no seed generator (give defineModule a seed)`);
      const target = await seedTarget(module);
      if (generator) return generator(target);
      // Loaded here, not at the top: faker is the seed run's, never the Pulumi program's.
      const { customSeeder } = await import("../seedkit/context.js");
      return customSeeder(target, seed as SeedGenerator);
    },
    inSchema(other) {
      const problem = moduleSchemaProblem(other);
      if (problem) throw new Error(`module ${d.name}: schema: ${problem}`);
      return other === schema ? module : moduleObject(d, other, sqlDir, sqlLabel, builtin);
    },
  };
  return module;
}

/**
 * Defines a module: a schema built by its migrations, RLS on every listed table, grants per API
 * role, policies, security_invoker views, callable functions and (optionally) a seed generator.
 * Throws before anything is declared, naming every field that is wrong.
 *
 * @example
 * const crm = defineModule({
 *   name: "crm",
 *   sql: "sql/crm", // 001_tables.sql, 002_functions.sql ... (relative to the program's directory)
 *   tables: [{ name: "companies", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } }],
 *   policies: [{ table: "companies", name: "own rows", command: "ALL", roles: ["authenticated"],
 *                using: "(select auth.uid()) = owner_id", withCheck: "(select auth.uid()) = owner_id" }],
 *   seed: (ctx) => { ... },
 * });
 */
export function defineModule(definition: ModuleDefinition, options: { baseDir?: string } = {}): SupastackModule {
  const parsed = moduleDefinitionSchema.safeParse(definition);
  const sqlDir = parsed.success ? path.resolve(options.baseDir ?? process.cwd(), parsed.data.sql) : undefined;
  const problems = definitionProblems(definition, sqlDir);
  if (problems.length > 0 || !parsed.success || sqlDir === undefined) {
    throw new Error(`defineModule: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  }
  const d = parsed.data;
  const builtin = isModuleName(d.name);
  const inProject = path.relative(projectRoot(), sqlDir);
  const label = builtin ? (inProject.startsWith("..") ? sqlDir : inProject) : path.isAbsolute(d.sql) ? d.sql : d.sql.replace(/\/+$/, "");
  return moduleObject(d, d.schema ?? d.name, sqlDir, label, builtin);
}

/**
 * What a module's generator is made for (seedkit/types.ts SeedTarget): its schema, and its tables
 * and their columns from the parse trees of its files.
 */
export async function seedTarget(module: Pick<SupastackModule, "name" | "schema" | "sqlDir" | "sqlLabel" | "builtin">): Promise<SeedTarget> {
  const { tables } = await sqlObjects(await moduleFiles(module));
  const serial = [...tables.values()].some((columns) => columns.some((c) => c.filled));
  return {
    module: module.name,
    schema: module.schema,
    table(name) {
      const columns = tables.get(name);
      if (!columns) throw new Error(`seed ${module.name}: ${module.schema}.${name} is not a table its SQL files create (${[...tables.keys()].join(", ")})`);
      return { schema: module.schema, table: name, columns: columns.filter((c) => !c.filled).map((c) => c.name) };
    },
    // Children first (the files create parents first); no CASCADE: a table outside the module that
    // references one of these makes the reset fail rather than empty it too.
    resetSql: [truncateSql(module.schema, [...tables.keys()].reverse(), { restartIdentity: serial }), authResetSql(module.name)],
  };
}

/**
 * Reads a module's migrations and parses each with PostgreSQL's parser; throws naming every bad
 * file. Ours are read from SUPASTACK_SQL_DIR/<module> when it is set (files.ts sqlDirectory).
 */
export async function moduleFiles(module: Pick<SupastackModule, "name" | "sqlDir" | "sqlLabel" | "builtin">): Promise<MigrationFile[]> {
  const dir = module.builtin ? sqlDirectory(module.name) : module.sqlDir;
  const label = dir === module.sqlDir ? module.sqlLabel : dir;
  const files = readMigrationDir(dir, label);
  const problems = await sqlProblems(module.name, files, { label });
  if (problems.length > 0) throw new Error(`invalid SQL in module ${module.name}, nothing was applied:\n  ${problems.join("\n  ")}`);
  return files;
}
