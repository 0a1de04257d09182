// The seed generators of supastack's own modules, in the catalog's order, by module name.
import type { ModuleSeeder } from "./engine/types";
import { agentflowSeeder } from "./agentflow";
import { contactCenterSeeder } from "./contact_center";
import { jobsSeeder } from "./jobs";
import { supportSeeder } from "./support";
import { voiceSeeder } from "./voice";

export const SEEDERS: readonly ModuleSeeder[] = [voiceSeeder, supportSeeder, contactCenterSeeder, jobsSeeder, agentflowSeeder];

export function seederFor(module: string): ModuleSeeder | undefined {
  return SEEDERS.find((s) => s.module === module);
}
