// Holds a live database to a source document written as data (test/fidelity/<module>.ts): every
// table and column by the source's name, with its type, NOT NULL, default, CHECK values, UNIQUE,
// foreign keys and their ON DELETE rule, indexes, enums, views, functions and triggers.
// readCatalog() is the only part that talks to PostgreSQL; compare() is pure and returns one line
// per difference, each naming the module, table and column.
import type { Client } from "pg";
import type { SourceModule } from "./types";

export interface CatalogColumn {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface Catalog {
  columns: CatalogColumn[];
  /** CHECK constraint definitions per table (pg_get_constraintdef). */
  checks: { table: string; columns: string[]; definition: string }[];
  /** Unique constraints and unique indexes (non-partial) as column lists. */
  uniques: { table: string; columns: string[] }[];
  foreignKeys: { table: string; columns: string[]; references: string; refColumns: string[]; onDelete: string }[];
  indexes: { table: string; columns: string[]; method: string; unique: boolean }[];
  enums: { name: string; values: string[] }[];
  views: { name: string; columns: string[] }[];
  functions: { name: string; args: string }[];
  triggers: { table: string; name: string }[];
}

const ON_DELETE: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

export async function readCatalog(client: Pick<Client, "query">, schema: string): Promise<Catalog> {
  const q = async <T>(sql: string): Promise<T[]> => (await client.query(sql, [schema])).rows as T[];
  const columns = await q<CatalogColumn>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`);
  const constraintColumns = `ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)
                                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i)`;
  const checks = await q<Catalog["checks"][number]>(`
    SELECT c.relname AS table, ${constraintColumns} AS columns, pg_get_constraintdef(k.oid) AS definition
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND k.contype = 'c'`);
  const foreignKeys = await q<Catalog["foreignKeys"][number]>(`
    SELECT c.relname AS table, ${constraintColumns} AS columns,
           CASE WHEN rn.nspname = $1 THEN r.relname ELSE rn.nspname || '.' || r.relname END AS references,
           ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, i)
                   JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.i) AS "refColumns",
           k.confdeltype AS "onDelete"
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
     WHERE n.nspname = $1 AND k.contype = 'f'`);
  const indexes = await q<Catalog["indexes"][number] & { partial: boolean }>(`
    SELECT c.relname AS table, am.amname AS method, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
           ARRAY(SELECT coalesce(a.attname::text, pg_get_indexdef(i.indexrelid, u.i::int, true))
                   FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(attnum, i)
                   LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
                  WHERE u.i <= i.indnkeyatts ORDER BY u.i) AS columns
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
     WHERE n.nspname = $1`);
  const enums = await q<Catalog["enums"][number]>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE n.nspname = $1 GROUP BY t.typname`);
  const views = await q<Catalog["views"][number]>(`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
     WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') GROUP BY c.relname`);
  const functions = await q<Catalog["functions"][number]>(`
    SELECT p.proname AS name, coalesce(oidvectortypes(p.proargtypes), '') AS args
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`);
  const triggers = await q<Catalog["triggers"][number]>(`
    SELECT c.relname AS table, t.tgname AS name
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT t.tgisinternal`);
  return {
    columns,
    checks,
    uniques: indexes.filter((i) => i.unique && !i.partial).map((i) => ({ table: i.table, columns: i.columns })),
    foreignKeys: foreignKeys.map((f) => ({ ...f, onDelete: ON_DELETE[f.onDelete] ?? f.onDelete })),
    indexes,
    enums,
    views,
    functions,
    triggers,
  };
}

