// Pure: what a migration file's statements do that supastack must know before it runs them, read
// from PostgreSQL's own parse tree (libpg-query's JSON):
//   - statements that cannot run in the transaction supastack wraps each file in: transaction
//     control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ... would end or split that transaction: what
//     ran before a COMMIT stays even if the rest fails, and the rest runs without the DDL lock),
//     and the statements PostgreSQL refuses inside a transaction block ("cannot run inside a
//     transaction block", SQLSTATE 25001: PreventInTransactionBlock in its sources);
//   - statements that remove or rewrite rows a table holds (DROP TABLE / SCHEMA, DROP COLUMN,
//     ALTER COLUMN ... TYPE, TRUNCATE, DELETE, DROP TYPE / DOMAIN ... CASCADE, which drops the
//     columns of that type), so a plan can name the tables and their rows before it runs them.
//     UPDATE is not among them: changing values is what a data migration is for, and it keeps rows.

/** A statement the wrapped transaction cannot hold, with the fix. */
export interface OutsideTransaction {
  line: number;
  statement: string;
  fix: string;
}

/** A name as written: `schema` only when the statement qualifies it (unqualified names resolve through the file's search_path). */
export interface WrittenName {
  schema?: string;
  name: string;
}

/** What a statement would take from a table (or from every table of a schema, or every column of a type). */
export type RowTarget =
  | { kind: "table"; table: WrittenName; column?: { name: string; change: "drop" | "retype" }; cascade?: boolean }
  | { kind: "schema"; schema: string }
  | { kind: "type"; type: WrittenName };

export interface RowChange {
  line: number;
  /** What it does, as a person reads it: "DROP TABLE", "ALTER COLUMN ... TYPE", ... */
  statement: string;
  targets: RowTarget[];
}

export interface StatementFacts {
  outsideTransaction: OutsideTransaction[];
  rowChanges: RowChange[];
}

type Node = Record<string, unknown>;
interface RawStatement {
  stmt?: Node;
  stmt_location?: number;
}

const WRAPPED = "supastack runs each migration file in one transaction of its own, all of it or nothing";

function node(value: unknown): Node {
  return value && typeof value === "object" ? (value as Node) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The 1-based line of the first token at or after `byteOffset` (skipping blanks and comments). */
export function lineAt(sql: string, byteOffset: number): number {
  const bytes = Buffer.from(sql, "utf8");
  let text = bytes.subarray(0, byteOffset).toString("utf8");
  let rest = bytes.subarray(byteOffset).toString("utf8");
  for (;;) {
    const blank = /^\s+/.exec(rest) ?? /^--[^\n]*/.exec(rest) ?? /^\/\*[\s\S]*?\*\//.exec(rest);
    if (!blank) break;
    text += blank[0];
    rest = rest.slice(blank[0].length);
  }
  return text.split("\n").length;
}

const TRANSACTION_WORDS: Record<string, string> = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
  TRANS_STMT_SAVEPOINT: "SAVEPOINT",
  TRANS_STMT_RELEASE: "RELEASE SAVEPOINT",
  TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO SAVEPOINT",
  TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
  TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
  TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED",
};

function refused(statement: string, fix: string): Omit<OutsideTransaction, "line"> {
  return { statement, fix: `PostgreSQL cannot run ${statement} inside a transaction block, and ${WRAPPED}: ${fix}` };
}

function hasOption(options: unknown, name: string): boolean {
  return list(options).some((o) => node(node(o).DefElem).defname === name);
}

/** Why one statement cannot run in the wrapped transaction, or undefined. */
function outsideTransaction(type: string, s: Node): Omit<OutsideTransaction, "line"> | undefined {
  switch (type) {
    case "TransactionStmt": {
      const word = TRANSACTION_WORDS[String(s.kind)] ?? "transaction control";
      return {
        statement: word,
        fix: `${word} would end or split the transaction supastack runs this file in (each file runs in one transaction of its own, all of it or nothing): remove BEGIN/COMMIT/ROLLBACK/SAVEPOINT from the file`,
      };
    }
    case "IndexStmt":
      return s.concurrent ? refused("CREATE INDEX CONCURRENTLY", "remove CONCURRENTLY (the index is then built inside the file's transaction, which blocks writes to the table while it builds)") : undefined;
    case "DropStmt":
      return s.concurrent ? refused("DROP INDEX CONCURRENTLY", "remove CONCURRENTLY") : undefined;
    case "ReindexStmt":
      if (hasOption(s.params, "concurrently")) return refused("REINDEX ... CONCURRENTLY", "remove CONCURRENTLY, or reindex outside migrations");
      if (s.kind === "REINDEX_OBJECT_DATABASE" || s.kind === "REINDEX_OBJECT_SYSTEM") return refused(`REINDEX ${s.kind === "REINDEX_OBJECT_SYSTEM" ? "SYSTEM" : "DATABASE"}`, "reindex outside migrations");
      return undefined;
    case "VacuumStmt":
      return s.is_vacuumcmd ? refused("VACUUM", "remove it (autovacuum maintains the tables; run VACUUM by hand outside migrations if needed)") : undefined;
    case "ClusterStmt":
      return s.relation ? undefined : refused("CLUSTER without a table", "name the table (CLUSTER <table> USING <index>)");
    case "CreatedbStmt":
      return refused("CREATE DATABASE", "a migration builds its module's schema; create databases outside migrations (supastack:createDatabase makes a stack's own)");
    case "DropdbStmt":
      return refused("DROP DATABASE", "drop databases outside migrations");
    case "CreateTableSpaceStmt":
      return refused("CREATE TABLESPACE", "create tablespaces outside migrations");
    case "DropTableSpaceStmt":
      return refused("DROP TABLESPACE", "drop tablespaces outside migrations");
    case "AlterSystemStmt":
      return refused("ALTER SYSTEM", "server settings are not a module's; set them on the server (on Supabase: the dashboard or the CLI's config)");
    case "AlterDatabaseStmt":
      return hasOption(s.options, "tablespace") ? refused("ALTER DATABASE ... SET TABLESPACE", "move the database outside migrations") : undefined;
    case "DiscardStmt":
      return s.target === "DISCARD_ALL" ? refused("DISCARD ALL", "remove it") : undefined;
    case "AlterTableStmt":
      return list(s.cmds).some((c) => node(node(node(c).AlterTableCmd).def).PartitionCmd && node(node(node(node(c).AlterTableCmd).def).PartitionCmd).concurrent)
        ? refused("DETACH PARTITION ... CONCURRENTLY", "remove CONCURRENTLY")
        : undefined;
    default:
      return undefined;
  }
}

