// Rows are never dropped without the user asking. The kinds whose delete or whose pending SQL
// would remove rows (Schema: DROP SCHEMA ... CASCADE; Migration: the tables its files created, and a
// new file's DROP TABLE / DROP COLUMN / TRUNCATE / DELETE / ALTER COLUMN ... TYPE; Database: DROP
// DATABASE; a Supabase Project the stack created: its whole database, providers/supabase/project.ts)
// carry `protectRows` (default true: the program turns it off only on the local dev stack and on
// ephemeral stacks, which own the database they made). Their deletes, the replacements their diff
// plans (beforeReplace) and Migration's check of new files refuse. A protected resource counts the rows
// it would take and refuses, naming each table and its rows, unless this one run allows it
// (SUPASTACK_ALLOW_DATA_LOSS=1, which `supastack up|preview|destroy --allow-data-loss` sets): the
// providers themselves refuse, so the raw Pulumi CLI is as safe as supastack's commands.
import type { Queryable } from "./client";
import { countRows, describeRows, type RowCount, type TableRef, tablesIn } from "./rows";
import type { RowChange, RowTarget, WrittenName } from "./statements";

/** The environment variable that allows one run to drop rows (the engine hands it to the providers). */
export const ALLOW_DATA_LOSS_ENV = "SUPASTACK_ALLOW_DATA_LOSS";

/** True when this run was told it may drop rows. */
export function dataLossAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[ALLOW_DATA_LOSS_ENV]?.trim().toLowerCase();
  return value === "1" || value === "true";
}

/** How to allow it, for the end of every refusal. */
export const ALLOW_HINT = `to drop them, run again with --allow-data-loss (supastack up, preview, destroy) or ${ALLOW_DATA_LOSS_ENV}=1 (pulumi up, destroy)`;

export class DataLossRefused extends Error {}

/** Pure: the refusal's text, or undefined when nothing holds rows. */
export function refusal(action: string, counts: readonly RowCount[]): string | undefined {
  const holding = counts.filter((c) => c.rows > 0);
  if (holding.length === 0) return undefined;
  return [`${action} would drop or rewrite rows, and this stack keeps its rows unless told otherwise (protectRows); nothing was dropped:`, ...holding.map((c) => `  ${describeRows(c)}`), ALLOW_HINT].join("\n");
}

/** Throws the refusal when the resource protects rows, this run does not allow dropping them, and `tables` hold some. */
export async function refuseDroppingRows(client: Queryable, protectRows: boolean | undefined, action: string, tables: () => Promise<TableRef[]>): Promise<void> {
  if (protectRows === false || dataLossAllowed()) return;
  const message = refusal(action, await countRows(client, await tables()));
  if (message) throw new DataLossRefused(message);
}

/**
 * The ordinary and partitioned tables of every schema but PostgreSQL's own and the migration
 * bookkeeping (supastack.migrations, a seed's staging tables, the Supabase CLI's
 * supabase_migrations history, which records the files whose tables are counted): the user rows
 * DROP DATABASE takes.
 */
export async function allTables(client: Queryable): Promise<TableRef[]> {
  const { rows } = await client.query(
    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'supastack', 'supastack_seed_stage', 'supabase_migrations')",
  );
  return tablesIn(
    client,
    rows.map((r) => r.nspname as string),
  );
}

/** The table a name written in a file means, looked up the way the file's search_path will (its schema, then public). */
async function resolveTable(client: Queryable, name: WrittenName, searchPath: readonly string[]): Promise<TableRef | undefined> {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM unnest($1::text[]) WITH ORDINALITY AS s(name, i)
       JOIN pg_namespace n ON n.nspname = s.name
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = $2 AND c.relkind IN ('r', 'p')
      ORDER BY s.i LIMIT 1`,
    [name.schema ? [name.schema] : searchPath, name.name],
  );
  return rows[0] as TableRef | undefined;
}

/** Tables whose foreign keys reach `table`, directly or through others (what TRUNCATE ... CASCADE empties too). */
async function referencing(client: Queryable, table: TableRef): Promise<TableRef[]> {
  const { rows } = await client.query(
    `WITH RECURSIVE refs(oid) AS (
       SELECT c.conrelid FROM pg_constraint c WHERE c.contype = 'f' AND c.confrelid = format('%I.%I', $1::text, $2::text)::regclass
       UNION SELECT c.conrelid FROM pg_constraint c JOIN refs r ON c.confrelid = r.oid WHERE c.contype = 'f')
     SELECT n.nspname AS schema, k.relname AS table FROM refs JOIN pg_class k ON k.oid = refs.oid JOIN pg_namespace n ON n.oid = k.relnamespace
      ORDER BY 1, 2`,
    [table.schema, table.table],
  );
  return rows as TableRef[];
}

/** Tables with a column of the type (what DROP TYPE/DOMAIN ... CASCADE takes columns from). */
async function tablesUsingType(client: Queryable, type: WrittenName, searchPath: readonly string[]): Promise<TableRef[]> {
  const { rows } = await client.query(
    `WITH t AS (
       SELECT ty.oid FROM unnest($1::text[]) WITH ORDINALITY AS s(name, i)
         JOIN pg_namespace n ON n.nspname = s.name JOIN pg_type ty ON ty.typnamespace = n.oid AND ty.typname = $2
        ORDER BY s.i LIMIT 1)
     SELECT DISTINCT n.nspname AS schema, c.relname AS table
       FROM pg_attribute a JOIN t ON a.atttypid = t.oid
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p') JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`,
    [type.schema ? [type.schema] : searchPath, type.name],
  );
  return rows as TableRef[];
}

/** The tables one target takes rows (or columns) from, as they are in the database now. */
async function targetTables(client: Queryable, target: RowTarget, searchPath: readonly string[]): Promise<TableRef[]> {
  switch (target.kind) {
    case "schema":
      return tablesIn(client, [target.schema]);
    case "type":
      return tablesUsingType(client, target.type, searchPath);
    case "table": {
      const table = await resolveTable(client, target.table, searchPath);
      if (!table) return [];
      return target.cascade ? [table, ...(await referencing(client, table))] : [table];
    }
  }
}

/** Pure: what a statement does to a table, for a refusal's heading. */
function what(change: RowChange, target: RowTarget): string {
  if (target.kind === "table" && target.column) return `${target.column.change === "drop" ? "DROP COLUMN" : "ALTER COLUMN ... TYPE of"} ${target.column.name}`;
  return change.statement;
}

/**
 * The refusals for a file's statements that would remove rows from tables that hold some: one text
 * per statement, naming the file, its line, what it does and each table with its rows.
 */
export async function pendingFileRefusals(client: Queryable, where: string, changes: readonly RowChange[], searchPath: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const change of changes) {
    const counts: RowCount[] = [];
    const seen = new Set<string>();
    const actions: string[] = [];
    for (const target of change.targets) {
      for (const t of await targetTables(client, target, searchPath)) {
        const key = `${t.schema}.${t.table}`;
        if (!actions.includes(what(change, target))) actions.push(what(change, target));
        if (seen.has(key)) continue;
        seen.add(key);
        counts.push(...(await countRows(client, [t])));
      }
    }
    const heading = change.statement === "ALTER TABLE" ? `ALTER TABLE ... ${actions.join(", ")}` : change.statement;
    const message = refusal(`${where} line ${change.line}: ${heading}`, counts);
    if (message) out.push(message);
  }
  return out;
}
