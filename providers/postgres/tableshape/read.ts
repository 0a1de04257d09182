// Reads the Shape (types.ts) of one schema from the catalog: its tables (or those named) with their
// columns, constraints, indexes and triggers, its enum types and its functions (or those named).
// Read-only. Everything is printed with search_path = pg_catalog for the duration of the read, so
// names outside pg_catalog always carry their schema whatever the caller's search_path is; the
// caller's search_path is put back afterwards.
import type { Queryable } from "../client";
import type { ColumnShape, ConstraintKind, ConstraintShape, EnumShape, FunctionShape, IndexShape, Shape, TableShape, TriggerShape } from "./types";

export interface ShapeFilter {
  /** Only these tables of the schema (a module in public reads its own, not the application's). */
  tables?: readonly string[];
  /** Only these enum types and functions (by name) of the schema. */
  objects?: readonly string[];
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = { c: "check", u: "unique", p: "primary key", f: "foreign key", x: "exclusion", n: "not null" };

/** Runs `fn` with search_path = pg_catalog, then restores the caller's (in or out of a transaction). */
async function withCatalogPath<T>(client: Queryable, fn: () => Promise<T>): Promise<T> {
  const saved = String((await client.query("SELECT current_setting('search_path') AS p")).rows[0]?.p ?? "");
  await client.query("SELECT set_config('search_path', 'pg_catalog', false)");
  try {
    return await fn();
  } finally {
    await client.query("SELECT set_config('search_path', $1, false)", [saved]);
  }
}

/** Pure: pg_get_constraintdef ends a NOT VALID constraint's text with " NOT VALID"; `validated` says it, so the definition does not. */
export function withoutNotValid(definition: string): string {
  return definition.replace(/ NOT VALID$/, "");
}

export async function readShape(client: Queryable, schema: string, filter: ShapeFilter = {}): Promise<Shape> {
  return withCatalogPath(client, async () => {
    const tableNames = filter.tables ? [...filter.tables] : null;
    const objectNames = filter.objects ? [...filter.objects] : null;
    const tables = (
      await client.query(
        `SELECT c.oid::int8 AS oid, c.relname AS name, pg_get_userbyid(c.relowner)::text AS owner
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND ($2::text[] IS NULL OR c.relname = ANY ($2))
          ORDER BY c.relname`,
        [schema, tableNames],
      )
    ).rows as { oid: string; name: string; owner: string }[];
    const oids = tables.map((t) => t.oid);
    const columns = (
      await client.query(
        `SELECT a.attrelid::int8 AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
                CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
                a.attnotnull AS "notNull",
                CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
                CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = ANY ($1::int8[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attrelid, a.attnum`,
        [oids],
      )
    ).rows as (ColumnShape & { rel: string })[];
    const constraints = (
      await client.query(
        `SELECT k.conrelid::int8 AS rel, k.conname AS name, k.contype AS kind, pg_get_constraintdef(k.oid) AS definition, k.convalidated AS validated
           FROM pg_constraint k WHERE k.conrelid = ANY ($1::int8[]::oid[]) AND k.contype <> 't'
          ORDER BY k.conrelid, k.conname`,
        [oids],
      )
    ).rows as { rel: string; name: string; kind: string; definition: string; validated: boolean }[];
    const indexes = (
      await client.query(
        `SELECT i.indrelid::int8 AS rel, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = ANY ($1::int8[]::oid[])
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
          ORDER BY i.indrelid, c.relname`,
        [oids],
      )
    ).rows as (IndexShape & { rel: string })[];
    const triggers = (
      await client.query(
        `SELECT t.tgrelid::int8 AS rel, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled
           FROM pg_trigger t WHERE t.tgrelid = ANY ($1::int8[]::oid[]) AND NOT t.tgisinternal
          ORDER BY t.tgrelid, t.tgname`,
        [oids],
      )
    ).rows as (TriggerShape & { rel: string })[];
    const enums = (
      await client.query(
        `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE n.nspname = $1 AND ($2::text[] IS NULL OR t.typname = ANY ($2))
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
          GROUP BY t.typname ORDER BY t.typname`,
        [schema, objectNames],
      )
    ).rows as { name: string; labels: string[] }[];
    const functions = (
      await client.query(
        `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
                md5(concat_ws(E'\\n', p.prosrc, l.lanname, pg_get_function_result(p.oid), p.provolatile, p.proisstrict::text, p.prokind)) AS "definitionHash",
                p.prosecdef AS "securityDefiner",
                (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) c WHERE c LIKE 'search\\_path=%') AS "searchPath",
                pg_get_userbyid(p.proowner)::text AS owner, pg_get_functiondef(p.oid) AS definition
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
          WHERE n.nspname = $1 AND p.prokind IN ('f', 'p') AND ($2::text[] IS NULL OR p.proname = ANY ($2))
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
          ORDER BY p.proname, 2`,
        [schema, objectNames],
      )
    ).rows as Omit<FunctionShape, "schema">[];

    const of = <R extends { rel: string }>(rows: R[], oid: string) => rows.filter((r) => r.rel === oid).map(({ rel: _rel, ...rest }) => rest);
    const tableShapes: TableShape[] = tables.map((t) => ({
      schema,
      name: t.name,
      owner: t.owner,
      columns: of(columns, t.oid) as ColumnShape[],
      constraints: of(constraints, t.oid).map((k): ConstraintShape => ({ name: k.name, kind: CONSTRAINT_KINDS[k.kind] ?? "check", definition: withoutNotValid(k.definition), validated: k.validated })),
      indexes: of(indexes, t.oid) as IndexShape[],
      triggers: of(triggers, t.oid) as TriggerShape[],
    }));
    return {
      schema,
      tables: tableShapes,
      enums: enums.map((e): EnumShape => ({ schema, name: e.name, labels: e.labels })),
      functions: functions.map((f): FunctionShape => ({ schema, ...f })),
    };
  });
}
