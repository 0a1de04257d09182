// Applies modules' SQL files straight to a database (no engine), for tests of the SQL itself.
import { readMigrationFiles } from "../../modules/files";
import { withClient } from "../../providers/postgres/client";
import { migrationSearchPath } from "../../providers/postgres/providers/migration";
import { ident } from "../../providers/postgres/sql";

export async function applyModuleSql(url: string, modules: readonly string[], times = 1): Promise<void> {
  await withClient(url, async (c) => {
    for (const m of modules) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(m)}`);
      // As the Migration runs them: the module's schema first on the search_path.
      await c.query(`SET search_path TO ${migrationSearchPath(m)}`);
      for (let i = 0; i < times; i++) for (const f of readMigrationFiles(m)) await c.query(f.sql);
      await c.query("RESET search_path");
    }
  });
}
