// SQL syntax checks with PostgreSQL's own parser (libpg-query, compiled to WebAssembly), so a
// malformed migration, policy expression or view fails at preview, before anything is applied.
//
// The same texts are checked on every run: by the program (every migration file, before it declares
// anything) and again by the dynamic-provider plugin (each Migration's files, each View's definition,
// each policy's expressions, at check). Loading the parser and parsing them cost the plugin ~0.4 s of
// CPU on a no-op preview of the dev stack, on the critical path. So a text that parsed is remembered
// by its SHA-256 and the parser's version, with its statement count, in a cache file the caller
// names (useParseCache; the program and the plugin share .supastack/cache/sql-parsed.json). A text
// with that checksum parses as it did, so the answer is the parser's own; a text that fails is never
// remembered, so its message is always the parser's own too. Without a cache file nothing is kept
// beyond the process. With the count it keeps the text's statement facts (statements.ts: what
// cannot run in the transaction a migration file is wrapped in, what removes rows), when there are
// any; the cache's version names the facts' format too, so a cache written without them is not used.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { parseSync } from "libpg-query";
import { type StatementFacts, statementFacts } from "./statements";

let loaded: Promise<typeof parseSync> | undefined;

/** The parser, loaded on first use: a process whose texts are all known to parse never loads it (WebAssembly, ~0.1 s). */
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
  /** What its statements do that a migration must know (statements.ts); absent when nothing. */
  facts?: StatementFacts;
}

/** Checksums of texts known to parse, with their statement counts (and facts, when any), for one parser version. */
export interface ParsedCache {
  parser: string;
  parsed: Record<string, number>;
  facts?: Record<string, StatementFacts>;
}

export function sqlChecksum(sql: string): string {
  return crypto.createHash("sha256").update(sql).digest("hex");
}

/** The format of the facts kept beside the counts; a new one makes older caches unused. */
const FACTS_FORMAT = 2;

export function parserVersion(): string {
  return `libpg-query ${(require("libpg-query/package.json") as { version: string }).version}; facts ${FACTS_FORMAT}`;
}

/** Pure: the statement count remembered for this checksum with this parser version, if any. */
export function rememberedStatements(cache: ParsedCache | undefined, parser: string, checksum: string): number | undefined {
  if (!cache || cache.parser !== parser) return undefined;
  const n = cache.parsed[checksum];
  return typeof n === "number" && n > 0 ? n : undefined;
}

export function readParsedCache(file: string): ParsedCache | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as ParsedCache;
    return typeof c.parser === "string" && c.parsed && typeof c.parsed === "object" ? c : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Best effort (a read-only project only loses the saving): merged with what another process wrote
 * meanwhile (the program and the plugin run at once), written whole, then renamed into place.
 */
function writeParsedCache(file: string, cache: ParsedCache): void {
  try {
    const onDisk = readParsedCache(file);
    const same = onDisk?.parser === cache.parser;
    const parsed = same ? { ...onDisk.parsed, ...cache.parsed } : cache.parsed;
    const facts = same ? { ...onDisk.facts, ...cache.facts } : cache.facts;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ parser: cache.parser, parsed, facts }));
    fs.renameSync(tmp, file);
  } catch {
    // ignored: the cache is an optimisation only
  }
}

interface CacheState {
  file: string | null;
  parser: string;
  cache: ParsedCache;
  dirty: boolean;
}

let state: CacheState | undefined;

/** Remembers texts that parse in `file` (null: only in this process). The program and the plugin each call it once. */
export function useParseCache(file: string | null): void {
  if (state && state.file === file) return;
  flushParseCache();
  const parser = parserVersion();
  const onDisk = file ? readParsedCache(file) : undefined;
  const same = onDisk?.parser === parser;
  state = { file, parser, cache: { parser, parsed: same ? { ...onDisk.parsed } : {}, facts: same ? { ...onDisk.facts } : {} }, dirty: false };
}

function current(): CacheState {
  if (!state) useParseCache(null);
  return state as CacheState;
}

/** Writes what was learnt since the last write (also done by itself right after a batch of checks). */
export function flushParseCache(): void {
  const s = state;
  if (!s || !s.dirty) return;
  s.dirty = false;
  if (s.file) writeParsedCache(s.file, s.cache);
}

function remember(checksum: string, statements: number, facts: StatementFacts | undefined): void {
  const s = current();
  s.cache.parsed[checksum] = statements;
  if (facts) (s.cache.facts ??= {})[checksum] = facts;
  if (s.dirty) return;
  s.dirty = true;
  // One write for every text checked in the same turn of the event loop (a check of many resources).
  setImmediate(flushParseCache);
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

function withFacts(result: ParseResult, facts: StatementFacts | undefined): ParseResult {
  return facts ? { ...result, facts } : result;
}

/** Parses SQL text without running it (or answers from the cache, see above). */
export async function parseSql(sql: string): Promise<ParseResult> {
  const s = current();
  const checksum = sqlChecksum(sql);
  const known = rememberedStatements(s.cache, s.parser, checksum);
  if (known !== undefined) return withFacts({ statements: known }, s.cache.facts?.[checksum]);
  const parse = await parser();
  try {
    const tree = parse(sql) as Parameters<typeof statementFacts>[1];
    const statements = tree.stmts?.length ?? 0;
    const found = statementFacts(sql, tree);
    const facts = found.outsideTransaction.length + found.rowChanges.length > 0 ? found : undefined;
    if (statements > 0) remember(checksum, statements, facts);
    return withFacts({ statements }, facts);
  } catch (error) {
    const message = (error as Error).message;
    return { error: `${message}${lineOf(parse, sql, message)}`, statements: 0 };
  }
}

/** PostgreSQL's parse tree of `sql` (libpg-query's JSON; never cached); throws the parser's error. */
export async function parseTree(sql: string): Promise<{ stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] }> {
  return (await parser())(sql) as { stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
}

/** Checks that `sql` is exactly one statement; returns the problem or undefined. */
export async function singleStatementProblem(sql: string, what: string): Promise<string | undefined> {
  const result = await parseSql(sql);
  if (result.error) return `${what} does not parse: ${result.error}`;
  if (result.statements !== 1) return `${what} must be a single SQL expression or query`;
  return undefined;
}
