// `supastack adopt [-s stack] [--modules m,...] [--yes] [--validate]`: bring a database the
// applications already run under the stack (automation/adopt/). Without --yes it reads and prints
// the plan, changing nothing: exit 0 when every module can be adopted, 1 when one cannot. With
// --yes it adopts them in one transaction, prints each table's rows and checksum before and after, then runs the
// stack's `up`, which creates the module's policies, grants and views and records every object in
// the stack's state. --validate validates the constraints adoption left NOT VALID, where the rows
// no longer break them.
import { Command } from "commander";
import { adoptModules, prepareAdoption, validatePending } from "../../automation/adopt/apply";
import type { ModuleToAdopt } from "../../automation/adopt/inspect";
import { moduleToAdopt, planModules } from "../../automation/adopt/modules";
import { formatAdoptPlan } from "../../automation/adopt/plan";
import { openStack, readStackConfig } from "../../automation/stacks";
import { connectionUrl, readInstance } from "../../local/instance";
import { stackModules } from "../../program/environment";
import type { StackConfig } from "../../program/config";
import { withClient } from "../../providers/postgres/client";
import type { TableFingerprint } from "../../providers/postgres/rows";
import { parseModules } from "../flags";
import { formatUpSummary, upStack } from "./stack";

/** The database a stack's configuration points at, before the stack has outputs. */
export function configuredDatabaseUrl(stack: string, config: StackConfig): string {
  if (config.target === "url") return config.databaseUrl!;
  if (config.target === "local") {
    const instance = readInstance();
    if (!instance) throw new Error(`stack ${stack} targets the local server, which is not set up here; run 'npm start' first`);
    return connectionUrl(instance, config.localDatabase);
  }
  throw new Error(
    `stack ${stack} targets a Supabase project the stack creates; adopt works on a database that exists: ` +
      `give a stack supastack:target url with the project's direct connection string (Project Settings > Database) as supastack:databaseUrl`,
  );
}

export function adoptCommand(): Command {
  return new Command("adopt")
    .description("bring an existing database's tables under the stack: print the plan (exit 1 when it cannot be adopted); --yes adopts and runs up")
    .option("-s, --stack <name>", "the stack whose database and modules to adopt", "dev")
    .option("--modules <list>", "only these of the stack's modules")
    .option("--yes", "adopt: one transaction, then the stack's up")
    .option("--validate", "validate the constraints adoption left NOT VALID, where the rows no longer break them")
    .action(async (opts: { stack: string; modules?: string; yes?: boolean; validate?: boolean }) => {
      const config = await readStackConfig(await openStack(opts.stack, { create: true }));
      const placed = stackModules(config);
      const wanted = opts.modules ? parseModules(opts.modules) : placed.map((m) => m.name);
      for (const name of wanted) if (!placed.some((m) => m.name === name)) throw new Error(`--modules: ${name} is not in stack ${opts.stack}'s supastack:modules (${placed.map((m) => m.name).join(", ")})`);
      const modules: ModuleToAdopt[] = [];
      for (const spec of placed.filter((m) => wanted.includes(m.name as never))) modules.push(await moduleToAdopt(spec));
      const url = configuredDatabaseUrl(opts.stack, config);
      if (opts.validate) {
        await withClient(url, async (client) => {
          for (const m of modules) {
            const r = await validatePending(client, m);
            for (const o of r.validated) console.log(`validated ${o}`);
            for (const p of r.pending) console.log(`still NOT VALID: ${p.object} (${p.error})`);
            if (r.pending.length > 0) process.exitCode = 1;
          }
        });
        return;
      }
      const prepared = await withClient(url, async (client) => {
        const plans = await planModules(client, modules);
        console.log(formatAdoptPlan(plans, opts.yes === true));
        if (plans.some((p) => p.blockers.length > 0)) {
          process.exitCode = 1;
          return undefined;
        }
        if (!opts.yes) return undefined;
        const ready = [];
        for (const [i, m] of modules.entries()) ready.push(await prepareAdoption(client, m, plans[i]!));
        const outcomes = await adoptModules(client, ready, (line) => console.log(line));
        console.log("committed. rows before -> after (checksum over the columns each table had):");
        const print = (f: TableFingerprint) => `${f.rows} rows, md5 ${f.checksum.slice(0, 12)}`;
        for (const o of outcomes) for (const r of o.rows) console.log(`  ${r.table}: ${print(r.before)} -> ${print(r.after)}`);
        const notValid = outcomes.flatMap((o) => o.notValid);
        if (notValid.length > 0) {
          console.log(`left NOT VALID (rows break them; fix the rows, then: supastack adopt -s ${opts.stack} --validate):`);
          for (const n of notValid) console.log(`  ${n}`);
        }
        return outcomes;
      });
      if (!prepared) return;
      console.log(`running up for stack ${opts.stack}: the modules' policies, grants and views, and every object into the stack's state`);
      console.log(formatUpSummary(await upStack(opts.stack)));
    });
}
