// The Supabase CLI's migration history, mirrored from supastack's own (supastack.migrations), so
// `supabase migration list --db-url` lists each module's files and `migration fetch` can write them.
//
// The table and its statements are the CLI's own (Supabase CLI 2.117.0, read from its binary):
//   CREATE SCHEMA IF NOT EXISTS supabase_migrations
//   CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)
//   ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]
//   ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text
//   INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)
// A version is 14 digits, YYYYMMDDHHMMSS in UTC (the CLI makes it from a date with
// `toISOString().replace(/\D/g, "").slice(0, 14)`, and reads files named /^([0-9]+)_(.*)\.sql$/);
// the CLI 2.117.0 silently leaves out rows of other shapes such as `voice_002`.
//
// Each applied file of a module is one row: its version is the second it was applied (the next free
// second when taken, so a team's own CLI migrations are never overwritten), its name
// `supastack_<module>_<file name without .sql>`, its statements the file's text. supastack.migrations
// keeps the version it chose (cli_version), so delete removes exactly its rows and a file applied
// again keeps its version.
import type { Client } from "pg";
import { qualified } from "./sql";

export const CLI_HISTORY_SCHEMA = "supabase_migrations";
export const CLI_HISTORY_TABLE = "schema_migrations";
const TABLE = qualified(CLI_HISTORY_SCHEMA, CLI_HISTORY_TABLE);

/** The CLI's statements that make its history table (run as the CLI runs them; each is idempotent). */
export const CLI_HISTORY_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${CLI_HISTORY_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${TABLE} (version text NOT NULL PRIMARY KEY)`,
  `ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS statements text[]`,
  `ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS name text`,
] as const;

/** Pure: the CLI's 14-digit version of an instant (YYYYMMDDHHMMSS, UTC). */
export function cliVersion(at: Date): string {
  return at.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** Pure: the first version at or after `at`, a second at a time, that `taken` does not hold. */
export function freeCliVersion(at: Date, taken: ReadonlySet<string>): string {
  let t = Math.floor(at.getTime() / 1000) * 1000;
  while (taken.has(cliVersion(new Date(t)))) t += 1000;
  return cliVersion(new Date(t));
}

/** Pure: the name a module's file has in the CLI's history (`001_tables.sql` of jobs: `supastack_jobs_001_tables`). */
export function cliName(module: string, fileName: string): string {
  return `supastack_${module}_${fileName.replace(/\.sql$/, "")}`;
}

/** A row of supastack.migrations as the mirror needs it. */
export interface RecordedForCli {
  name: string;
  appliedAt: Date;
  cliVersion: string | null;
}

/** Pure: the rows to write so every recorded file has its own row in the CLI's history, with the versions they take. */
export function planCliRows(module: string, recorded: readonly RecordedForCli[], present: ReadonlySet<string>): { file: string; version: string; name: string }[] {
  const taken = new Set(present);
  const rows: { file: string; version: string; name: string }[] = [];
  for (const r of [...recorded].sort((a, b) => a.appliedAt.getTime() - b.appliedAt.getTime() || a.name.localeCompare(b.name))) {
    if (r.cliVersion !== null && present.has(r.cliVersion)) continue;
    // A version recorded before whose row was removed (e.g. `supabase migration repair --status
    // reverted`) is written again under the same version when it is free.
    const version = r.cliVersion !== null && !taken.has(r.cliVersion) ? r.cliVersion : freeCliVersion(r.appliedAt, taken);
    taken.add(version);
    rows.push({ file: r.name, version, name: cliName(module, r.name) });
  }
  return rows;
}

/**
 * Makes the CLI's table if it is not there and writes a row for every file of `module` recorded in
 * `bookkeeping` (supastack.migrations) that has none, with the file's text from `texts`; records the
 * chosen versions in `bookkeeping`. Runs inside the caller's transaction. Returns the module's
 * versions, in the order of its files' application.
 */
export async function mirrorCliHistory(client: Pick<Client, "query">, bookkeeping: string, module: string, texts: ReadonlyMap<string, string>): Promise<string[]> {
  for (const statement of CLI_HISTORY_DDL) await client.query(statement);
  const { rows } = await client.query(`SELECT name, applied_at, cli_version FROM ${bookkeeping} WHERE module = $1`, [module]);
  const recorded: RecordedForCli[] = rows.map((r) => ({ name: r.name as string, appliedAt: r.applied_at as Date, cliVersion: (r.cli_version as string | null) ?? null }));
  const present = new Set((await client.query(`SELECT version FROM ${TABLE}`)).rows.map((r) => r.version as string));
  for (const row of planCliRows(module, recorded, present)) {
    const text = texts.get(row.file);
    await client.query(`INSERT INTO ${TABLE} (version, name, statements) VALUES ($1, $2, $3)`, [row.version, row.name, text === undefined ? [] : [text]]);
    await client.query(`UPDATE ${bookkeeping} SET cli_version = $3 WHERE module = $1 AND name = $2`, [module, row.file, row.version]);
  }
  const { rows: versions } = await client.query(`SELECT cli_version FROM ${bookkeeping} WHERE module = $1 AND cli_version IS NOT NULL ORDER BY cli_version`, [module]);
  return versions.map((r) => r.cli_version as string);
}

/** The versions of `versions` that the CLI's history holds (none when it has no table). */
export async function presentCliVersions(client: Pick<Client, "query">, versions: readonly string[]): Promise<string[]> {
  const exists = await client.query("SELECT to_regclass($1) AS t", [`${CLI_HISTORY_SCHEMA}.${CLI_HISTORY_TABLE}`]);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query(`SELECT version FROM ${TABLE} WHERE version = ANY ($1)`, [versions]);
  const present = new Set(rows.map((r) => r.version as string));
  return versions.filter((v) => present.has(v));
}

/** The versions `bookkeeping` (supastack.migrations) recorded for `module`'s files (none before it had the column). */
export async function recordedCliVersions(client: Pick<Client, "query">, bookkeeping: string, module: string): Promise<string[]> {
  const column = await client.query("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'cli_version' AND NOT attisdropped", [bookkeeping]);
  if (column.rows.length === 0) return [];
  const { rows } = await client.query(`SELECT cli_version FROM ${bookkeeping} WHERE module = $1 AND cli_version IS NOT NULL`, [module]);
  return rows.map((r) => r.cli_version as string);
}

/** Removes a module's rows from the CLI's history (the versions supastack.migrations recorded for it). */
export async function forgetCliHistory(client: Pick<Client, "query">, versions: readonly string[]): Promise<void> {
  if (versions.length === 0) return;
  const exists = await client.query("SELECT to_regclass($1) AS t", [`${CLI_HISTORY_SCHEMA}.${CLI_HISTORY_TABLE}`]);
  if (exists.rows[0]?.t) await client.query(`DELETE FROM ${TABLE} WHERE version = ANY ($1)`, [versions]);
}
