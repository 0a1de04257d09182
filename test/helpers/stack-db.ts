// A test database with modules applied by the real engine, as `pulumi up` of a stack does it, in one
// of three placements (test/calls/ runs the applications' calls in each):
//   - "created": an empty database the stack builds, each module in its own schema;
//   - "adopted": the database first holds each module's legacy database in public
//     (test/helpers/legacy.ts), which `supastack adopt --yes` (automation/adopt/) moves into the
//     module's own schema before the same `up`;
//   - "adopted-in-public": the same legacy database, adopted where it is: the stack maps each module
//     to public (supastack:schemas), so nothing moves.
import { defineEnvironment } from "../../program/environment";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import type { SupastackModule } from "../../modules/define";
import { withClient } from "../../providers/postgres/client";
import { adoptModules, prepareAdoption } from "../../automation/adopt/apply";
import { moduleToAdopt, planModules } from "../../automation/adopt/modules";
import type { Finding } from "../../verify/rules";
import { verifyDatabase } from "../../verify/verify";
import { buildLegacyDatabase, type LegacyDatabase } from "./legacy";
import { createTestDatabase, type TestDatabase } from "./database";
import { testStack, type TestStack } from "./engine";

export type Placement = "created" | "adopted" | "adopted-in-public";
export const PLACEMENTS: readonly Placement[] = ["created", "adopted", "adopted-in-public"];

export interface AppliedDatabase {
  db: TestDatabase;
  ts: TestStack;
  placement: Placement;
  /** The modules as the stack placed them (each one's schema is where its tables are). */
  modules: SupastackModule[];
  /** The legacy database the stack adopted (placements "adopted" and "adopted-in-public"). */
  legacy?: LegacyDatabase;
  /**
   * verify's findings on the modules, less those the adoption promised: one NOT VALID constraint
   * for each constraint the legacy rows break, and nothing else. When the NOT VALID findings are
   * not exactly those, all findings are returned, so a test that expects none shows them.
   */
  unexpectedFindings(): Promise<Finding[]>;
  /** Drops the database and forgets the stack (faster than destroy; the database is gone anyway). */
  dispose(): Promise<void>;
}

/** The modules' legacy databases in public, adopted into each module's schema as the stack places it, as `supastack adopt --yes` does before its up. */
export async function adoptLegacy(url: string, modules: readonly SupastackModule[]): Promise<LegacyDatabase> {
  const legacy = await buildLegacyDatabase(url, { modules: modules.map((m) => m.name), placement: "public" });
  await withClient(url, async (client) => {
    const toAdopt = await Promise.all(modules.map((m) => moduleToAdopt(m)));
    const plans = await planModules(client, toAdopt);
    const prepared = [];
    for (const [i, m] of toAdopt.entries()) {
      if (plans[i]!.blockers.length > 0) throw new Error(`adopting the legacy ${m.module}: ${plans[i]!.blockers.join("; ")}`);
      prepared.push(await prepareAdoption(client, m, plans[i]!));
    }
    await adoptModules(client, prepared, () => {});
  });
  return legacy;
}

function placed(modules: readonly string[], placement: Placement): SupastackModule[] {
  return modules.map((name) => {
    const module = builtinModule(name as never);
    return placement === "adopted-in-public" ? module.inSchema("public") : module;
  });
}

export async function databaseWithModules(
  name: string,
  modules: readonly string[] = MODULE_NAMES,
  options: { adminUrl?: string; placement?: Placement } = {},
): Promise<AppliedDatabase> {
  const placement = options.placement ?? "created";
  const specs = placed(modules, placement);
  const stackName = placement === "created" ? name : `${name}_${placement.replace(/-/g, "_")}`;
  const db = await createTestDatabase(stackName, { adminUrl: options.adminUrl });
  const legacy = placement === "created" ? undefined : await adoptLegacy(db.url, specs);
  const schemas = Object.fromEntries(specs.filter((m) => m.schema !== builtinModule(m.name as never).schema).map((m) => [m.name, m.schema]));
  const ts = await testStack({
    name: stackName,
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(modules), ...(Object.keys(schemas).length ? { schemas: JSON.stringify(schemas) } : {}) });
      return { schemas: env.schemas };
    },
  });
  const up = await ts.stack.up();
  if (up.summary.result !== "succeeded") throw new Error(`pulumi up of ${stackName} did not succeed`);
  return {
    db,
    ts,
    placement,
    modules: specs,
    legacy,
    async unexpectedFindings() {
      const { findings } = await verifyDatabase(db.url, specs);
      const promised = new Set((legacy?.violations ?? []).map((v) => `${v.module}.${v.constraint}`)).size;
      const notValid = findings.filter((f) => /NOT VALID/.test(f.problem));
      return notValid.length === promised ? findings.filter((f) => !/NOT VALID/.test(f.problem)) : findings;
    },
    async dispose() {
      await db.drop();
      await ts.forget();
    },
  };
}
