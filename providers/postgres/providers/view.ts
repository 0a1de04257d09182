// View: CREATE [OR REPLACE] VIEW with security_invoker on by default. A definition change is a
// CREATE OR REPLACE where PostgreSQL allows it (same leading columns); diff asks PostgreSQL itself,
// in a rolled-back transaction, and plans a replacement when it does not. A new schema is the
// view's schema renamed in place (located.ts): an update at the new name.
import type { Client } from "pg";
import { viewSchema, type ViewInputs } from "../shapes/view";
import { parseSql } from "../parse";
import { withClient } from "../client";
import type { PgProviderSpec } from "../provider";
import { ident, qualified } from "../sql";
import { leftBehind } from "./located";

export { viewSchema, type ViewInputs } from "../shapes/view";
/**
 * `definitionStored` is PostgreSQL's print of the definition, to tell real drift from formatting;
 * `oid` the view's, which a schema rename keeps: delete finds the view by it (a replacement in the
 * same run as a schema rename deletes the old view after the rename moved it), by name without one.
 */
export type ViewOutputs = ViewInputs & { definitionStored?: string; oid?: number };

function options(v: ViewInputs): string {
  return `WITH (security_invoker = ${v.securityInvoker}, security_barrier = ${v.securityBarrier})`;
}

export function planCreateView(v: ViewInputs, orReplace = false): string {
  return `CREATE ${orReplace ? "OR REPLACE " : ""}VIEW ${qualified(v.schema, v.name)} ${options(v)} AS ${v.definition.replace(/;\s*$/, "")}`;
}

interface StoredView {
  oid: number;
  definition: string;
  securityInvoker: boolean;
  securityBarrier: boolean;
}

function option(reloptions: string[] | null, name: string): boolean {
  const entry = (reloptions ?? []).find((o) => o.startsWith(`${name}=`));
  return entry ? ["true", "on", "1", "yes"].includes(entry.slice(name.length + 1).toLowerCase()) : false;
}

async function readView(client: Client, schema: string, name: string): Promise<StoredView | undefined> {
  const { rows } = await client.query(
    `SELECT c.oid::bigint AS oid, pg_get_viewdef(c.oid, true) AS definition, c.reloptions
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'v'`,
    [schema, name],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    oid: Number(row.oid),
    definition: row.definition,
    securityInvoker: option(row.reloptions, "security_invoker"),
    securityBarrier: option(row.reloptions, "security_barrier"),
  };
}

/**
 * True when PostgreSQL accepts CREATE OR REPLACE of the new definition over the view as it will be
 * when the change is applied: asked in a transaction that is rolled back. A schema renamed in the
 * same run (olds.schema -> news.schema, not done yet at preview) is renamed first in that
 * transaction, as Schema's update will have done by the time this view is updated.
 */
export async function canReplaceInPlace(client: Client, v: ViewInputs, renamedFrom?: string): Promise<boolean> {
  await client.query("BEGIN");
  try {
    if (renamedFrom !== undefined && renamedFrom !== v.schema) {
      const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)", [[renamedFrom, v.schema]]);
      const present = new Set(rows.map((r) => r.nspname as string));
      if (present.has(renamedFrom) && !present.has(v.schema)) await client.query(`ALTER SCHEMA ${ident(renamedFrom)} RENAME TO ${ident(v.schema)}`);
    }
    if (!(await readView(client, v.schema, v.name))) return true;
    await client.query(planCreateView(v, true));
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42P16 invalid_table_definition (columns dropped/renamed), 42804 datatype_mismatch.
    if (code === "42P16" || code === "42804") return false;
    throw error;
  } finally {
    await client.query("ROLLBACK");
  }
}

async function stored(client: Client, v: ViewInputs): Promise<ViewOutputs> {
  const now = await readView(client, v.schema, v.name);
  return { ...v, definitionStored: now?.definition, oid: now?.oid };
}

/** Where the view recorded by `oid` is now (its schema may have been renamed), if it still exists. */
async function viewByOid(client: Client, oid: number | undefined, name: string): Promise<string | undefined> {
  if (oid === undefined) return undefined;
  const { rows } = await client.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS view FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = $1 AND c.relname = $2 AND c.relkind = 'v'`,
    [oid, name],
  );
  return rows[0]?.view;
}

export const viewSpec: PgProviderSpec<ViewInputs, ViewOutputs> = {
  kind: "View",
  schema: viewSchema,
  replaceOn: ["name"],
  deleteBeforeReplace: true,
  async validate(v) {
    const parsed = await parseSql(v.definition);
    if (parsed.error) return [{ property: "definition", reason: `definition does not parse: ${parsed.error}` }];
    if (parsed.statements !== 1) return [{ property: "definition", reason: "definition must be a single query" }];
    return [];
  },
  async replaces(olds, news) {
    if (olds.definition === news.definition) return [];
    const fits = await withClient(news.connection, (client) => canReplaceInPlace(client, news, olds.schema));
    return fits ? [] : ["definition"];
  },
  id: (v) => `${v.schema}.${v.name}`,
  async create(client, inputs) {
    // CREATE OR REPLACE when the view is there already: a run killed between creating it and the
    // engine recording it left it behind (PostgreSQL still refuses a replacement that drops or
    // retypes columns, so an unrelated view of that name is not silently changed into another).
    const left = await readView(client, inputs.schema, inputs.name);
    await client.query(planCreateView(inputs, left !== undefined));
    return stored(client, inputs);
  },
  async read(client, _id, olds) {
    const now = await readView(client, olds.schema, olds.name);
    if (!now) return undefined;
    return {
      ...olds,
      securityInvoker: now.securityInvoker,
      securityBarrier: now.securityBarrier,
      definition: now.definition === olds.definitionStored ? olds.definition : now.definition,
    };
  },
  async update(client, _id, olds, news) {
    // After a rename in place the view is at the new name already; a declaration moved to another
    // schema creates it there and drops the one left behind.
    const here = olds.schema === news.schema || (await readView(client, news.schema, news.name)) !== undefined;
    await client.query(planCreateView(news, here));
    if (await leftBehind(client, olds, news, { old: olds.name, new: news.name })) await client.query(`DROP VIEW IF EXISTS ${qualified(olds.schema, olds.name)}`);
    return stored(client, news);
  },
  async delete(client, _id, olds) {
    await client.query(`DROP VIEW IF EXISTS ${(await viewByOid(client, olds.oid, olds.name)) ?? qualified(olds.schema, olds.name)}`);
  },
};