function rangeVar(value: unknown): WrittenName {
  const r = node(value);
  return r.schemaname ? { schema: String(r.schemaname), name: String(r.relname) } : { name: String(r.relname) };
}

/** A DROP's object written as a List of names (`a.b` -> [a, b]). */
function dottedName(value: unknown): WrittenName {
  const names = list(node(node(value).List).items).map((i) => String(node(node(i).String).sval));
  return names.length >= 2 ? { schema: names[names.length - 2] as string, name: names[names.length - 1] as string } : { name: String(names[0]) };
}

function typeName(value: unknown): WrittenName {
  const names = list(node(node(value).TypeName).names).map((i) => String(node(node(i).String).sval));
  return names.length >= 2 ? { schema: names[names.length - 2] as string, name: names[names.length - 1] as string } : { name: String(names[0]) };
}

/** What one statement takes from tables' rows, or undefined. */
function rowChange(type: string, s: Node): Omit<RowChange, "line"> | undefined {
  switch (type) {
    case "DropStmt": {
      const cascade = s.behavior === "DROP_CASCADE";
      if (s.removeType === "OBJECT_TABLE") return { statement: "DROP TABLE", targets: list(s.objects).map((o) => ({ kind: "table", table: dottedName(o) })) };
      if (s.removeType === "OBJECT_SCHEMA") return { statement: "DROP SCHEMA", targets: list(s.objects).map((o) => ({ kind: "schema", schema: String(node(node(o).String).sval) })) };
      if ((s.removeType === "OBJECT_TYPE" || s.removeType === "OBJECT_DOMAIN") && cascade) {
        return { statement: `DROP ${s.removeType === "OBJECT_TYPE" ? "TYPE" : "DOMAIN"} ... CASCADE`, targets: list(s.objects).map((o) => ({ kind: "type", type: typeName(o) })) };
      }
      return undefined;
    }
    case "TruncateStmt":
      return { statement: "TRUNCATE", targets: list(s.relations).map((r) => ({ kind: "table", table: rangeVar(node(r).RangeVar), cascade: s.behavior === "DROP_CASCADE" })) };
    case "DeleteStmt":
      return { statement: "DELETE", targets: [{ kind: "table", table: rangeVar(s.relation) }] };
    case "AlterTableStmt": {
      if (s.objtype !== "OBJECT_TABLE") return undefined;
      const table = rangeVar(s.relation);
      const cmds = list(s.cmds).map((c) => node(node(c).AlterTableCmd));
      const targets: RowTarget[] = [];
      for (const c of cmds) {
        const change = c.subtype === "AT_DropColumn" ? "drop" : c.subtype === "AT_AlterColumnType" ? "retype" : undefined;
        if (change) targets.push({ kind: "table", table, column: { name: String(c.name), change } });
      }
      return targets.length > 0 ? { statement: "ALTER TABLE", targets } : undefined;
    }
    default:
      return undefined;
  }
}

/** The facts of a parsed text (`tree` is libpg-query's parse of `sql`). */
export function statementFacts(sql: string, tree: { stmts?: RawStatement[] }): StatementFacts {
  const facts: StatementFacts = { outsideTransaction: [], rowChanges: [] };
  for (const raw of tree.stmts ?? []) {
    const [type, body] = Object.entries(raw.stmt ?? {})[0] ?? [];
    if (!type) continue;
    const line = (): number => lineAt(sql, raw.stmt_location ?? 0);
    const outside = outsideTransaction(type, node(body));
    if (outside) facts.outsideTransaction.push({ line: line(), ...outside });
    const change = rowChange(type, node(body));
    if (change) facts.rowChanges.push({ line: line(), ...change });
  }
  return facts;
}

/** Pure: `<label>/<file> line N: <statement>: <fix>` for each statement the wrapped transaction cannot hold. */
export function transactionProblems(where: string, facts: StatementFacts | undefined): string[] {
  return (facts?.outsideTransaction ?? []).map((o) => `${where} line ${o.line}: ${o.fix}`);
}
