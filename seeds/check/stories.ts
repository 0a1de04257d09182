// Story rules: what a module's rows must agree on across its tables (issue 27 item 3) — a live
// call is the last of its load, a permission is answered while its interaction is open, a job's
// result is computed from its input. Each module lists its own (modules/<m>/stories.ts); like the
// table rules they are pure: they read rows handed to them and return findings naming the table,
// the column and the rows that disagree.
import type { CheckContext, CheckedTable, Finding } from "./rules";

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

/** Every story rule over one module's tables. */
export function checkStories(tables: readonly CheckedTable[], rules: readonly StoryRule[], ctx: CheckContext): Finding[] {
  const index = new ModuleTables(tables);
  return rules.flatMap((r) => r.check(index, ctx));
}
