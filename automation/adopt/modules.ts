// The modules an adoption acts on, and their plans: what `supastack adopt` (cli/commands/adopt.ts)
// and the tests that adopt a legacy database before `up` (test/helpers/stack-db.ts) both start from.
import type { Client } from "pg";
import { moduleFiles, type SupastackModule } from "../../modules/define";
import { inspectModule, type ModuleToAdopt } from "./inspect";
import { type ModuleAdoptPlan, planAdoption } from "./plan";

/** A module as the stack places it, with its migration files. */
export async function moduleToAdopt(spec: SupastackModule): Promise<ModuleToAdopt> {
  return { module: spec.name, target: spec.schema, files: await moduleFiles(spec), directory: spec.sqlLabel };
}

/** The plan of each module, read from the database (read-only), in order. */
export async function planModules(client: Client, modules: readonly ModuleToAdopt[]): Promise<ModuleAdoptPlan[]> {
  const plans: ModuleAdoptPlan[] = [];
  for (const m of modules) {
    const { input, findings } = await inspectModule(client, m);
    plans.push(planAdoption(input, findings));
  }
  return plans;
}
