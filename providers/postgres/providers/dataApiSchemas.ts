// DataApiSchemas: the Data API's exposed schemas of one database, set where a Supabase project
// keeps them. PostgREST reads its in-database configuration from settings of its login role,
// `authenticator` (PostgREST docs, "In-database configuration": pgrst.db_schemas); a project's
// exposed schemas are `ALTER ROLE authenticator SET pgrst.db_schemas` there, which PostgREST picks up
// on `NOTIFY pgrst, 'reload config'`. The same list is also set on the database: Supabase's linter
// (splinter; `supabase db advisors`, Studio's advisors) reads current_setting('pgrst.db_schemas') in
// its own session, which Studio fills with `set local` from the project's API settings; a session
// of postgres on the local server (the CLI's `--db-url`) sees it only from the database's settings.
// Both are per database (ALTER ROLE ... IN DATABASE): the local server holds several stacks'
// databases, each with its own modules. Setting a placeholder such as pgrst.* on another role or
// a database needs a superuser (postgres may on Supabase through supautils only), hence adminConnection.
import { withClient } from "../client";
import type { PgProviderSpec } from "../provider";
import { ident, literal } from "../sql";
import { databaseOf, withDatabase } from "../url";
import { dataApiSchemasSchema, type DataApiSchemasInputs } from "../shapes/dataApiSchemas";

export { dataApiSchemasSchema, type DataApiSchemasInputs } from "../shapes/dataApiSchemas";

/** Pure: the value PostgREST reads, "public, graphql_public, jobs". */
export function schemaList(schemas: readonly string[]): string {
  return schemas.join(", ");
}

/** Pure: the statements that set the exposed schemas of `database`. */
export function planSetSchemas(database: string, schemas: readonly string[]): string[] {
  const value = literal(schemaList(schemas));
  return [
    `ALTER ROLE authenticator IN DATABASE ${ident(database)} SET pgrst.db_schemas = ${value}`,
    `ALTER DATABASE ${ident(database)} SET pgrst.db_schemas = ${value}`,
    `NOTIFY pgrst, 'reload config'`,
  ];
}

/** Pure: the statements that remove them (PostgREST then falls back to its own configuration). */
export function planResetSchemas(database: string): string[] {
  return [
    `ALTER ROLE authenticator IN DATABASE ${ident(database)} RESET pgrst.db_schemas`,
    `ALTER DATABASE ${ident(database)} RESET pgrst.db_schemas`,
    `NOTIFY pgrst, 'reload config'`,
  ];
}

/** Pure: the schemas in a pg_db_role_setting entry ("pgrst.db_schemas=public, jobs"), or undefined. */
export function parseSetting(config: readonly string[] | null | undefined): string[] | undefined {
  const entry = (config ?? []).find((c) => c.startsWith("pgrst.db_schemas="));
  if (entry === undefined) return undefined;
  return entry
    .slice("pgrst.db_schemas=".length)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

async function asAdmin(inputs: DataApiSchemasInputs, statements: string[]): Promise<void> {
  const url = inputs.adminConnection ? withDatabase(inputs.adminConnection, databaseOf(inputs.connection)) : inputs.connection;
  await withClient(url, async (client) => {
    await client.query("BEGIN");
    try {
      for (const sql of statements) await client.query(sql);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}

export const dataApiSchemasSpec: PgProviderSpec<DataApiSchemasInputs, DataApiSchemasInputs> = {
  kind: "DataApiSchemas",
  schema: dataApiSchemasSchema,
  replaceOn: ["connection"],
  // Its id is the database: a replacement in the same database must reset before it sets again.
  deleteBeforeReplace: true,
  ignoreInDiff: ["adminConnection"],
  transactional: false,
  id: (inputs) => databaseOf(inputs.connection),
  async create(_client, inputs) {
    await asAdmin(inputs, planSetSchemas(databaseOf(inputs.connection), inputs.schemas));
    return inputs;
  },
  async read(client, id, olds) {
    const { rows } = await client.query<{ setconfig: string[] | null }>(
      `SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = $1 AND s.setrole = (SELECT oid FROM pg_roles WHERE rolname = 'authenticator')`,
      [id],
    );
    const schemas = parseSetting(rows[0]?.setconfig);
    return schemas ? { ...olds, schemas } : undefined;
  },
  async update(_client, _id, _olds, news) {
    await asAdmin(news, planSetSchemas(databaseOf(news.connection), news.schemas));
    return news;
  },
  async delete(_client, id, olds) {
    await asAdmin(olds, planResetSchemas(id));
  },
};
