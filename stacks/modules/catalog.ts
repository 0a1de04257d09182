// The domain modules a stack can pick (supastack:modules), by name.
import type { ModuleSpec } from "./spec";
import { supportModule } from "./support";

export const MODULE_NAMES = ["voice", "support", "contact_center", "jobs", "agentflow"] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

const specs: Partial<Record<ModuleName, ModuleSpec>> = {
  support: supportModule,
};

export function moduleSpec(name: ModuleName): ModuleSpec {
  const spec = specs[name];
  if (!spec) throw new Error(`module ${name} is not implemented yet`);
  return spec;
}

export function implementedModules(): ModuleName[] {
  return MODULE_NAMES.filter((m) => specs[m] !== undefined);
}
