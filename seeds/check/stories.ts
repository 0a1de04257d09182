// Story rules: what a module's rows must agree on across its tables (issue 27 item 3). Each module
// lists its own (modules/<m>/stories.ts, written with seedkit/checks.ts) on its seeder.
import { type CheckContext, type CheckedTable, type Finding, ModuleTables, type StoryRule } from "../../seedkit/checks";

/** Every story rule over one module's tables. */
export function checkStories(tables: readonly CheckedTable[], rules: readonly StoryRule[], ctx: CheckContext): Finding[] {
  const index = new ModuleTables(tables);
  return rules.flatMap((r) => r.check(index, ctx));
}
