// View: CREATE [OR REPLACE] VIEW with security_invoker on by default. A definition change is a
// CREATE OR REPLACE where PostgreSQL allows it (same leading columns); diff asks PostgreSQL itself,
// in a rolled-back transaction, and plans a replacement when it does not.
import type { Client } from "pg";
import { viewSchema, type ViewInputs } from "../shapes/view";
import { parseSql } from "../parse";
import { withClient } from "../client";
import type { PgProviderSpec } from "../provider";
import { qualified } from "../sql";

export { viewSchema, type ViewInputs } from "../shapes/view";
export type ViewOutputs = ViewInputs & { definitionStored?: string };

function options(v: ViewInputs): string {
  return `WITH (security_invoker = ${v.securityInvoker}, security_barrier = ${v.securityBarrier})`;
}

export function planCreateView(v: ViewInputs, orReplace = false): string {
  return `CREATE ${orReplace ? "OR REPLACE " : ""}VIEW ${qualified(v.schema, v.name)} ${options(v)} AS ${v.definition.replace(/;\s*$/, "")}`;
}

interface StoredView {
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
    `SELECT pg_get_viewdef(c.oid, true) AS definition, c.reloptions
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'v'`,
    [schema, name],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    definition: row.definition,
    securityInvoker: option(row.reloptions, "security_invoker"),
    securityBarrier: option(row.reloptions, "security_barrier"),
  };
}

/** True when PostgreSQL accepts CREATE OR REPLACE of the new definition over the current view. */
export async function canReplaceInPlace(client: Client, v: ViewInputs): Promise<boolean> {
  await client.query("BEGIN");
  try {
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
  return { ...v, definitionStored: (await readView(client, v.schema, v.name))?.definition };
}

export const viewSpec: PgProviderSpec<ViewInputs, ViewOutputs> = {
  kind: "View",
  schema: viewSchema,
  replaceOn: ["schema", "name"],
  deleteBeforeReplace: true,
  async validate(v) {
    const parsed = await parseSql(v.definition);
    if (parsed.error) return [{ property: "definition", reason: `definition does not parse: ${parsed.error}` }];
    if (parsed.statements !== 1) return [{ property: "definition", reason: "definition must be a single query" }];
    return [];
  },
  async replaces(olds, news) {
    if (olds.definition === news.definition) return [];
    const fits = await withClient(news.connection, async (client) => {
      if (!(await readView(client, olds.schema, olds.name))) return true;
      return canReplaceInPlace(client, news);
    });
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
  async update(client, _id, _olds, news) {
    await client.query(planCreateView(news, true));
    return stored(client, news);
  },
  async delete(client, _id, olds) {
    await client.query(`DROP VIEW IF EXISTS ${qualified(olds.schema, olds.name)}`);
  },
};
