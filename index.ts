/**
 * supastack as a library, for your own Pulumi program and scripts:
 *
 * - resources: PostgreSQL (`Role`, `Schema`, `Grant`, `RlsPolicy`, `View`, `Migration`, ...) and
 *   Supabase Management API (`Project`, `Settings`, `NetworkRestrictions`) dynamic resources;
 * - modules: `defineModule` for your own, `modules.jobs` / `builtinModule("jobs")` for ours,
 *   `declareModules(connection, [...])` to declare a set of them on one database;
 * - data: `seed({ databaseUrl, modules, profile, seed })`, deterministic and all-or-nothing;
 * - checks and types: `verify(databaseUrl, modules)`, `generateTypes(databaseUrl, { schemas })`.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import { declareModules, defineModule, modules } from "supastack";
 *
 * const crm = defineModule({ name: "crm", sql: "sql/crm", tables: [...], policies: [...] });
 * export = async () => {
 *   const url = new pulumi.Config().requireSecret("databaseUrl");
 *   await declareModules(url, [modules.jobs, modules.support, crm]);
 * };
 *
 * @packageDocumentation
 */
import { builtinModule, MODULE_NAMES, type ModuleName } from "./stacks/modules/catalog";
import type { SupastackModule } from "./stacks/modules/define";
import { resolveModule } from "./stacks/modules/toolkit";
import { type VerifyResult, verifyDatabase } from "./stacks/verify/verify";

export * from "./providers/postgres/resources";
export * from "./providers/supabase/resources";

export { builtinModule, isModuleName, MODULE_NAMES, type ModuleName } from "./stacks/modules/catalog";
export { DomainModule, type DomainModuleArgs } from "./stacks/modules/component";
export { type ModuleDefinition, moduleDefinitionSchema, type SupastackModule } from "./stacks/modules/define";
export type { ApiRole, ColumnPrivilege, Command, FunctionSpec, ModuleSpec, PolicySpec, TablePrivilege, TableSpec, ViewSpec } from "./stacks/modules/spec";
export { declareModules, defineModule } from "./stacks/modules/toolkit";

export { type SeedableModule, type SeedOptions, seed } from "./seeds/api";
export type { Persona, Profile } from "./seeds/engine/types";
export type { SeedResult, TableResult } from "./seeds/engine/run";
export type { GeneratedUser, SeedContext, SeedGenerator, SeedValue, TableWriter } from "./seeds/generator";
export type { Rng } from "./seeds/engine/prng";

export { generateTypes, type TypesOptions } from "./stacks/types";
export type { Finding } from "./stacks/verify/rules";
export type { VerifyResult } from "./stacks/verify/verify";

/** supastack's own modules as module objects: `modules.jobs`, `modules.support`, ... */
export const modules: Readonly<Record<ModuleName, SupastackModule>> = Object.freeze(
  Object.defineProperties(
    {} as Record<ModuleName, SupastackModule>,
    Object.fromEntries(MODULE_NAMES.map((name) => [name, { enumerable: true, get: () => builtinModule(name) }])),
  ),
);

/**
 * Checks a live database against modules (ours by name, or module objects): RLS on every table,
 * policies and views as declared, security_invoker views, definer functions, indexed foreign keys,
 * API-role privileges. `findings` is empty when the database is clean.
 */
export async function verify(databaseUrl: string, moduleList: readonly (SupastackModule | ModuleName)[]): Promise<VerifyResult> {
  return verifyDatabase(databaseUrl, moduleList.map(resolveModule));
}
