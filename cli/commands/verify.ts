// `supastack verify`: check a live database against the stack's modules; non-zero on any finding.
// Which modules: --modules, else the ones the stack's outputs list, each in the schema the stack
// placed it in, else (for --database-url) the catalog's modules whose schema exists in the database.
import { Command } from "commander";
import { presentModules } from "../../modules/catalog";
import type { SupastackModule } from "../../modules/define";
import { formatReport, verifyDatabase } from "../../verify/verify";
import { parseModules } from "../flags";
import { resolveTarget } from "../target";

export function verifyCommand(): Command {
  return new Command("verify")
    .description("check the live database against the stack: RLS, policies, views, definer functions, FK indexes, declared objects")
    .option("-s, --stack <name>", "the stack whose database and modules to check (default dev)")
    .option("--database-url <url>", "check this database instead of a stack's")
    .option("--modules <list>", "modules to check (default: the stack's, or those present in --database-url)")
    .action(async (opts: { stack?: string; databaseUrl?: string; modules?: string }) => {
      const target = await resolveTarget({ databaseUrl: opts.databaseUrl, stack: opts.stack });
      // Our modules in the schemas the stack placed them in (a bare database: their own).
      const placed = target.modules ?? [];
      let modules: (string | SupastackModule)[];
      if (opts.modules) modules = parseModules(opts.modules).map((n) => placed.find((m) => m.name === n) ?? n);
      else if (opts.databaseUrl) modules = await presentModules(target.url);
      else modules = placed;
      if (modules.length === 0) throw new Error("no modules to verify: pass --modules");
      const result = await verifyDatabase(target.url, modules);
      console.log(formatReport(result, target.label));
      if (result.findings.length > 0) process.exitCode = 1;
    });
}
