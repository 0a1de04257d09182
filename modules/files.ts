// Reads a module's ordered migration files (modules/<module>/sql/ for ours) and checks them with PostgreSQL's
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
import { z } from "zod";
import { flushParseCache, parseSql, sqlChecksum, useParseCache } from "../providers/postgres/parse";
import { transactionProblems } from "../providers/postgres/statements";
import { compareMigrationNames, MIGRATION_FILE, type MigrationFile } from "../providers/postgres/providers/migration";
import { projectRoot, stateDir } from "../local/paths";
import { expandHelpers } from "./helpers";

/** Where one of supastack's modules keeps its migrations: modules/<module>/sql. */
export function moduleSqlDir(module: string, root = projectRoot()): string {
  return path.join(root, "modules", module, "sql");
}

/** The folder the migrations of one of supastack's modules are read from: SUPASTACK_SQL_DIR/<module> when set (another folder of module folders), else modules/<module>/sql. */
export function sqlDirectory(module: string, root = projectRoot()): string {
  const override = process.env.SUPASTACK_SQL_DIR;
  return override ? path.join(override, module) : moduleSqlDir(module, root);
}

export function checksum(sql: string): string {
  return sqlChecksum(sql);
}

/** The module's files in migration order; throws naming the file that is not a migration. */
export function readMigrationFiles(module: string, root = projectRoot()): MigrationFile[] {
  return readMigrationDir(sqlDirectory(module, root), `modules/${module}/sql`);
}

/** The migration files of a folder in order; `label` names the folder in errors. */
export function readMigrationDir(dir: string, label: string): MigrationFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${label}: the module's migration folder is missing (${dir})`);
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".sql"));
  for (const n of names) {
    if (!MIGRATION_FILE.test(n)) throw new Error(`${label}/${n}: a migration file is named <number>_<name>.sql`);
  }
  const supersedes = readSupersedes(dir, label, names);
  return names.sort(compareMigrationNames).map((name) => {
    const sql = expandHelpers(fs.readFileSync(path.join(dir, name), "utf8"), `${label}/${name}`);
    const replaced = supersedes[name];
    return { name, checksum: checksum(sql), sql, ...(replaced ? { supersedes: replaced } : {}) };
  });
}

/** The manifest beside a module's migrations (SUPERSEDES_FILE), checked against the folder. */
const supersedesSchema = z.record(z.string(), z.array(z.string().regex(/^[0-9a-f]{64}$/, "a checksum is a sha256 in hex")).min(1));

/**
 * `supersedes.json`: for files rewritten after they were applied without changing what they do
 * (e.g. their schema no longer written into them), the checksums of the texts they replace, oldest
 * first. A stack that applied one of those texts records the new one without running it again
 * (Migration), and the file keeps its first text's checksum as its identity (FunctionAccess `after`).
 */
export const SUPERSEDES_FILE = "supersedes.json";

function readSupersedes(dir: string, label: string, names: readonly string[]): Record<string, string[]> {
  const file = path.join(dir, SUPERSEDES_FILE);
  if (!fs.existsSync(file)) return {};
  let parsed: z.ZodSafeParseResult<Record<string, string[]>>;
  try {
    parsed = supersedesSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`${label}/${SUPERSEDES_FILE}: not JSON (${(error as Error).message})`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${label}/${SUPERSEDES_FILE}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const unknown = Object.keys(parsed.data).filter((n) => !names.includes(n));
  if (unknown.length > 0) throw new Error(`${label}/${SUPERSEDES_FILE}: names ${unknown.join(", ")}, which is not a migration file of the folder`);
  return parsed.data;
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
