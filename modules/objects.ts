// What a module's migrations create, read from PostgreSQL's parse tree of its files (never by
// running them): the tables with their columns in order, the types, views and functions. Used to
// refuse modules whose objects would collide in one schema, before anything is declared.
import { parseTree } from "../providers/postgres/parse";
import type { MigrationFile } from "../providers/postgres/providers/migration";

/** A column as the files create it: `filled` when the database fills it itself (serial, identity, generated). */
export interface SqlColumn {
  name: string;
  filled: boolean;
}

export interface SqlObjects {
  /** Table name -> its columns, in the order the files give them (CREATE TABLE, then ADD COLUMN). */
  tables: Map<string, SqlColumn[]>;
  types: Set<string>;
  views: Set<string>;
  /** Function name -> the texts that create it (a shared helper has one text everywhere). */
  functions: Map<string, Set<string>>;
}

type Node = Record<string, unknown>;
const name = (list: unknown): string | undefined => {
  const items = (list as { String?: { sval?: string } }[] | undefined) ?? [];
  return items.at(-1)?.String?.sval;
};
/** Enums created inside a DO block (a guard that makes the file re-runnable): PL/pgSQL, not SQL, so read from its text. */
const SERIAL = new Set(["smallserial", "serial", "bigserial", "serial2", "serial4", "serial8"]);
const column = (def: Node): SqlColumn => ({
  name: def.colname as string,
  filled:
    SERIAL.has(name((def.typeName as Node | undefined)?.names) ?? "") ||
    ((def.constraints as Node[] | undefined) ?? []).some((c) => ["CONSTR_IDENTITY", "CONSTR_GENERATED"].includes((c.Constraint as Node).contype as string)),
});
const DO_TYPE = /\bCREATE\s+TYPE\s+(?:[a-z_][a-z0-9_]*\.)?([a-z_][a-z0-9_]*)\s+AS\b/gi;

/** Pure: the objects of parsed statements (`sql` is their text, for the functions' own). */
export function objectsOf(statements: readonly { stmt: Node; stmt_location?: number; stmt_len?: number }[], sql: string, into: SqlObjects): SqlObjects {
  for (const { stmt, stmt_location: at = 0, stmt_len: length } of statements) {
    const [kind, body] = Object.entries(stmt)[0] as [string, Node];
    if (kind === "CreateStmt") {
      const table = (body.relation as Node).relname as string;
      const columns = ((body.tableElts as Node[] | undefined) ?? []).flatMap((e) => (e.ColumnDef ? [column(e.ColumnDef as Node)] : []));
      if (!into.tables.has(table)) into.tables.set(table, columns);
    } else if (kind === "AlterTableStmt") {
      const table = into.tables.get((body.relation as Node).relname as string);
      for (const cmd of (body.cmds as Node[] | undefined) ?? []) {
        const c = cmd.AlterTableCmd as Node;
        const def = (c.def as Node | undefined)?.ColumnDef as Node | undefined;
        if (c.subtype === "AT_AddColumn" && def && table && !table.some((x) => x.name === def.colname)) table.push(column(def));
      }
    } else if (kind === "CreateEnumStmt" || kind === "CreateDomainStmt") {
      into.types.add(name(body.typeName ?? body.domainname) as string);
    } else if (kind === "CompositeTypeStmt") {
      into.types.add((body.typevar as Node).relname as string);
    } else if (kind === "ViewStmt") {
      into.views.add((body.view as Node).relname as string);
    } else if (kind === "CreateFunctionStmt") {
      const fn = name(body.funcname) as string;
      // A statement's text starts after the one before: drop the comments that lead into it.
      const text = sql.slice(at, length === undefined ? undefined : at + length).replace(/^(\s*--[^\n]*\n)*\s*/, "").trim();
      into.functions.set(fn, new Set([...(into.functions.get(fn) ?? []), text]));
    } else if (kind === "DoStmt") {
      const code = ((body.args as Node[] | undefined) ?? []).map((a) => ((a.DefElem as Node).arg as { String?: { sval?: string } }).String?.sval ?? "").join("\n");
      for (const m of code.matchAll(DO_TYPE)) into.types.add((m[1] as string).toLowerCase());
    }
  }
  return into;
}

/** The objects a module's files create, from their parse trees. */
export async function sqlObjects(files: readonly MigrationFile[]): Promise<SqlObjects> {
  const into: SqlObjects = { tables: new Map(), types: new Set(), views: new Set(), functions: new Map() };
  for (const f of files) objectsOf((await parseTree(f.sql)).stmts ?? [], f.sql, into);
  return into;
}

/**
 * Pure: why modules cannot share one schema: tables, types or views of the same name, or functions
 * of the same name written differently (a helper written the same way is shared); empty when they can.
 */
export function sharingProblems(schema: string, modules: readonly { name: string; objects: SqlObjects; views: readonly string[] }[]): string[] {
  const problems: string[] = [];
  for (const [i, a] of modules.entries()) {
    for (const b of modules.slice(i + 1)) {
      const relations = (m: typeof a) => new Set([...m.objects.tables.keys(), ...m.objects.views, ...m.views]);
      const clash = (what: string, x: Iterable<string>, y: Set<string>) => {
        const both = [...new Set(x)].filter((n) => y.has(n)).sort();
        if (both.length > 0) problems.push(`modules ${a.name} and ${b.name} cannot share schema ${schema}: both have ${what} ${both.join(", ")}`);
      };
      clash("tables or views named", relations(a), relations(b));
      clash("types named", a.objects.types, b.objects.types);
      const differing = [...a.objects.functions].filter(([fn, texts]) => {
        const other = b.objects.functions.get(fn);
        return other !== undefined && (texts.size !== 1 || other.size !== 1 || [...texts][0] !== [...other][0]);
      });
      if (differing.length > 0) {
        problems.push(`modules ${a.name} and ${b.name} cannot share schema ${schema}: both define function ${differing.map(([fn]) => fn).sort().join(", ")}, differently`);
      }
    }
  }
  return problems;
}
