// The domain modules supastack ships, by name (supastack:modules), each as a module object: its
// declaration (spec) and its migrations folder; their seed generators are found by name in seeds/.
import { agentflowModule } from "./agentflow";
import { contactCenterModule } from "./contact_center";
import type { SupastackModule } from "./define";
import { sqlDirectory } from "./files";
import { jobsModule } from "./jobs";
import type { ModuleSpec } from "./spec";
import { supportModule } from "./support";
import { voiceModule } from "./voice";

export const MODULE_NAMES = ["voice", "support", "contact_center", "jobs", "agentflow"] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

const specs: Record<ModuleName, ModuleSpec> = {
  voice: voiceModule,
  support: supportModule,
  contact_center: contactCenterModule,
  jobs: jobsModule,
  agentflow: agentflowModule,
};

/** Whether `name` is one of the modules supastack ships. */
export function isModuleName(name: string): name is ModuleName {
  return (MODULE_NAMES as readonly string[]).includes(name);
}

export function moduleSpec(name: ModuleName): ModuleSpec {
  return specs[name];
}

/**
 * One of supastack's own modules as a module object, to declare next to your own
 * (`declareModules(connection, [builtinModule("jobs"), myModule])`) and to seed.
 */
export function builtinModule(name: ModuleName): SupastackModule {
  if (!isModuleName(name)) throw new Error(`module ${String(name)}: not one of supastack's modules (${MODULE_NAMES.join(", ")})`);
  return {
    ...specs[name],
    sqlDir: sqlDirectory(name),
    sqlLabel: `sql/${name}`,
    // No seeder here: seed() finds ours by name (seeds/index.ts). Loading the generators and their
    // data (faker's locales) would cost a Pulumi program that only declares the module ~0.3 s of CPU
    // on every preview, and the module layer would reach into seeds/.
    builtin: true,
  };
}

/** The schemas supastack's own modules own, which a user's module may not take. */
export function builtinSchemas(): string[] {
  return MODULE_NAMES.map((m) => specs[m].schema);
}

