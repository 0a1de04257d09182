// The names of supastack's own modules, in the catalog's order (supastack:modules). The catalog
// (catalog.ts) maps each to its module object; this list stands alone so that defineModule, which
// every module's declaration calls while the catalog loads, can keep these names for our modules.
export const MODULE_NAMES = ["voice", "support", "contact_center", "jobs", "agentflow"] as const;
export type ModuleName = (typeof MODULE_NAMES)[number];

/** Whether `name` is one of the modules supastack ships. */
export function isModuleName(name: string): name is ModuleName {
  return (MODULE_NAMES as readonly string[]).includes(name);
}
