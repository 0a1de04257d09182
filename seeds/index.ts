// The seed generators by module, in the catalog's order.
import type { ModuleSeeder } from "./engine/types";
import { supportSeeder } from "./support";

export const SEEDERS: ModuleSeeder[] = [supportSeeder];

export function seederFor(module: string): ModuleSeeder | undefined {
  return SEEDERS.find((s) => s.module === module);
}
