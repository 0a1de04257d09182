// Applies modules' SQL files straight to a database (no engine), for tests of the SQL itself.
import { readMigrationFiles } from "../../stacks/modules/files";
import { withClient } from "../../providers/postgres/client";
import { ident } from "../../providers/postgres/sql";

export async function applyModuleSql(url: string, modules: readonly string[], times = 1): Promise<void> {
  await withClient(url, async (c) => {
    for (const m of modules) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(m)}`);
      for (let i = 0; i < times; i++) for (const f of readMigrationFiles(m)) await c.query(f.sql);
    }
  });
}
