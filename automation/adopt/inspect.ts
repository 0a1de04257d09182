// Reads what `supastack adopt` plans from (read-only): where a module's tables are now, the shape
// its files declare there (applied in a scratch schema that is rolled back) against the live one,
// the rows that break each constraint the module adds, the source's own policies on the tables and
// the source's objects that use them. Every count runs in a READ ONLY transaction, each in a
// savepoint, so an expression that fails on a row is reported instead of stopping the plan.
import type { Client } from "pg";
import { migrationSearchPath } from "../../providers/postgres/providers/migration";
import type { MigrationFile } from "../../providers/postgres/shapes/migration";
import { ident, qualified } from "../../providers/postgres/sql";
import { declaredNames, declaredShape, diffShape, readShape, type Shape, type ShapeFinding, type TableShape } from "../../providers/postgres/tableshape";
import type { AdoptInput, Leftover, Violation } from "./plan";

export interface ModuleToAdopt {
  module: string;
  /** The schema the stack puts it in. */
  target: string;
  files: MigrationFile[];
  directory: string;
}

/** The shape the module's files declare in `schema` (remembered per process: declaredShape). */
export const declaredIn = (client: Client, schema: string, m: ModuleToAdopt): Promise<Shape> =>
  declaredShape(client, schema, m.files, { searchPath: migrationSearchPath, directory: m.directory });

/** Where the tables are: the target schema if it holds any of them, else public, else the schema holding most. */
export async function locateTables(client: Client, tables: readonly string[], target: string): Promise<{ source: string | undefined; occupied: string[] }> {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, array_agg(c.relname::text ORDER BY c.relname) AS tables
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relname = ANY ($1) AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'supastack\\_%'
      GROUP BY n.nspname ORDER BY count(*) DESC, n.nspname`,
    [tables],
  );
  const bySchema = new Map(rows.map((r) => [r.schema as string, r.tables as string[]]));
  const source = bySchema.has(target) ? target : bySchema.has("public") ? "public" : (rows[0]?.schema as string | undefined);
  return { source, occupied: source !== undefined && source !== target ? (bySchema.get(target) ?? []) : [] };
}

/** Pure: the primary key columns of a table, from its constraint's definition. */
export function primaryKeyColumns(t: TableShape | undefined): string[] {
  const pk = t?.constraints.find((k) => k.kind === "primary key");
  const m = pk ? /^PRIMARY KEY \((.+)\)$/.exec(pk.definition) : null;
  return m ? m[1]!.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1")) : [];
}

/** Pure: the query that lists the rows breaking `f` (a constraint or NOT NULL finding), or undefined for a kind it does not count. */
export function violationQuery(f: ShapeFinding, live: Shape): { kind: Violation["kind"]; where: string } | undefined {
  if (f.table === undefined) return undefined;
  const t = live.tables.find((x) => x.name === f.table);
  if (!t) return undefined;
  if (f.kind === "not null" && f.state === "missing") return { kind: "not null", where: `${ident(f.name)} IS NULL` };
  if (f.kind !== "constraint" || f.state === "extra" || f.declared === undefined) return undefined;
  if (f.detail === "check") {
    const expr = /^CHECK \((.*)\)( NO INHERIT)?$/s.exec(f.declared)?.[1];
    return expr ? { kind: "check", where: `(${expr}) IS FALSE` } : undefined;
  }
  if (f.detail === "foreign key") {
    const m = /^FOREIGN KEY \((.+?)\) REFERENCES (.+?)\((.+?)\)/.exec(f.declared);
    if (!m) return undefined;
    const cols = m[1]!.split(",").map((c) => c.trim());
    const refs = m[3]!.split(",").map((c) => c.trim());
    const set = cols.map((c) => `${c} IS NOT NULL`).join(" AND ");
    const match = cols.map((c, i) => `r.${refs[i]} = x.${c}`).join(" AND ");
    return { kind: "foreign key", where: `${set} AND NOT EXISTS (SELECT 1 FROM ${m[2]} r WHERE ${match})` };
  }
  if (f.detail === "unique" || f.detail === "primary key") {
    const m = /^(?:UNIQUE|PRIMARY KEY) \((.+)\)$/.exec(f.declared);
    if (!m) return undefined;
    const cols = m[1]!;
    return { kind: "unique", where: `(${cols}) IN (SELECT ${cols} FROM ${qualified(t.schema, t.name)} GROUP BY ${cols} HAVING count(*) > 1)` };
  }
  return undefined;
}

/**
 * Pure: the rows a constraint is checked against: the live table, with each column the module adds
 * and the table lacks read as ADD COLUMN gives it to existing rows (its default, else NULL).
 */
export function rowsSource(live: TableShape, declared: TableShape | undefined): string {
  const added = (declared?.columns ?? []).filter((c) => !live.columns.some((l) => l.name === c.name) && c.generated === null);
  if (added.length === 0) return `${qualified(live.schema, live.name)} x`;
  const extra = added.map((c) => `(${c.default ?? "NULL"})::${c.type} AS ${ident(c.name)}`).join(", ");
  return `(SELECT x0.*, ${extra} FROM ${qualified(live.schema, live.name)} x0) x`;
}

/** Counts the rows breaking each constraint the module adds (read-only; the caller's client is not in a transaction). */
export async function countViolations(client: Client, findings: readonly ShapeFinding[], live: Shape, declared: Shape): Promise<Violation[]> {
  const out: Violation[] = [];
  await client.query("BEGIN READ ONLY");
  try {
    for (const f of findings) {
      const q = violationQuery(f, live);
      if (!q) continue;
      const t = live.tables.find((x) => x.name === f.table)!;
      const pk = primaryKeyColumns(t);
      const key = pk.length > 0 ? `concat_ws(',', ${pk.map((c) => `x.${ident(c)}::text`).join(", ")})` : "x.ctid::text";
      await client.query("SAVEPOINT count_violation");
      try {
        const { rows } = await client.query(
          `SELECT count(*) OVER ()::int AS n, ${key} AS key FROM ${rowsSource(t, declared.tables.find((d) => d.name === t.name))} WHERE ${q.where} ORDER BY 2 LIMIT 5`,
        );
        out.push({ object: f.object, kind: q.kind, count: rows[0]?.n ?? 0, keys: rows.map((r) => String(r.key)) });
        await client.query("RELEASE SAVEPOINT count_violation");
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT count_violation");
        out.push({ object: f.object, kind: q.kind, count: 0, keys: [], error: (error as Error).message });
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return out;
}

/** The source's policies on the tables: `schema.table: "name"`. */
async function sourcePolicies(client: Client, schema: string, tables: readonly string[]): Promise<{ table: string; name: string }[]> {
  const { rows } = await client.query("SELECT tablename AS table, policyname AS name FROM pg_policies WHERE schemaname = $1 AND tablename = ANY ($2) ORDER BY 1, 2", [schema, tables]);
  return rows as { table: string; name: string }[];
}

/** What anon, authenticated and PUBLIC hold on the tables, one line per table and role: `public.jobs: anon SELECT, INSERT`. */
async function apiGrants(client: Client, schema: string, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT format('%I.%I: %s %s', n.nspname, c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END,
                   string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type)) AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
      WHERE n.nspname = $1 AND c.relname = ANY ($2)
        AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) IN ('anon', 'authenticated'))
      GROUP BY n.nspname, c.relname, a.grantee ORDER BY 1`,
    [schema, tables],
  );
  return rows.map((r) => r.line as string);
}

