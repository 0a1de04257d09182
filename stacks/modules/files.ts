// Reads a module's ordered migration files from sql/<module>/ and checks them with PostgreSQL's
// parser, so the program can refuse a malformed file before it declares any resource.
//
// Every run of the program (each preview, up, refresh of a stack) checked every file again: loading
// the parser's WebAssembly and parsing the five modules costs ~0.15-0.2 s of CPU. A file that parsed
// is remembered by its content's checksum and the parser's version (.supastack/cache/sql-parsed.json),
// so an unchanged file is not parsed again; a changed file has another checksum and is parsed, and a
// file that fails is never remembered, so its message is always the parser's own.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseSql } from "../../providers/postgres/parse";
import { compareMigrationNames, MIGRATION_FILE, type MigrationFile } from "../../providers/postgres/providers/migration";
import { projectRoot, stateDir } from "../../local/paths";

/** sql/<module>; SUPASTACK_SQL_DIR points at another folder of module folders. */
export function sqlDirectory(module: string, root = projectRoot()): string {
  return path.join(process.env.SUPASTACK_SQL_DIR ?? path.join(root, "sql"), module);
}

export function checksum(sql: string): string {
  return crypto.createHash("sha256").update(sql).digest("hex");
}

/** The module's files in migration order; throws naming the file that is not a migration. */
export function readMigrationFiles(module: string, root = projectRoot()): MigrationFile[] {
  return readMigrationDir(sqlDirectory(module, root), `sql/${module}`);
}

/** The migration files of a folder in order; `label` names the folder in errors. */
export function readMigrationDir(dir: string, label: string): MigrationFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${label}: the module's migration folder is missing (${dir})`);
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".sql"));
  for (const n of names) {
    if (!MIGRATION_FILE.test(n)) throw new Error(`${label}/${n}: a migration file is named <number>_<name>.sql`);
  }
  return names.sort(compareMigrationNames).map((name) => {
    const sql = fs.readFileSync(path.join(dir, name), "utf8");
    return { name, checksum: checksum(sql), sql };
  });
}

/** Checksums of files known to parse, with their statement counts, for one parser version. */
export interface ParsedCache {
  parser: string;
  parsed: Record<string, number>;
}

/** Pure: the files that still need the parser (not known to parse with this parser version). */
export function filesToParse(files: readonly MigrationFile[], cache: ParsedCache | undefined, parser: string): MigrationFile[] {
  if (!cache || cache.parser !== parser) return [...files];
  return files.filter((f) => !(cache.parsed[f.checksum]! > 0));
}

export function parsedCacheFile(): string {
  return path.join(stateDir(), "cache", "sql-parsed.json");
}

function parserVersion(): string {
  return `libpg-query ${(require("libpg-query/package.json") as { version: string }).version}`;
}

function readParsedCache(file: string): ParsedCache | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as ParsedCache;
    return typeof c.parser === "string" && c.parsed && typeof c.parsed === "object" ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort (a read-only project only loses the saving): written whole, then renamed into place. */
function writeParsedCache(file: string, cache: ParsedCache): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(cache));
    fs.renameSync(tmp, file);
  } catch {
    // ignored: the cache is an optimisation only
  }
}

/**
 * Problems found by parsing every file, each naming its file and line. Files remembered to parse
 * (see above) are skipped; `cacheFile: null` parses everything and remembers nothing.
 */
export async function sqlProblems(
  module: string,
  files: readonly MigrationFile[],
  options: { cacheFile?: string | null; label?: string } = {},
): Promise<string[]> {
  const label = options.label ?? `sql/${module}`;
  const cacheFile = options.cacheFile === undefined ? parsedCacheFile() : options.cacheFile;
  const parser = parserVersion();
  const cache = cacheFile ? readParsedCache(cacheFile) : undefined;
  const todo = filesToParse(files, cache, parser);
  if (todo.length === 0) return [];
  const problems: string[] = [];
  const parsed: Record<string, number> = cache?.parser === parser ? { ...cache.parsed } : {};
  for (const f of todo) {
    const result = await parseSql(f.sql);
    if (result.error) problems.push(`${label}/${f.name}: ${result.error}`);
    else if (result.statements === 0) problems.push(`${label}/${f.name}: the file has no statements`);
    else parsed[f.checksum] = result.statements;
  }
  if (cacheFile) writeParsedCache(cacheFile, { parser, parsed });
  return problems;
}
