// The domain modules supastack ships: the one place that names them (with names.ts, their list).
// Each is a module object made by defineModule in modules/<name>/module.ts: its declaration, its
// migrations folder and its seed generator (loaded only when the module is seeded). The program,
// the CLI, verify and the library entry find our modules here and nowhere else.
import { existingSchemas } from "../providers/postgres/client";
import type { ModuleSeeder } from "../seedkit/types";
import { agentflow } from "./agentflow/module";
import { contactCenter } from "./contact_center/module";
import type { SupastackModule } from "./define";
import { jobs } from "./jobs/module";
import { isModuleName, MODULE_NAMES, type ModuleName } from "./names";
import { support } from "./support/module";
import { voice } from "./voice/module";

export { isModuleName, MODULE_NAMES, type ModuleName };

const BUILTIN: Record<ModuleName, SupastackModule> = { voice, support, contact_center: contactCenter, jobs, agentflow };

/**
 * One of supastack's own modules as a module object, to declare next to your own
 * (`declareModules(connection, [builtinModule("jobs"), myModule])`) and to seed.
 */
/**
 * Seeded text columns that repeat by design, as "table.column" (in whatever schema the module is
 * placed): `seed --check` does not ask them to be distinct. contact_center's tool_description is
 * "Description of what the tool will do" (its source document): the tool's catalog entry.
 */
export const REPEATED_TEXT_COLUMNS: ReadonlySet<string> = new Set(["tool_permissions.tool_description"]);

export function builtinModule(name: ModuleName): SupastackModule {
  if (!isModuleName(name)) throw new Error(`module ${String(name)}: not one of supastack's modules (${MODULE_NAMES.join(", ")})`);
  return BUILTIN[name];
}

/** A module object from a module object or the name of one of supastack's modules. */
export function resolveModule(module: SupastackModule | string): SupastackModule {
  if (typeof module !== "string") return module;
  if (!isModuleName(module)) throw new Error(`module ${module}: not one of supastack's modules (${MODULE_NAMES.join(", ")}); pass your module object instead`);
  return BUILTIN[module];
}

/** The seed generators of modules (ours by name, or module objects), in order; throws naming a module without one. */
export async function seedersOf(modules: readonly (SupastackModule | string)[]): Promise<ModuleSeeder[]> {
  return Promise.all(
    modules.map((m, i) => {
      const module = resolveModule(m);
      if (module.seedable === false) throw new Error(`seed: modules[${i}]: module ${module.name} has no seed generator (give defineModule a seed)`);
      return module.seeder();
    }),
  );
}

/** Our modules whose schema exists in the database (what `seed` and `verify` act on by default). */
export async function presentModules(url: string): Promise<ModuleName[]> {
  const present = await existingSchemas(url, MODULE_NAMES.map((m) => BUILTIN[m].schema));
  return MODULE_NAMES.filter((m) => present.has(BUILTIN[m].schema));
}

/**
 * Our modules as a stack placed them, from its outputs: `modules` and, at the same positions, the
 * `schemas` they live in (supastack:schemas). Names that are not ours are left out.
 */
export function modulesOfStack(outputs: { modules?: unknown; schemas?: unknown }): SupastackModule[] {
  const names = Array.isArray(outputs.modules) ? (outputs.modules as unknown[]) : [];
  const schemas = Array.isArray(outputs.schemas) ? (outputs.schemas as unknown[]) : [];
  return names.flatMap((name, i) => {
    if (typeof name !== "string" || !isModuleName(name)) return [];
    const schema = schemas[i];
    return [typeof schema === "string" ? BUILTIN[name].inSchema(schema) : BUILTIN[name]];
  });
}
