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
import { builtinModule, MODULE_NAMES, type ModuleName, resolveModule, seedersOf } from "./modules/catalog";
import type { SupastackModule } from "./modules/define";
import { parseSeedOptions, type SeedOptions, seedDatabase } from "./seeds/api";
import type { SeedResult } from "./seeds/engine/run";
import { type VerifyResult, verifyDatabase } from "./verify/verify";

export * from "./providers/postgres/resources";
export * from "./providers/supabase/resources";

export { builtinModule, isModuleName, MODULE_NAMES, type ModuleName } from "./modules/catalog";
export { DomainModule, type DomainModuleArgs } from "./modules/component";
export { defineModule, type ModuleDefinition, moduleDefinitionSchema, type ModuleGenerator, type SeedTarget, type SupastackModule } from "./modules/define";
export type { ApiRole, ColumnPrivilege, Command, FunctionSpec, ModuleSpec, PolicySpec, TablePrivilege, TableSpec, ViewSpec } from "./modules/spec";
export { declareModules } from "./modules/toolkit";

export type { SeedableModule, SeedOptions } from "./seeds/api";
export type { ModuleSeeder, Persona, Profile, SeedSettings, TableSeed } from "./seedkit/types";
export type { SeedResult, TableResult } from "./seeds/engine/run";
export type { GeneratedUser, SeedContext, SeedGenerator, SeedValue, TableWriter } from "./seedkit/context";
export type { Rng } from "./seedkit/prng";

export { generateTypes, type TypesOptions } from "./verify/types";
export type { Finding } from "./verify/rules";
export type { VerifyResult } from "./verify/verify";

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

/**
 * Seeds a database with the modules' generators (ours by name, yours as module objects) in one
 * all-or-nothing run: every row becomes visible at one COMMIT of one transaction, or none does.
 * `reset: true` empties the modules' tables first, with no check of what they hold (`supastack seed
 * --reset` refuses on a database that keeps its rows).
 * Deterministic: the same seed, profile and scale write the same rows.
 *
 * @example
 * await seed({ databaseUrl, modules: ["jobs", crm], profile: "dev", seed: 1 });
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const o = parseSeedOptions(options);
  const seeders = await seedersOf(o.modules.map((m) => (typeof m === "string" ? m : resolveModule(m as SupastackModule))));
  return seedDatabase({ url: o.databaseUrl, profile: o.profile, seed: o.seed, scale: o.scale, now: o.now, seeders, only: o.only, reset: o.reset, quiet: o.quiet, personasOut: o.personasOut, signal: o.signal });
}
