// The domain modules a stack can pick (supastack:modules), by name.
import type { ModuleSpec } from "./spec";
import { agentflowModule } from "./agentflow";
import { contactCenterModule } from "./contact_center";
import { jobsModule } from "./jobs";
import { supportModule } from "./support";
import { voiceModule } from "./voice";

export const MODULE_NAMES = ["voice", "support", "contact_center", "jobs", "agentflow"] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

const specs: Partial<Record<ModuleName, ModuleSpec>> = {
  support: supportModule,
  jobs: jobsModule,
  voice: voiceModule,
  agentflow: agentflowModule,
  contact_center: contactCenterModule,
};

export function moduleSpec(name: ModuleName): ModuleSpec {
  const spec = specs[name];
  if (!spec) throw new Error(`module ${name} is not implemented yet`);
  return spec;
}

export function implementedModules(): ModuleName[] {
  return MODULE_NAMES.filter((m) => specs[m] !== undefined);
}
