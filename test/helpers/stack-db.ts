// A test database with modules applied by the real engine, as `pulumi up` of a stack does it; with
// `adopted` (or SUPASTACK_CALLS_ADOPTED=1, which test/calls-adopted/ sets), the database first holds
// each module's legacy database in public (test/helpers/legacy.ts), which `supastack adopt` moves
// into the module's schema (automation/adopt/) before the same `up`.
import { defineEnvironment } from "../../program/environment";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { adoptModules, prepareAdoption } from "../../automation/adopt/apply";
import { moduleToAdopt, planModules } from "../../automation/adopt/modules";
import { buildLegacyDatabase } from "./legacy";
import { createTestDatabase, type TestDatabase } from "./database";
import { testStack, type TestStack } from "./engine";

export interface AppliedDatabase {
  db: TestDatabase;
  ts: TestStack;
  /** Drops the database and forgets the stack (faster than destroy; the database is gone anyway). */
  dispose(): Promise<void>;
}

/** Builds the modules' legacy databases in public and adopts them into the modules' own schemas, as `supastack adopt --yes` does before its up. */
export async function adoptLegacy(url: string, modules: readonly string[]): Promise<void> {
  await buildLegacyDatabase(url, { modules, placement: "public" });
  await withClient(url, async (client) => {
    const toAdopt = await Promise.all(modules.map((name) => moduleToAdopt(builtinModule(name as never))));
    const plans = await planModules(client, toAdopt);
    const prepared = [];
    for (const [i, m] of toAdopt.entries()) {
      if (plans[i]!.blockers.length > 0) throw new Error(`adopting the legacy ${m.module}: ${plans[i]!.blockers.join("; ")}`);
      prepared.push(await prepareAdoption(client, m, plans[i]!));
    }
    await adoptModules(client, prepared, () => {});
  });
}

export async function databaseWithModules(name: string, modules: readonly string[] = MODULE_NAMES, options: { adminUrl?: string; adopted?: boolean } = {}): Promise<AppliedDatabase> {
  const db = await createTestDatabase(name, { adminUrl: options.adminUrl });
  if (options.adopted ?? process.env.SUPASTACK_CALLS_ADOPTED === "1") await adoptLegacy(db.url, modules);
  const ts = await testStack({
    name,
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(modules) });
      return { schemas: env.schemas };
    },
  });
  const up = await ts.stack.up();
  if (up.summary.result !== "succeeded") throw new Error(`pulumi up of ${name} did not succeed`);
  return {
    db,
    ts,
    async dispose() {
      await db.drop();
      await ts.forget();
    },
  };
}
