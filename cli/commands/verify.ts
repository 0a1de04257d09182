// `supastack verify`: check a live database against the stack's modules; non-zero on any finding.
import { Command } from "commander";
import { stackOutputs } from "../../stacks/stacks";
import { formatReport, verifyDatabase } from "../../stacks/verify/verify";
import { presentModules } from "../../seeds/api";
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
      let modules: string[];
      if (opts.modules) modules = parseModules(opts.modules);
      else if (opts.databaseUrl) modules = await presentModules(target.url);
      else modules = ((await stackOutputs(opts.stack ?? "dev")).modules as string[] | undefined) ?? [];
      if (modules.length === 0) throw new Error("no modules to verify: pass --modules");
      const result = await verifyDatabase(target.url, modules);
      console.log(formatReport(result, target.label));
      if (result.findings.length > 0) process.exitCode = 1;
    });
}
