// Database: a database of its own on a PostgreSQL server (an ephemeral stack's, on the local
// server), made Supabase-shaped on creation and dropped, with its connections, on delete.
// CREATE/DROP DATABASE cannot run in a transaction, so this kind manages its own.
// The connection is postgres's (CREATEDB, not a superuser, as on Supabase), so the database is
// postgres's; its Supabase bootstrap is what Supabase itself does for a new project, so it runs as
// the server's superuser: on the local server, supabase_admin is found from the connection's port
// (bootstrap in local/instance.ts); elsewhere the connection must be a superuser's.
import { z } from "zod";
import { bootstrap } from "../../../local/instance";
import { ownName } from "../fields";
import { connectionField, type PgProviderSpec } from "../provider";
import { ident } from "../sql";

export const databaseSchema = z.object({
  /** A connection to the server's maintenance database (postgres) as a role that may create databases (postgres). */
  connection: connectionField,
  name: ownName("name").refine((n) => !["postgres", "template0", "template1"].includes(n), "must not be postgres, template0 or template1"),
  /** Add the Supabase roles, auth schema and auth functions (as a Supabase project has them). */
  supabaseBootstrap: z.boolean().default(true),
});
export type DatabaseInputs = z.infer<typeof databaseSchema>;

/** The connection string of `database` on the server `connection` points at. */
export function databaseUrl(connection: string, database: string): string {
  const url = new URL(connection);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function planCreateDatabase(name: string): string {
  return `CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8'`;
}

export function planDropDatabase(name: string): string {
  return `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`;
}

export const databaseSpec: PgProviderSpec<DatabaseInputs, DatabaseInputs> = {
  kind: "Database",
  schema: databaseSchema,
  replaceOn: ["name", "connection", "supabaseBootstrap"],
  deleteBeforeReplace: true,
  transactional: false,
  id: (d) => d.name,
  async create(client, inputs) {
    await client.query(planCreateDatabase(inputs.name));
    try {
      if (inputs.supabaseBootstrap) await bootstrap(databaseUrl(inputs.connection, inputs.name));
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
  async delete(client, id) {
    await client.query(planDropDatabase(id));
  },
};
