// Which legacy rows break what a module adds. The module's own migration files are applied in a
// scratch schema inside a transaction that is rolled back (nothing stays), and its CHECKs, foreign
// keys, NOT NULLs and UNIQUEs are read from the catalog; each one the legacy table lacks (same
// table, same definition) is an added constraint, evaluated against the legacy rows: a CHECK is
// broken where its expression is false, a foreign key where all its columns are set and no
// referenced row matches, a NOT NULL where the column is NULL, a UNIQUE where a non-null key
// repeats. A column the legacy table lacks is read as the value ADD COLUMN would give existing
// rows (its default, or NULL). The keys are the legacy rows' primary keys, sorted.
// readDeclared() and readLegacy() talk to PostgreSQL; addedConstraints() is pure.
import type { Queryable } from "../../../providers/postgres/client";
import { readMigrationFiles } from "../../../modules/files";
import { migrationSearchPath } from "../../../providers/postgres/providers/migration";
import { ident, qualified } from "../../../providers/postgres/sql";

export type ConstraintKind = "check" | "foreign key" | "not null" | "unique";

export interface TableConstraint {
  table: string;
  /** The constraint's name (a NOT NULL: "<table>.<column> NOT NULL"; a UNIQUE: its index's name). */
  name: string;
  kind: ConstraintKind;
  /** pg_get_constraintdef (a CHECK or foreign key), or the column list. */
  definition: string;
  columns: string[];
  /** A foreign key's target: the table in the module's own schema (own: true) or schema.table. */
  references?: { own: boolean; schema: string; table: string; columns: string[] };
}

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  default: string | null;
}

export interface CatalogSide {
  constraints: TableConstraint[];
  columns: ColumnInfo[];
  /** Primary key columns per table. */
  primaryKeys: Record<string, string[]>;
}

export interface LegacyViolation {
  module: string;
  schema: string;
  table: string;
  constraint: string;
  kind: ConstraintKind;
  definition: string;
  count: number;
  /** Primary keys of the violating rows (composite keys joined by ","), sorted. */
  keys: string[];
}

