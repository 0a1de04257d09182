// SQL syntax checks with PostgreSQL's own parser (libpg-query, compiled to WebAssembly), so a
// malformed migration, policy expression or view fails at preview, before anything is applied.
import type { parseSync } from "libpg-query";

let loaded: Promise<typeof parseSync> | undefined;

/** The parser, loaded on first use: a program whose files are known to parse never loads it (WebAssembly, ~0.1 s). */
async function parser(): Promise<typeof parseSync> {
  loaded ??= (async () => {
    const lib = require("libpg-query") as typeof import("libpg-query");
    await lib.loadModule();
    return lib.parseSync;
  })();
  return loaded;
}

export interface ParseResult {
  /** Why the text does not parse, with a line number where the parser gives a position. */
  error?: string;
  statements: number;
}

/**
 * The parser's error carries no position, so find the line: the first prefix of whole lines that
 * fails with the same message (prefixes that merely end early fail "at end of input" instead).
 */
function lineOf(parse: typeof parseSync, sql: string, message: string): string {
  if (/at end of input/.test(message)) return ` (line ${sql.trimEnd().split("\n").length})`;
  const lines = sql.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    try {
      parse(lines.slice(0, n).join("\n"));
    } catch (error) {
      if ((error as Error).message === message) return ` (line ${n})`;
    }
  }
  return "";
}

/** Parses SQL text without running it. */
export async function parseSql(sql: string): Promise<ParseResult> {
  const parse = await parser();
  try {
    const tree = parse(sql) as { stmts?: unknown[] };
    return { statements: tree.stmts?.length ?? 0 };
  } catch (error) {
    const message = (error as Error).message;
    return { error: `${message}${lineOf(parse, sql, message)}`, statements: 0 };
  }
}

/** Checks that `sql` is exactly one statement; returns the problem or undefined. */
export async function singleStatementProblem(sql: string, what: string): Promise<string | undefined> {
  const result = await parseSql(sql);
  if (result.error) return `${what} does not parse: ${result.error}`;
  if (result.statements !== 1) return `${what} must be a single SQL expression or query`;
  return undefined;
}
