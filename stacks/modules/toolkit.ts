// The module half of the public API: define a module of your own, and declare modules (ours and
// yours) on a database connection from any Pulumi program.
import type * as pulumi from "@pulumi/pulumi";
import { builtinModule, builtinSchemas, isModuleName, MODULE_NAMES, type ModuleName } from "./catalog";
import { DomainModule } from "./component";
import { definitionProblems, type ModuleDefinition, moduleFiles, moduleFromDefinition, type SupastackModule } from "./define";

/**
 * Defines a module of your own: a schema built by your migrations, RLS on every listed table,
 * grants per API role, policies, security_invoker views, callable functions and (optionally) a
 * seed generator. Throws before anything is declared, naming every field that is wrong.
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
  const problems = definitionProblems(definition, { modules: MODULE_NAMES, schemas: builtinSchemas() });
  if (problems.length > 0) throw new Error(`defineModule: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  return moduleFromDefinition(definition, options.baseDir);
}

/** A module object from a module object or the name of one of supastack's modules. */
export function resolveModule(module: SupastackModule | ModuleName | string): SupastackModule {
  if (typeof module !== "string") return module;
  if (!isModuleName(module)) throw new Error(`module ${module}: not one of supastack's modules (${MODULE_NAMES.join(", ")}); pass your module object instead`);
  return builtinModule(module);
}

/** Pure: modules that would collide with each other in one database (same name or schema). */
export function collisionProblems(modules: readonly Pick<SupastackModule, "name" | "schema">[]): string[] {
  const problems: string[] = [];
  modules.forEach((m, i) => {
    const j = modules.findIndex((o) => o.name === m.name || o.schema === m.schema);
    if (j < i) problems.push(`modules[${i}]: ${m.name} (schema ${m.schema}) collides with modules[${j}] ${modules[j]!.name} (schema ${modules[j]!.schema})`);
  });
  return problems;
}

/**
 * Declares modules on one database: each becomes a `DomainModule` component (its schema,
 * migrations, RLS, grants, policies, views and function access). Every module's SQL files are
 * parsed with PostgreSQL's parser first; nothing is declared if one is malformed.
 *
 * @example
 * const modules = await declareModules(databaseUrl, ["jobs", "support", crm]);
 */
export async function declareModules(
  connection: pulumi.Input<string>,
  modules: readonly (SupastackModule | ModuleName)[],
  opts?: pulumi.ComponentResourceOptions,
): Promise<DomainModule[]> {
  const resolved = modules.map(resolveModule);
  const collisions = collisionProblems(resolved);
  if (collisions.length > 0) throw new Error(`declareModules: ${collisions.join("; ")}`);
  const problems: string[] = [];
  const files = await Promise.all(
    resolved.map((m) =>
      moduleFiles(m).catch((error: unknown) => {
        problems.push((error as Error).message);
        return [];
      }),
    ),
  );
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return resolved.map((m, i) => new DomainModule(m.name, { connection, spec: m, files: files[i]! }, opts));
}