/** Views and functions in the source schema, not the module's, whose definition names one of the tables or that a trigger on one of them runs (a generic updated_at function stays behind when the tables move). */
async function sourceLeftovers(client: Client, schema: string, tables: readonly string[], moduleFunctions: readonly string[]): Promise<Leftover[]> {
  const words = tables.map((t) => `\\m${t}\\M`).join("|");
  const { rows } = await client.query(
    `SELECT 'view' AS kind, format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') AND pg_get_viewdef(c.oid) ~ $2
     UNION ALL
     SELECT 'function', format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prokind = 'f' AND NOT (p.proname = ANY ($3))
        AND (p.prosrc ~ $2 OR p.oid IN (SELECT t.tgfoid FROM pg_trigger t JOIN pg_class tc ON tc.oid = t.tgrelid
                                         WHERE tc.relnamespace = n.oid AND tc.relname = ANY ($4) AND NOT t.tgisinternal))
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 1, 2`,
    [schema, words, moduleFunctions, tables],
  );
  return rows as Leftover[];
}

async function rowCounts(client: Client, schema: string, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const exists = (await client.query("SELECT to_regclass($1) AS t", [qualified(schema, t)])).rows[0]?.t;
    if (exists) out[t] = Number((await client.query(`SELECT count(*) AS n FROM ${qualified(schema, t)}`)).rows[0]?.n ?? 0);
  }
  return out;
}

/** Everything the plan of one module needs, and the findings (declared against live, in the tables' current schema). */
export async function inspectModule(client: Client, m: ModuleToAdopt): Promise<{ input: AdoptInput; findings: ShapeFinding[] }> {
  const inTarget = await declaredIn(client, m.target, m);
  const names = inTarget.tables.map((t) => t.name);
  const { source, occupied } = await locateTables(client, names, m.target);
  const declared = source === undefined || source === m.target ? inTarget : await declaredIn(client, source, m);
  const live = await readShape(client, source ?? m.target, declaredNames(declared));
  const findings = source === undefined ? [] : diffShape(declared, live);
  const policies = source === undefined ? [] : (await sourcePolicies(client, source, names)).map((p) => `${source}.${p.table}: "${p.name}"`);
  const grants = source === undefined ? [] : await apiGrants(client, source, names);
  // Where the tables stay, the module's functions are the source's of the same name (replaced); moved, those stay behind.
  const leftovers = source === undefined ? [] : await sourceLeftovers(client, source, names, source === m.target ? declared.functions.map((f) => f.name) : []);
  const violations = source === undefined ? [] : await countViolations(client, findings, live, declared);
  const rows = source === undefined ? {} : await rowCounts(client, source, names);
  return { input: { module: m.module, source, target: m.target, declared, live, rows, violations, policies, grants, leftovers, occupied }, findings };
}
