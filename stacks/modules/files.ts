// Reads a module's ordered migration files from sql/<module>/ and checks them with PostgreSQL's
// parser, so the program can refuse a malformed file before it declares any resource.
//
// Every run of the program (each preview, up, refresh of a stack) checked every file again: loading
// the parser's WebAssembly and parsing the five modules costs ~0.15-0.2 s of CPU. A file that parsed
// is remembered by its content's checksum and the parser's version (.supastack/cache/sql-parsed.json,
// kept by providers/postgres/parse.ts, which the dynamic-provider plugin uses too: stacks/registry.ts),
// so an unchanged file is not parsed again; a changed file has another checksum and is parsed, and a
// file that fails is never remembered, so its message is always the parser's own.
import fs from "node:fs";
import path from "node:path";
import { flushParseCache, parseSql, sqlChecksum, useParseCache } from "../../providers/postgres/parse";
import { transactionProblems } from "../../providers/postgres/statements";
import { compareMigrationNames, MIGRATION_FILE, type MigrationFile } from "../../providers/postgres/providers/migration";
import { projectRoot, stateDir } from "../../local/paths";

/** sql/<module>; SUPASTACK_SQL_DIR points at another folder of module folders. */
export function sqlDirectory(module: string, root = projectRoot()): string {
  return path.join(process.env.SUPASTACK_SQL_DIR ?? path.join(root, "sql"), module);
}

export function checksum(sql: string): string {
  return sqlChecksum(sql);
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

export function parsedCacheFile(): string {
  return path.join(stateDir(), "cache", "sql-parsed.json");
}

/**
 * Problems found by parsing every file, each naming its file and line: a file that does not parse,
 * and a statement the transaction each file runs in cannot hold (BEGIN/COMMIT, CREATE INDEX
 * CONCURRENTLY, VACUUM, ...: providers/postgres/statements.ts), with its fix. Texts remembered to
 * parse (providers/postgres/parse.ts) are not parsed again; `cacheFile: null` remembers nothing on disk.
 */
export async function sqlProblems(
  module: string,
  files: readonly MigrationFile[],
  options: { cacheFile?: string | null; label?: string } = {},
): Promise<string[]> {
  const label = options.label ?? `sql/${module}`;
  useParseCache(options.cacheFile === undefined ? parsedCacheFile() : options.cacheFile);
  const problems: string[] = [];
  for (const f of files) {
    const result = await parseSql(f.sql);
    if (result.error) problems.push(`${label}/${f.name}: ${result.error}`);
    else if (result.statements === 0) problems.push(`${label}/${f.name}: the file has no statements`);
    else problems.push(...transactionProblems(`${label}/${f.name}`, result.facts));
  }
  flushParseCache();
  return problems;
}
