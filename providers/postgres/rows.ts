// The rows of a database's tables, counted and fingerprinted: what a plan that would drop or rewrite
// data names ("jobs.jobs: 196 rows"), and what a change that must lose nothing (adopt, a schema
// move, a killed run and its recovery) compares before and after. Read-only; identifiers quoted.
import type { Queryable } from "./client";
import { identList, qualified } from "./sql";

export interface TableRef {
  schema: string;
  table: string;
}

export interface RowCount extends TableRef {
  /** Exact up to `cap`; `cap` itself when the table holds more (then `atLeast` is true). */
  rows: number;
  atLeast: boolean;
}

export interface TableFingerprint extends TableRef {
  rows: number;
  /** md5 over the md5 of every row's text form, in sorted order: independent of physical order. */
  checksum: string;
}

/** Counting stops here: a plan needs to say "more than a million rows", not to scan them all. */
export const COUNT_CAP = 1_000_000;

/** Pure: `jobs.jobs: 196 rows`, `voice.call_results: more than 1,000,000 rows`, `support.users: 1 row`. */
export function describeRows(c: RowCount): string {
  const n = c.rows.toLocaleString("en-US");
  if (c.atLeast) return `${c.schema}.${c.table}: more than ${n} rows`;
  return `${c.schema}.${c.table}: ${n} row${c.rows === 1 ? "" : "s"}`;
}

/** Exact row counts (capped at `cap`), one statement per table, in the order given. */
export async function countRows(client: Queryable, tables: readonly TableRef[], cap = COUNT_CAP): Promise<RowCount[]> {
  const out: RowCount[] = [];
  for (const t of tables) {
    const { rows } = await client.query(`SELECT count(*)::bigint AS n FROM (SELECT 1 FROM ${qualified(t.schema, t.table)} LIMIT ${cap + 1}) s`);
    const n = Number(rows[0]?.n ?? 0);
    out.push({ ...t, rows: Math.min(n, cap), atLeast: n > cap });
  }
  return out;
}

/** The ordinary and partitioned tables of `schemas`, sorted by schema and name. */
export async function tablesIn(client: Queryable, schemas: readonly string[]): Promise<TableRef[]> {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1, 2`,
    [schemas],
  );
  return rows as TableRef[];
}

/** A table's columns, in order: what a fingerprint over "the columns it has now" is taken on, so the same columns can be compared after it gains more. */
export async function tableColumns(client: Queryable, t: TableRef): Promise<string[]> {
  const { rows } = await client.query("SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum", [qualified(t.schema, t.table)]);
  return rows.map((r) => r.attname as string);
}

/**
 * A table's row count and checksum. `columns` limits the fingerprint to those columns (in that
 * order), so a table that gained columns can be compared with what it held before.
 */
export async function fingerprint(client: Queryable, t: TableRef, columns?: readonly string[]): Promise<TableFingerprint> {
  const row = columns && columns.length > 0 ? `ROW(${identList(columns)})::text` : "t::text";
  const { rows } = await client.query(
    `SELECT count(*)::bigint AS n, coalesce(md5(string_agg(h, '' ORDER BY h)), md5('')) AS checksum
       FROM (SELECT md5(${row}) AS h FROM ${qualified(t.schema, t.table)} t) s`,
  );
  return { ...t, rows: Number(rows[0]?.n ?? 0), checksum: String(rows[0]?.checksum) };
}

/** Fingerprints of every table in `schemas` (see fingerprint), keyed `schema.table`. */
export async function fingerprintSchemas(client: Queryable, schemas: readonly string[]): Promise<Map<string, TableFingerprint>> {
  const out = new Map<string, TableFingerprint>();
  for (const t of await tablesIn(client, schemas)) out.set(`${t.schema}.${t.table}`, await fingerprint(client, t));
  return out;
}
