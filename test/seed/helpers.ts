// A database with one module's SQL applied and its dev-profile seed loaded, for the per-module seed tests.
import { seedersOf } from "../../modules/catalog";
import { seedDatabase } from "../../seeds/api";
import type { Persona } from "../../seedkit/types";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";
import { EPOCH } from "../../seedkit/volumes";

/** The `now` every per-module seed test pins, so times are the same whatever hour the tests run at. */
export const SEED_NOW = EPOCH;

export interface SeededModule {
  url: string;
  // biome-ignore lint/suspicious/noExplicitAny: rows of ad-hoc test queries
  q(sql: string, params?: unknown[]): Promise<any[]>;
  drop(): Promise<void>;
}

export async function seededModule(module: string, options: { profile?: "dev" | "qa"; seed?: number } = {}): Promise<SeededModule & { personas: Persona[] }> {
  const db = await createTestDatabase(`seed_${module}`);
  await applyModuleSql(db.url, [module]);
  const result = await seedDatabase({ url: db.url, seeders: await seedersOf([module]), profile: options.profile ?? "dev", seed: options.seed ?? 7, now: SEED_NOW, quiet: true });
  return {
    url: db.url,
    personas: result.personas,
    q: async (sql, params = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows,
    drop: () => db.drop(),
  };
}