/** Type spellings a source may use, as format_type() prints them. */
export function normaliseType(type: string): string {
  let t = type.trim().toLowerCase().replace(/\s+/g, " ").replace(/\s*\(\s*/g, "(").replace(/\s*,\s*/g, ",").replace(/\s*\)/g, ")");
  const array = t.endsWith("[]");
  if (array) t = t.slice(0, -2);
  const aliases: Record<string, string> = {
    timestamptz: "timestamp with time zone",
    timestamp: "timestamp without time zone",
    int: "integer",
    int4: "integer",
    int8: "bigint",
    bigserial: "bigint",
    serial: "integer",
    bool: "boolean",
    float: "double precision",
    float8: "double precision",
    decimal: "numeric",
  };
  t = t.replace(/^varchar/, "character varying").replace(/^decimal/, "numeric").replace(/^char\(/, "character(");
  t = aliases[t] ?? t;
  return array ? `${t}[]` : t;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => b[i] === x);

/** Every difference between the source and the database, one readable line each. */
export function compare(source: SourceModule, catalog: Catalog): string[] {
  const problems: string[] = [];
  const where = (table: string, column?: string) => `${source.module}.${table}${column ? `.${column}` : ""} (${source.document})`;
  const enumValues = new Map(catalog.enums.map((e) => [e.name, e.values]));

  for (const table of source.tables) {
    const columns = catalog.columns.filter((c) => c.table === table.name);
    if (columns.length === 0) {
      problems.push(`${where(table.name)}: table is missing`);
      continue;
    }
    for (const col of table.columns) {
      const live = columns.find((c) => c.column === col.name);
      if (!live) {
        problems.push(`${where(table.name, col.name)}: column is missing`);
        continue;
      }
      const wanted = normaliseType(col.accept?.type ?? col.type);
      // format_type() qualifies a type of the module's own schema (an enum) when it is not on the search_path.
      const liveType = normaliseType(live.type.replace(new RegExp(`^"?${source.module}"?\\.`), ""));
      if (liveType !== normaliseType(wanted.replace(new RegExp(`^"?${source.module}"?\\.`), ""))) problems.push(`${where(table.name, col.name)}: type is ${live.type}, source says ${col.type}`);
      const wantNotNull = col.accept?.notNull ?? col.notNull ?? false;
      if (live.notNull !== wantNotNull) {
        problems.push(`${where(table.name, col.name)}: ${live.notNull ? "NOT NULL" : "nullable"}, source says ${col.notNull ? "NOT NULL" : "nullable"}`);
      }
      if (col.default !== undefined) {
        const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");
        if (!live.default || !squash(live.default).includes(squash(col.default))) {
          problems.push(`${where(table.name, col.name)}: default is ${live.default ?? "none"}, source says ${col.default}`);
        }
      }
      if (col.checkValues) {
        const enumLabels = enumValues.get(live.type.replace(/^.*\./, "").replace(/"/g, ""));
        if (enumLabels) {
          const missing = col.checkValues.filter((v) => !enumLabels.includes(v));
          if (missing.length > 0) problems.push(`${where(table.name, col.name)}: enum ${live.type} lacks ${missing.join(", ")}`);
        } else {
          const defs = catalog.checks.filter((k) => k.table === table.name && k.columns.includes(col.name)).map((k) => k.definition);
          if (defs.length === 0) problems.push(`${where(table.name, col.name)}: no CHECK constraint on the column (source allows only ${col.checkValues.join(", ")})`);
          else {
            const missing = col.checkValues.filter((v) => !defs.some((d) => d.includes(`'${v.replace(/'/g, "''")}'`)));
            if (missing.length > 0) problems.push(`${where(table.name, col.name)}: CHECK does not allow ${missing.join(", ")}`);
          }
        }
      }
    }
    for (const unique of table.unique ?? []) {
      if (!catalog.uniques.some((u) => u.table === table.name && sameSet(u.columns, unique))) {
        problems.push(`${where(table.name)}: no UNIQUE on (${unique.join(", ")})`);
      }
    }
    for (const fk of table.foreignKeys ?? []) {
      const refColumns = fk.refColumns ?? ["id"];
      const live = catalog.foreignKeys.find(
        (f) => f.table === table.name && sameList(f.columns, fk.columns) && f.references === fk.references && sameList(f.refColumns, refColumns),
      );
      if (!live) problems.push(`${where(table.name)}: no foreign key (${fk.columns.join(", ")}) REFERENCES ${fk.references}(${refColumns.join(", ")})`);
      else if (live.onDelete !== (fk.accept?.onDelete ?? fk.onDelete)) {
        problems.push(`${where(table.name)}: foreign key (${fk.columns.join(", ")}) is ON DELETE ${live.onDelete}, source says ${fk.onDelete}`);
      }
    }
    for (const index of table.indexes ?? []) {
      const method = index.method ?? "btree";
      const found = catalog.indexes.some(
        (i) => i.table === table.name && i.method === method && sameList(i.columns, index.columns) && (!index.unique || i.unique),
      );
      if (!found) problems.push(`${where(table.name)}: no ${method} index on (${index.columns.join(", ")})`);
    }
  }
  for (const e of source.enums ?? []) {
    const live = enumValues.get(e.name);
    if (!live) problems.push(`${source.module}: enum ${e.name} is missing (${source.document})`);
    else {
      const missing = e.values.filter((v) => !live.includes(v));
      if (missing.length > 0) problems.push(`${source.module}: enum ${e.name} lacks ${missing.join(", ")} (${source.document})`);
    }
  }
  for (const v of source.views ?? []) {
    const live = catalog.views.find((x) => x.name === v.name);
    if (!live) problems.push(`${source.module}.${v.name}: view is missing (${source.document})`);
    else {
      const missing = v.columns.filter((c) => !live.columns.includes(c));
      if (missing.length > 0) problems.push(`${source.module}.${v.name}: view lacks columns ${missing.join(", ")} (${source.document})`);
    }
  }
  for (const f of source.functions ?? []) {
    const norm = (args: string) => args.split(",").map((a) => normaliseType(a)).filter(Boolean).join(", ");
    if (!catalog.functions.some((x) => x.name === f.name && norm(x.args) === norm(f.args))) {
      const found = catalog.functions.filter((x) => x.name === f.name).map((x) => `${x.name}(${x.args})`);
      problems.push(`${source.module}.${f.name}(${f.args}): function is missing${found.length ? `; found ${found.join(", ")}` : ""} (${source.document})`);
    }
  }
  for (const t of source.triggers ?? []) {
    if (!catalog.triggers.some((x) => x.table === t.table && x.name === t.name)) {
      problems.push(`${source.module}.${t.table}: trigger ${t.name} is missing (${source.document})`);
    }
  }
  return problems;
}
