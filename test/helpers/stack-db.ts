// A test database with modules applied by the real engine, as `pulumi up` of a stack does it.
import { defineEnvironment } from "../../program/environment";
import { MODULE_NAMES } from "../../modules/catalog";
import { createTestDatabase, type TestDatabase } from "./database";
import { testStack, type TestStack } from "./engine";

export interface AppliedDatabase {
  db: TestDatabase;
  ts: TestStack;
  /** Drops the database and forgets the stack (faster than destroy; the database is gone anyway). */
  dispose(): Promise<void>;
}

export async function databaseWithModules(name: string, modules: readonly string[] = MODULE_NAMES, options: { adminUrl?: string } = {}): Promise<AppliedDatabase> {
  const db = await createTestDatabase(name, { adminUrl: options.adminUrl });
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
