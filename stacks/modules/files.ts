// Reads a module's ordered migration files from sql/<module>/ and checks them with PostgreSQL's
// parser, so the program can refuse a malformed file before it declares any resource.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseSql } from "../../providers/postgres/parse";
import { compareMigrationNames, MIGRATION_FILE, type MigrationFile } from "../../providers/postgres/providers/migration";
import { projectRoot } from "../../local/paths";

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

/** Problems found by parsing every file, each naming its file and line. */
export async function sqlProblems(module: string, files: readonly MigrationFile[], label = `sql/${module}`): Promise<string[]> {
  const problems: string[] = [];
  for (const f of files) {
    const parsed = await parseSql(f.sql);
    if (parsed.error) problems.push(`${label}/${f.name}: ${parsed.error}`);
    else if (parsed.statements === 0) problems.push(`${label}/${f.name}: the file has no statements`);
  }
  return problems;
}
