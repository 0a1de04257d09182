// `supastack verify`: check a live database against the stack's modules; non-zero on any finding.
// Which modules: --modules, else the ones the stack's outputs list, else (for --database-url) the
// catalog's modules whose schema exists in the database.
import { Command } from "commander";
import { existingSchemas } from "../../providers/postgres/client";
import { isModuleName, MODULE_NAMES, moduleSpec } from "../../stacks/modules/catalog";
import { stackOutputs } from "../../stacks/stacks";
import { formatReport, verifyDatabase } from "../../stacks/verify/verify";
import { parseModules } from "../flags";
import { resolveTarget } from "../target";

/** The catalog's modules whose schema exists in the database, in catalog order. */
async function modulesPresent(url: string): Promise<string[]> {
  const present = await existingSchemas(url, MODULE_NAMES.map((m) => moduleSpec(m).schema));
  return MODULE_NAMES.filter((m) => present.has(moduleSpec(m).schema));
}

export function verifyCommand(): Command {
  return new Command("verify")
    .description("check the live database against the stack: RLS, policies, views, definer functions, FK indexes, declared objects")
    .option("-s, --stack <name>", "the stack whose database and modules to check (default dev)")
    .option("--database-url <url>", "check this database instead of a stack's")
    .option("--modules <list>", "modules to check (default: the stack's, or those present in --database-url)")
    .action(async (opts: { stack?: string; databaseUrl?: string; modules?: string }) => {
      const target = await resolveTarget({ databaseUrl: opts.databaseUrl, stack: opts.stack });
      let modules: string[];
      if (opts.modules) modules = parseModules(opts.modules);
      else if (opts.databaseUrl) modules = await modulesPresent(target.url);
      else modules = (((await stackOutputs(opts.stack ?? "dev")).modules as string[] | undefined) ?? []).filter(isModuleName);
      if (modules.length === 0) throw new Error("no modules to verify: pass --modules");
      const result = await verifyDatabase(target.url, modules);
      console.log(formatReport(result, target.label));
      if (result.findings.length > 0) process.exitCode = 1;
    });
}
