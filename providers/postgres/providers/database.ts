// Database: a database of its own on a PostgreSQL server (an ephemeral stack's, on the local
// server), made Supabase-shaped on creation and dropped, with its connections, on delete.
// CREATE/DROP DATABASE cannot run in a transaction, so this kind manages its own.
// The connection is postgres's (CREATEDB, not a superuser, as on Supabase), so the database is
// postgres's; its Supabase bootstrap is what Supabase itself does for a new project, so it runs as
// the server's superuser: `adminConnection` (the program passes the local server's supabase_admin),
// else the connection must be a superuser's (bootstrap in ../bootstrap.ts).
import { databaseSchema, type DatabaseInputs } from "../shapes/database";
import { bootstrap } from "../bootstrap";
import { withClient } from "../client";
import { allTables, dataLossAllowed, refuseDroppingRows } from "../dataLoss";
import type { PgProviderSpec } from "../provider";
import { ident } from "../sql";
import { withDatabase } from "../url";

export { databaseSchema, type DatabaseInputs } from "../shapes/database";

export function planCreateDatabase(name: string): string {
  return `CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8'`;
}

export function planDropDatabase(name: string): string {
  return `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`;
}

/** Refuses when the database holds rows and protects them (a database that is gone holds none). */
async function refuseDroppingDatabase(olds: DatabaseInputs, action: string): Promise<void> {
  if (olds.protectRows === false || dataLossAllowed()) return;
  await withClient(withDatabase(olds.connection, olds.name), (db) => refuseDroppingRows(db, olds.protectRows, action, () => allTables(db))).catch((error: { code?: string }) => {
    if (error.code !== "3D000") throw error; // invalid_catalog_name: it does not exist
  });
}

export const databaseSpec: PgProviderSpec<DatabaseInputs, DatabaseInputs> = {
  kind: "Database",
  // Stacks applied before protectRows existed record none: to the provider that means protected (dataLoss.ts).
  absentMeans: { protectRows: true },
  schema: databaseSchema,
  replaceOn: ["name", "connection", "supabaseBootstrap"],
  ignoreInDiff: ["adminConnection"],
  deleteBeforeReplace: true,
  transactional: false,
  id: (d) => d.name,
  async create(client, inputs) {
    await client.query(planCreateDatabase(inputs.name));
    try {
      if (inputs.supabaseBootstrap) await bootstrap(withDatabase(inputs.connection, inputs.name), { adminUrl: inputs.adminConnection });
    } catch (error) {
      // Half a database is worse than none: the engine would not know it exists.
      await client.query(planDropDatabase(inputs.name)).catch(() => undefined);
      throw error;
    }
    return inputs;
  },
  async read(client, id, olds) {
    const { rows } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [id]);
    return rows[0] ? olds : undefined;
  },
  async update(_client, _id, _olds, news) {
    return news;
  },
  beforeReplace: (olds) => refuseDroppingDatabase(olds, `replacing database ${olds.name} (dropped and created again, empty)`),
  async delete(client, id, olds) {
    await refuseDroppingDatabase({ ...olds, name: id }, `dropping database ${id}`);
    await client.query(planDropDatabase(id));
  },
};
