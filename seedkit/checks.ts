// What seeded data is checked with (issue 27): the shape of a table read back (from a database or
// from a generator), a finding, and the helpers a module's story rules (modules/<m>/stories.ts) are
// written with. Rules are pure: they read rows handed to them and return findings naming the
// table, the column and the rows that break them. `supastack seed --check` (seeds/check/) runs them.

export interface CheckedTable {
  /** schema.table */
  name: string;
  columns: readonly string[];
  /** PostgreSQL type names (information_schema data_type) per column, when known. */
  types?: readonly string[];
  rows: readonly (readonly unknown[])[];
}

export interface CheckContext {
  /** Nothing may be later than this (ms): the seed's now, or the present. */
  now: number;
  /** Columns ("table.column", any schema) whose text repeats by design (copied from a catalog): exempt from distinct-free-text. */
  repeatedText?: ReadonlySet<string>;
}

export interface Finding {
  rule: string;
  table: string;
  column: string;
  /** How many values break the rule, and the first few of them. */
  count: number;
  examples: string[];
}

export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A value's time in ms when it is one (a Date from pg, an ISO 8601 string from a generator), else null. */
export function timeOf(v: unknown): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "string" && ISO_TIME.test(v)) return Date.parse(v);
  return null;
}

/** A row as a record by column name. */
export type Row = Readonly<Record<string, unknown>>;

/** The tables of one module by their bare names (no schema), each readable as records. */
export class ModuleTables {
  private readonly byName = new Map<string, CheckedTable>();
  private readonly records = new Map<string, Row[]>();

  constructor(tables: readonly CheckedTable[]) {
    for (const t of tables) this.byName.set(t.name.slice(t.name.indexOf(".") + 1), t);
  }

  /** schema.table of a bare table name, for findings. */
  nameOf(table: string): string {
    return this.byName.get(table)?.name ?? table;
  }

  /** The rows of `table` as records (empty when the table was not read). */
  rows(table: string): Row[] {
    const hit = this.records.get(table);
    if (hit) return hit;
    const t = this.byName.get(table);
    const out = t ? t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]]))) : [];
    this.records.set(table, out);
    return out;
  }
}

export interface StoryRule {
  name: string;
  description: string;
  check(tables: ModuleTables, ctx: CheckContext): Finding[];
}

/** A jsonb value as pg returns it (an object) or as a generator writes it (JSON text). */
export function json(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  return typeof v === "object" ? (v as Record<string, unknown>) : null;
}

/** One finding for the rows `bad` picks (with why), or none. */
export function findRows<T>(rule: string, table: string, column: string, items: readonly T[], bad: (item: T) => string | null): Finding[] {
  let count = 0;
  const examples: string[] = [];
  for (const item of items) {
    const why = bad(item);
    if (why === null) continue;
    count++;
    if (examples.length < 3) examples.push(why);
  }
  return count > 0 ? [{ rule, table, column, count, examples }] : [];
}

/** Rows grouped by a key, in their original order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(item);
  }
  return out;
}

