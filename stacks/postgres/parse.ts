// SQL syntax checks with PostgreSQL's own parser (libpg-query, compiled to WebAssembly), so a
// malformed migration, policy expression or view fails at preview, before anything is applied.
import { loadModule, parseSync } from "libpg-query";

let loaded: Promise<void> | undefined;

async function parser(): Promise<typeof parseSync> {
  loaded ??= loadModule();
  await loaded;
  return parseSync;
}

export interface ParseResult {
  /** Why the text does not parse, with a line number where the parser gives a position. */
  error?: string;
  statements: number;
}

function lineOf(sql: string, cursor: number | undefined): string {
  if (cursor === undefined || cursor < 1) return "";
  const line = sql.slice(0, cursor - 1).split("\n").length;
  return ` (line ${line})`;
}

/** Parses SQL text without running it. */
export async function parseSql(sql: string): Promise<ParseResult> {
  const parse = await parser();
  try {
    const tree = parse(sql) as { stmts?: unknown[] };
    return { statements: tree.stmts?.length ?? 0 };
  } catch (error) {
    const e = error as Error & { sqlDetails?: { cursorPosition?: number } };
    return { error: `${e.message}${lineOf(sql, e.sqlDetails?.cursorPosition)}`, statements: 0 };
  }
}

/** Checks that `sql` is exactly one statement; returns the problem or undefined. */
export async function singleStatementProblem(sql: string, what: string): Promise<string | undefined> {
  const result = await parseSql(sql);
  if (result.error) return `${what} does not parse: ${result.error}`;
  if (result.statements !== 1) return `${what} must be a single SQL expression or query`;
  return undefined;
}