async function readSide(client: Queryable, schema: string): Promise<CatalogSide> {
  const cols = `ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)`;
  const checksAndFks = await client.query(
    `SELECT c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition, ${cols} AS columns,
            rn.nspname AS ref_schema, r.relname AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS ref_columns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class r ON r.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE n.nspname = $1 AND k.contype IN ('c', 'f') AND c.relkind IN ('r', 'p')`,
    [schema],
  );
  const uniques = await client.query(
    `SELECT c.relname AS table, ic.relname AS name, i.indisprimary AS primary,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE n.nspname = $1 AND i.indisunique AND i.indpred IS NULL AND c.relkind IN ('r', 'p')`,
    [schema],
  );
  const columns = await client.query(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const constraints: TableConstraint[] = [];
  for (const r of checksAndFks.rows) {
    constraints.push({
      table: r.table,
      name: r.name,
      kind: r.type === "c" ? "check" : "foreign key",
      definition: r.definition,
      columns: r.columns,
      ...(r.type === "f" ? { references: { own: r.ref_schema === schema, schema: r.ref_schema, table: r.ref_table, columns: r.ref_columns } } : {}),
    });
  }
  const primaryKeys: Record<string, string[]> = {};
  for (const r of uniques.rows) {
    if (r.primary) primaryKeys[r.table] = r.columns;
    constraints.push({ table: r.table, name: r.name, kind: "unique", definition: `UNIQUE (${r.columns.join(", ")})`, columns: r.columns });
  }
  for (const r of columns.rows) {
    if (r.not_null) constraints.push({ table: r.table, name: `${r.table}.${r.column} NOT NULL`, kind: "not null", definition: "NOT NULL", columns: [r.column] });
  }
  return { constraints, columns: columns.rows.map((r) => ({ table: r.table, column: r.column, type: r.type, default: r.default })), primaryKeys };
}

/**
 * The module's declared catalog: its files applied in a scratch schema inside a transaction rolled
 * back before returning. Read while the scratch schema is first on the search_path, so the
 * definitions name the module's own types and functions unqualified (as they read in the legacy
 * schema, which is first on the path when they are evaluated).
 */
export async function readDeclared(client: Queryable, module: string): Promise<CatalogSide> {
  const scratch = `legacy_declared_${module}`;
  await client.query("BEGIN");
  try {
    await client.query(`CREATE SCHEMA ${ident(scratch)}`);
    await client.query(`SET LOCAL search_path TO ${migrationSearchPath(scratch)}`);
    for (const f of readMigrationFiles(module)) await client.query(f.sql);
    return await readSide(client, scratch);
  } finally {
    await client.query("ROLLBACK");
  }
}

/** The legacy tables' catalog, read with their schema first on the search_path (as the declared side is). */
export async function readLegacy(client: Queryable, schema: string): Promise<CatalogSide> {
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL search_path TO ${migrationSearchPath(schema)}`);
    return await readSide(client, schema);
  } finally {
    await client.query("ROLLBACK");
  }
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Pure: the declared constraints the legacy tables lack, on tables both sides have. */
export function addedConstraints(declared: CatalogSide, legacy: CatalogSide): TableConstraint[] {
  const legacyTables = new Set(legacy.columns.map((c) => c.table));
  return declared.constraints.filter((d) => {
    if (!legacyTables.has(d.table)) return false;
    const mine = legacy.constraints.filter((l) => l.table === d.table && l.kind === d.kind);
    switch (d.kind) {
      case "check":
        return !mine.some((l) => squash(l.definition) === squash(d.definition));
      case "foreign key":
        return !mine.some(
          (l) =>
            sameList(l.columns, d.columns) &&
            l.references!.table === d.references!.table &&
            (d.references!.own ? l.references!.own : l.references!.schema === d.references!.schema) &&
            sameList(l.references!.columns, d.references!.columns),
        );
      case "not null":
        return !mine.some((l) => l.columns[0] === d.columns[0]);
      case "unique":
        return !mine.some((l) => sameSet(l.columns, d.columns));
    }
  });
}

/** The legacy table's rows as the adopted table would hold them: missing columns as ADD COLUMN fills them. */
function projected(schema: string, table: string, declared: CatalogSide, legacy: CatalogSide): string {
  const have = new Set(legacy.columns.filter((c) => c.table === table).map((c) => c.column));
  const missing = declared.columns.filter((c) => c.table === table && !have.has(c.column));
  const extra = missing.map((c) => `(${c.default ?? "NULL"})::${c.type} AS ${ident(c.column)}`);
  return `(SELECT x.*${extra.map((e) => `, ${e}`).join("")} FROM ${qualified(schema, table)} x)`;
}

function violationQuery(schema: string, c: TableConstraint, declared: CatalogSide, legacy: CatalogSide): string {
  const pk = legacy.primaryKeys[c.table];
  if (!pk || pk.length === 0) throw new Error(`legacy ${schema}.${c.table} has no primary key: its violating rows cannot be named`);
  const key = pk.map((k) => `t.${ident(k)}::text`).join(" || ',' || ");
  const from = `${projected(schema, c.table, declared, legacy)} t`;
  const cols = c.columns.map((col) => `t.${ident(col)}`);
  switch (c.kind) {
    case "check": {
      const expr = c.definition.replace(/\s+NOT VALID$/, "").replace(/^CHECK\s*/, "");
      return `SELECT ${key} AS key FROM ${from} WHERE (${expr}) IS FALSE`;
    }
    case "not null":
      return `SELECT ${key} AS key FROM ${from} WHERE ${cols[0]} IS NULL`;
    case "foreign key": {
      const ref = c.references!;
      const target = ref.own ? qualified(schema, ref.table) : qualified(ref.schema, ref.table);
      const match = ref.columns.map((rc, i) => `r.${ident(rc)} = ${cols[i]}`).join(" AND ");
      return `SELECT ${key} AS key FROM ${from} WHERE ${cols.map((x) => `${x} IS NOT NULL`).join(" AND ")} AND NOT EXISTS (SELECT 1 FROM ${target} r WHERE ${match})`;
    }
    case "unique": {
      const list = cols.join(", ");
      return `SELECT ${key} AS key FROM ${from} WHERE (${list}) IN (SELECT ${list} FROM ${from} WHERE ${cols.map((x) => `${x} IS NOT NULL`).join(" AND ")} GROUP BY ${list} HAVING count(*) > 1)`;
    }
  }
}

/**
 * Every constraint `module` adds to the legacy tables in `schema` that some row breaks, with the
 * rows' keys. Evaluated with `schema` first on the search_path (restored afterwards).
 */
export async function legacyViolations(client: Queryable, module: string, schema: string): Promise<LegacyViolation[]> {
  const declared = await readDeclared(client, module);
  const legacy = await readLegacy(client, schema);
  const added = addedConstraints(declared, legacy);
  const out: LegacyViolation[] = [];
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL search_path TO ${migrationSearchPath(schema)}`);
    for (const c of added) {
      const { rows } = await client.query(violationQuery(schema, c, declared, legacy));
      if (rows.length === 0) continue;
      const keys = rows.map((r) => r.key as string).sort();
      out.push({ module, schema, table: c.table, constraint: c.name, kind: c.kind, definition: c.definition, count: keys.length, keys });
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return out.sort((a, b) => a.table.localeCompare(b.table) || a.constraint.localeCompare(b.constraint));
}
