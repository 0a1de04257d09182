// Migration: applies a module's ordered SQL files, each in its own transaction, with the module's
// schema first on the search_path (so unqualified names are the module's), and records name,
// checksum and the objects each file created (or, for functions, replaced) in supastack.migrations.
//   - an applied file that changed, or disappeared, fails check (at preview) naming the file,
//     unless its new text says it supersedes the recorded checksum (same effect, e.g. its schema no
//     longer written into it): then the new checksum is recorded and the file is not run again;
//   - read notices objects dropped by hand and marks their file unapplied, so the next `up` runs
//     it again (module files are written to be re-runnable: IF NOT EXISTS, OR REPLACE);
//   - delete drops what the files created, in reverse order, except what another module's files
//     created or replaced too (a helper two modules in one schema share), and the bookkeeping rows, and removes
//     the auth users a seed made for the module (marked in raw_app_meta_data, see
//     seedkit/auth.ts), so destroy leaves no seeded sign-ups behind on a shared project;
//   - the shape the files declare (columns, constraints, indexes, triggers, enums, functions) is
//     kept in the state; read (refresh) records where the live tables differ as `shapeDrift`, and
//     create and update restore the declaration without touching rows (../migrationShape.ts);
//   - every applied file also has a row in the Supabase CLI's history
//     (supabase_migrations.schema_migrations, ../cliHistory.ts), written with it, backfilled for
//     files applied before (their stacks show one update: cliHistory), and removed by delete.
import type { Client } from "pg";
import { MIGRATION_FILE, MIGRATION_TIMEOUTS, type MigrationFile, migrationSchema, type MigrationInputs } from "../shapes/migration";
import { parseSql } from "../parse";
import { type RowChange, transactionProblems } from "../statements";
import { withPooledClient } from "../client";
import { DataLossRefused, dataLossAllowed, pendingFileRefusals, refuseDroppingRows } from "../dataLoss";
import { durationMs } from "../fields";
import { describeBlockers, type LockWait, watchLockWait } from "../lockWait";
import { type Failure, lockedTransaction, type PgProviderSpec, setLocalTimeouts } from "../provider";
import { adoptedModules } from "../adopted";
import { type TableRef, tablesIn } from "../rows";
import { ident, qualified } from "../sql";
import { forgetCliHistory, mirrorCliHistory, presentCliVersions, recordedCliVersions } from "../cliHistory";
import { driftRefusals, liveDrift, restoreShape, type ShapeDrift, type ShapeRecord } from "../migrationShape";
import type { Shape } from "../tableshape";

export const BOOKKEEPING_SCHEMA = "supastack";
export const BOOKKEEPING_TABLE = "migrations";

export { MIGRATION_FILE, type MigrationFile, migrationSchema, type MigrationInputs } from "../shapes/migration";

/** Something a migration file created, so it can be checked and removed. */
export interface CreatedObject {
  kind: "table" | "view" | "materialized view" | "sequence" | "foreign table" | "function" | "type" | "trigger";
  schema: string;
  name: string;
  /** Function identity arguments, or the table a trigger is on. */
  detail?: string;
}
export interface AppliedFile {
  name: string;
  checksum: string;
  objects: CreatedObject[];
}
/**
 * What the state keeps. Its `files` carry name and checksum only: the SQL text is in the inputs (and
 * in the module's folder), nothing reads it from the state, and keeping it twice was ~80 KB of the dev
 * stack's checkpoint, which the file backend rewrites at every step of an `up`. (Older states still
 * carry it; it is never compared: diff sees the files through `drifted`, by name and checksum.)
 */
export type MigrationOutputs = Omit<MigrationInputs, "files"> & {
  files: Pick<MigrationFile, "name" | "checksum">[];
  applied: AppliedFile[];
  /** The versions of the applied files' rows in the Supabase CLI's history (absent in states from before it). */
  cliHistory?: string[];
  /** The shape the files declare (../migrationShape.ts; absent in states from before it). */
  shape?: Shape;
  /** Where the live tables differ from `shape`, as refresh (read) or the last up found it. */
  shapeDrift?: ShapeDrift[];
};

/** Pure: the state kept for applied inputs (see MigrationOutputs). */
export function migrationOutputs(inputs: MigrationInputs, applied: AppliedFile[], cliHistory: string[], shape?: ShapeRecord): MigrationOutputs {
  const files = inputs.files.map(({ name, checksum }) => ({ name, checksum }));
  return { ...inputs, files, applied, cliHistory, ...(shape ? { shape: shape.shape, shapeDrift: shape.shapeDrift } : {}) };
}

/** Pure: whether the state misses rows of the CLI's history for its applied files (a state from before the mirror, or rows removed). */
export function cliHistoryDrifted(olds: Pick<MigrationOutputs, "applied" | "cliHistory">): boolean {
  return (olds.cliHistory?.length ?? -1) !== (olds.applied ?? []).length;
}

/** Pure: whether `file` is the recorded one: the same checksum, or a text that supersedes it. */
export function isRecorded(file: Pick<MigrationFile, "checksum" | "supersedes">, recordedChecksum: string): boolean {
  return file.checksum === recordedChecksum || (file.supersedes ?? []).includes(recordedChecksum);
}

/**
 * Pure: the search_path a module's files run with: its schema, then public and Supabase's
 * extensions schema (as a Supabase role's own search_path has them), and pg_temp last, so a
 * temporary table never stands in for one of the module's (PostgreSQL searches pg_temp first
 * unless it is named). Functions declared `SET search_path FROM CURRENT` keep this list.
 */
export function migrationSearchPath(schema: string): string {
  return [...new Set([schema, "public", "extensions"])].map(ident).concat("pg_temp").join(", ");
}

/** Pure: problems with the files themselves and with their history (preview-time). */
export function fileHistoryFailures(news: MigrationInputs, applied: readonly AppliedFile[] = []): Failure[] {
  const failures: Failure[] = [];
  const names = news.files.map((f) => f.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) failures.push({ property: `files[${i}]`, reason: `${news.directory}/${name} is listed twice` });
  });
  const sorted = [...names].sort(compareMigrationNames);
  if (sorted.join("\n") !== names.join("\n")) failures.push({ property: "files", reason: "files must be in migration order" });
  for (const done of applied) {
    const now = news.files.find((f) => f.name === done.name);
    if (!now) {
      failures.push({
        property: "files",
        reason: `${news.directory}/${done.name} was applied but is no longer there; applied migrations are append-only`,
      });
    } else if (!isRecorded(now, done.checksum)) {
      failures.push({ property: `files[${names.indexOf(done.name)}]`, reason: changedFileReason(news.directory, done, now) });
    }
  }
  return failures;
}

/** Why a recorded file may not run again: the same words at preview (check) and at apply. */
export function changedFileReason(directory: string, recordedFile: Pick<AppliedFile, "name" | "checksum">, now: Pick<MigrationFile, "checksum">): string {
  return (
    `${directory}/${recordedFile.name} changed after it was applied (checksum ${recordedFile.checksum.slice(0, 12)} -> ` +
    `${now.checksum.slice(0, 12)}); put the change in a new migration file`
  );
}

/** Pure: what a file created, with the schema `from` renamed to `to` (a module's schema renamed in place). */
export function renameObjectsSchema(objects: readonly CreatedObject[], from: string, to: string): CreatedObject[] {
  const prefix = `${ident(from)}.`;
  return objects.map((o) => ({
    ...o,
    schema: o.schema === from ? to : o.schema,
    detail: o.kind === "trigger" && o.detail?.startsWith(prefix) ? `${ident(to)}.${o.detail.slice(prefix.length)}` : o.detail,
  }));
}

/** Numeric prefix first, then the name: 2_x.sql before 10_y.sql. */
export function compareMigrationNames(a: string, b: string): number {
  const na = BigInt(MIGRATION_FILE.exec(a)?.[1] ?? "0");
  const nb = BigInt(MIGRATION_FILE.exec(b)?.[1] ?? "0");
  return na === nb ? a.localeCompare(b) : na < nb ? -1 : 1;
}

/** Files still to run: not applied yet (by this text or one it supersedes), in order. */
export function pendingFiles(files: readonly MigrationFile[], applied: readonly AppliedFile[]): MigrationFile[] {
  return files.filter((f) => !applied.some((a) => a.name === f.name && isRecorded(f, a.checksum)));
}

/** The raw_app_meta_data key seeded users are marked with (seedkit/auth.ts writes it). */
export const SEEDED_USER_MARKER = "supastack_module";

/** Removes the auth users seeded for `module`, when the database has auth.users at all. */
export async function deleteSeededUsers(client: Pick<Client, "query">, module: string): Promise<void> {
  const exists = await client.query("SELECT to_regclass('auth.users') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return;
  await client.query(`DELETE FROM auth.users WHERE raw_app_meta_data ->> '${SEEDED_USER_MARKER}' = $1`, [module]);
}

/** Statements that remove what a file created, most dependent first; objects in `keep` (another module's too) stay. */
export function planDropObjects(objects: readonly CreatedObject[], keep: ReadonlySet<string> = new Set()): string[] {
  const order: CreatedObject["kind"][] = ["trigger", "view", "materialized view", "foreign table", "table", "sequence", "function", "type"];
  const out: string[] = [];
  for (const kind of order) {
    for (const o of [...objects].reverse().filter((x) => x.kind === kind && !keep.has(key(x)))) {
      const name = qualified(o.schema, o.name);
      switch (kind) {
        case "trigger":
          out.push(`DROP TRIGGER IF EXISTS ${ident(o.name)} ON ${o.detail ?? name}`);
          break;
        case "function":
          out.push(`DROP FUNCTION IF EXISTS ${name}(${o.detail ?? ""}) CASCADE`);
          break;
        default:
          out.push(`DROP ${kind.toUpperCase()} IF EXISTS ${name} CASCADE`);
      }
    }
  }
  return out;
}

const SNAPSHOT_SQL = `
  SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
           WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'foreign table' END AS kind,
         n.nspname AS schema, c.relname AS name, NULL::text AS detail, NULL::text AS version
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  UNION ALL
  SELECT 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.xmin::text
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 'type', n.nspname, t.typname, NULL, NULL
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 'trigger', n.nspname, tg.tgname, format('%I.%I', n.nspname, c.relname), NULL
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE NOT tg.tgisinternal AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

export function key(o: CreatedObject): string {
  return `${o.kind}|${o.schema}|${o.name}|${o.detail ?? ""}`;
}

/** Every object, by key, with its row version (functions only: CREATE OR REPLACE writes a new one). */
export async function snapshot(client: Pick<Client, "query">): Promise<Map<string, { object: CreatedObject; version: string | null }>> {
  const { rows } = await client.query<CreatedObject & { version: string | null }>(SNAPSHOT_SQL);
  return new Map(rows.map(({ version, ...r }) => [key(r), { object: { ...r, detail: r.detail ?? undefined }, version }]));
}

/** Keys of what the other modules' files created or replaced (what deleting this one must leave). */
async function othersObjects(client: Pick<Client, "query">, module: string): Promise<Set<string>> {
  const { rows } = await client.query(`SELECT objects FROM ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} WHERE module <> $1`, [module]);
  return new Set(rows.flatMap((r) => (r.objects as CreatedObject[]).map(key)));
}

export async function createBookkeeping(client: Pick<Client, "query">): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(BOOKKEEPING_SCHEMA)}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} (
       module text NOT NULL, name text NOT NULL, checksum text NOT NULL,
       objects jsonb NOT NULL DEFAULT '[]', applied_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (module, name))`,
  );
  // The version of the file's row in the Supabase CLI's history (../cliHistory.ts).
  await client.query(`ALTER TABLE ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} ADD COLUMN IF NOT EXISTS cli_version text`);
  await client.query(`REVOKE ALL ON SCHEMA ${ident(BOOKKEEPING_SCHEMA)} FROM PUBLIC`);
}

export async function recorded(client: Pick<Client, "query">, module: string): Promise<AppliedFile[]> {
  const exists = await client.query("SELECT to_regclass($1) AS t", [`${ident(BOOKKEEPING_SCHEMA)}.${ident(BOOKKEEPING_TABLE)}`]);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query(
    `SELECT name, checksum, objects FROM ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} WHERE module = $1`,
    [module],
  );
  return rows
    .map((r) => ({ name: r.name as string, checksum: r.checksum as string, objects: r.objects as CreatedObject[] }))
    .sort((a, b) => compareMigrationNames(a.name, b.name));
}

function lineAt(sql: string, position: string | undefined): string {
  const p = Number(position);
  return Number.isFinite(p) && p > 0 ? ` (line ${sql.slice(0, p - 1).split("\n").length})` : "";
}

/** Pure: why a file failed, in words that say what to do when PostgreSQL gave it up on a timeout. */
export function fileFailure(m: Pick<MigrationInputs, "directory" | "lockTimeout" | "statementTimeout">, file: Pick<MigrationFile, "name" | "sql">, error: Error & { code?: string; position?: string }, wait?: LockWait): string {
  const where = `${m.directory}/${file.name}`;
  if (error.code === "55P03") {
    const what = wait ? `a lock on ${wait.object} (${wait.mode})` : "a lock";
    const held = wait && wait.blockers.length > 0 ? `\n  in its way: ${describeBlockers(wait.blockers).join("\n  in its way: ")}` : "";
    return (
      `${where} waited ${m.lockTimeout} (its lock_timeout) for ${what} and was given up; nothing of it was applied.${held}\n` +
      `  what to do: let that transaction finish or end it (SELECT pg_terminate_backend(<pid>) as its owner or an admin), then run up again; ` +
      `or give the stack a longer wait with supastack:migrationLockTimeout`
    );
  }
  if (error.code === "57014" && /statement timeout/.test(error.message)) {
    return (
      `${where}: a statement ran longer than ${m.statementTimeout} (its statement_timeout) and was cancelled; nothing of it was applied.\n` +
      `  what to do: make it cheaper (a backfill in batches, an index built first), or give the stack more time with supastack:migrationStatementTimeout`
    );
  }
  return `${where} failed: ${error.message}${lineAt(file.sql, error.position)}`;
}

/** Records a file as applied in supastack.migrations (run by applyFile, or a baseline `supastack adopt` writes). */
export async function recordFile(client: Pick<Client, "query">, module: string, file: AppliedFile): Promise<void> {
  await client.query(
    `INSERT INTO ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} (module, name, checksum, objects)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (module, name) DO UPDATE SET checksum = excluded.checksum, objects = excluded.objects, applied_at = now()`,
    [module, file.name, file.checksum, JSON.stringify(file.objects)],
  );
}

/** Runs one file in its own transaction, with its lock and statement timeouts, and records it; returns what it created. */
async function applyFile(client: Client, inputs: MigrationInputs, file: MigrationFile, previous: CreatedObject[]): Promise<AppliedFile> {
  const m = { ...inputs, lockTimeout: inputs.lockTimeout ?? MIGRATION_TIMEOUTS.lockTimeout, statementTimeout: inputs.statementTimeout ?? MIGRATION_TIMEOUTS.statementTimeout };
  return lockedTransaction(client, async () => {
    await client.query(`SET LOCAL search_path TO ${migrationSearchPath(m.schema)}`);
    await setLocalTimeouts(client, m);
    const before = await snapshot(client);
    // Who the file waits for, seen while it runs (a file done within the first look costs nothing).
    const pid = Number((await client.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
    const watch = watchLockWait(m.connection, pid, Math.min(1_000, Math.max(100, durationMs(m.lockTimeout) / 2 || 1_000)));
    try {
      await client.query(file.sql);
    } catch (error) {
      throw new Error(fileFailure(m, file, error as Error, await watch.stop()));
    } finally {
      await watch.stop();
    }
    const after = await snapshot(client);
    // What the file created, and the functions it replaced (a helper another module in the schema
    // created first is this module's too, so removing either leaves it for the other).
    const created = [...after.entries()].filter(([k, o]) => !before.has(k) || (o.version !== null && before.get(k)?.version !== o.version)).map(([, o]) => o.object);
    const objects = [...previous.filter((o) => !created.some((c) => key(c) === key(o))), ...created];
    const applied = { name: file.name, checksum: file.checksum, objects };
    await recordFile(client, m.module, applied);
    return applied;
  });
}

/**
 * The one apply path, for create and update alike: makes the bookkeeping table, follows a schema
 * renamed in place (the recorded objects move with it), refuses a recorded file whose checksum
 * changed (naming it, as check does at preview), and runs every file that is not both in the
 * state (`known`) and recorded in the database with its checksum: new files, and files read found
 * damaged (their objects dropped by hand; they are re-runnable and record what they create again).
 */
async function migrate(client: Client, m: MigrationInputs, known: readonly AppliedFile[], renamedFrom?: string): Promise<AppliedFile[]> {
  if (renamedFrom !== undefined && renamedFrom !== m.schema) {
    // A schema renamed in place is gone under its old name; one still there holds the module's
    // objects, which a Migration never moves (that would be ALTER ... SET SCHEMA of user rows).
    const left = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [renamedFrom]);
    if (left.rows.length > 0) {
      throw new Error(
        `module ${m.module} moves from schema ${renamedFrom} to ${m.schema}, but schema ${renamedFrom} is still there with its objects: ` +
          `up renames a module's own schema in place, it does not move tables between schemas. Nothing was changed.`,
      );
    }
  }
  await lockedTransaction(client, async () => {
    await createBookkeeping(client);
    if (renamedFrom !== undefined && renamedFrom !== m.schema) {
      for (const row of await recorded(client, m.module)) {
        await client.query(`UPDATE ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} SET objects = $3 WHERE module = $1 AND name = $2`, [
          m.module,
          row.name,
          JSON.stringify(renameObjectsSchema(row.objects, renamedFrom, m.schema)),
        ]);
      }
    }
  });
  const inState = renamedFrom !== undefined && renamedFrom !== m.schema ? known.map((a) => ({ ...a, objects: renameObjectsSchema(a.objects, renamedFrom, m.schema) })) : known;
  const inDatabase = await recorded(client, m.module);
  for (const row of inDatabase) {
    const now = m.files.find((f) => f.name === row.name);
    if (now && !isRecorded(now, row.checksum)) throw new Error(changedFileReason(m.directory, row, now));
  }
  const applied: AppliedFile[] = [];
  for (const file of m.files) {
    const done = inState.find((a) => a.name === file.name && isRecorded(file, a.checksum));
    const row = inDatabase.find((a) => a.name === file.name && isRecorded(file, a.checksum));
    if (done && row) {
      // A text that supersedes the recorded one: recorded as this text, not run again.
      if (row.checksum !== file.checksum) {
        await client.query(`UPDATE ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} SET checksum = $3 WHERE module = $1 AND name = $2`, [m.module, file.name, file.checksum]);
      }
      applied.push({ ...done, checksum: file.checksum });
    } else applied.push(await applyFile(client, m, file, row?.objects ?? []));
  }
  return applied;
}

/** Writes the CLI history rows of the module's recorded files that have none; returns the module's versions. */
function mirror(client: Client, m: MigrationInputs): Promise<string[]> {
  const texts = new Map(m.files.map((f) => [f.name, f.sql]));
  return lockedTransaction(client, () => mirrorCliHistory(client, qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE), m.module, texts));
}

/** The tables the files created that still exist (what delete drops). */
async function createdTables(client: Client, files: readonly AppliedFile[]): Promise<TableRef[]> {
  const created = files.flatMap((f) => f.objects.filter((o) => o.kind === "table"));
  const present = new Set((await tablesIn(client, [...new Set(created.map((o) => o.schema))])).map((t) => `${t.schema}.${t.table}`));
  return created.filter((o) => present.has(`${o.schema}.${o.name}`)).map((o) => ({ schema: o.schema, table: o.name }));
}

/**
 * Check-time refusals of files not applied yet whose statements would remove rows (DROP TABLE,
 * DROP COLUMN, TRUNCATE, DELETE, ...: statements.ts) from tables that hold some, when the resource
 * protects rows and this run does not allow dropping them. Only then does check read the database.
 */
async function pendingRowLoss(news: MigrationInputs, applied: readonly AppliedFile[]): Promise<Failure[]> {
  if (news.protectRows === false || dataLossAllowed()) return [];
  const risky: { i: number; file: MigrationFile; changes: RowChange[] }[] = [];
  for (const file of pendingFiles(news.files, applied)) {
    const changes = (await parseSql(file.sql)).facts?.rowChanges ?? [];
    if (changes.length > 0) risky.push({ i: news.files.indexOf(file), file, changes });
  }
  if (risky.length === 0) return [];
  return withPooledClient(news.connection, async (client) => {
    const failures: Failure[] = [];
    for (const r of risky) {
      for (const reason of await pendingFileRefusals(client, `${news.directory}/${r.file.name}`, r.changes, [news.schema, "public"])) failures.push({ property: `files[${r.i}]`, reason });
    }
    return failures;
  });
}

/** The framework types a kind's state as its inputs and more; this one's files carry less (see MigrationOutputs). */
function stored(inputs: MigrationInputs, applied: AppliedFile[], cliHistory: string[], shape: ShapeRecord): MigrationInputs & MigrationOutputs {
  return migrationOutputs(inputs, applied, cliHistory, shape) as MigrationInputs & MigrationOutputs;
}

export const migrationSpec: PgProviderSpec<MigrationInputs, MigrationInputs & MigrationOutputs> = {
  kind: "Migration",
  // Stacks applied before protectRows existed record none: to the provider that means protected (dataLoss.ts).
  absentMeans: { protectRows: true },
  schema: migrationSchema,
  replaceOn: ["module"],
  // Its delete drops the tables its files created, which a new one of the same module would create again.
  deleteBeforeReplace: true,
  transactional: false,
  // Compared by name and checksum against what was applied (drifted, below); the state keeps no SQL
  // text. The timeouts are how files run, not what they make; `directory` only names the folder in
  // messages: files that moved are no change.
  ignoreInDiff: ["files", "directory", "lockTimeout", "statementTimeout"],
  async validate(news, olds) {
    const failures = fileHistoryFailures(news, olds.applied ?? []);
    for (const [i, file] of news.files.entries()) {
      const parsed = await parseSql(file.sql);
      if (parsed.error) failures.push({ property: `files[${i}]`, reason: `${news.directory}/${file.name}: ${parsed.error}` });
      else if (parsed.statements === 0) failures.push({ property: `files[${i}]`, reason: `${news.directory}/${file.name} has no statements` });
      else for (const reason of transactionProblems(`${news.directory}/${file.name}`, parsed.facts)) failures.push({ property: `files[${i}]`, reason });
    }
    failures.push(...(await pendingRowLoss(news, olds.applied ?? [])));
    return failures;
  },
  drifted(olds, news) {
    return [
      ...(pendingFiles(news.files, olds.applied ?? []).length > 0 ? ["files"] : []),
      ...(cliHistoryDrifted(olds) ? ["cliHistory"] : []),
      // Shape drift refresh recorded, or a state from before the shape was kept (one update records it).
      ...((olds.shapeDrift?.length ?? 0) > 0 ? ["shapeDrift"] : olds.shape === undefined ? ["shape"] : []),
    ];
  },
  beforeReplace: (olds) =>
    withPooledClient(olds.connection, (client) =>
      refuseDroppingRows(client, olds.protectRows, `replacing the migrations of module ${olds.module} (their tables are dropped and created again, empty)`, () =>
        createdTables(client, olds.applied ?? []),
      ),
    ),
  // Recorded drift whose restoring rewrites rows (a column's type changed by hand) is refused at
  // preview, before anything changes, unless the run allows it.
  beforeUpdate(olds, news) {
    if (news.protectRows === false) return;
    const refusals = driftRefusals(news.directory, olds.shapeDrift);
    if (refusals.length > 0) throw new DataLossRefused(refusals.map((r) => r.reason).join("\n"));
  },
  id: (m) => `migrations:${m.module}`,
  async create(client, inputs) {
    // A module `supastack adopt` brought under management has its files recorded as applied
    // (baseline rows, written once the catalog matched them): those are known, not run again over
    // the existing tables; files not recorded run as usual.
    const adopted = (await adoptedModules(client)).some((a) => a.module === inputs.module && a.schema === inputs.schema);
    const applied = await migrate(client, inputs, adopted ? await recorded(client, inputs.module) : []);
    const cliHistory = await mirror(client, inputs);
    return stored(inputs, applied, cliHistory, await restoreShape(client, inputs, migrationSearchPath));
  },
  async read(client, _id, olds) {
    const inDatabase = await recorded(client, olds.module);
    const present = await snapshot(client);
    // A file stays applied while its row is there and everything it created still exists.
    const applied = (olds.applied ?? []).filter(
      (a) => inDatabase.some((r) => r.name === a.name && r.checksum === a.checksum) && a.objects.every((o) => present.has(key(o))),
    );
    const cliHistory = olds.cliHistory === undefined ? undefined : await presentCliVersions(client, olds.cliHistory);
    const shapeDrift = olds.shape === undefined ? undefined : await liveDrift(client, olds.schema, olds.shape);
    return { ...olds, applied, cliHistory, ...(shapeDrift ? { shapeDrift } : {}) };
  },
  async update(client, _id, olds, news) {
    // An enum type moved to another schema by hand comes back first: the file that creates it, run
    // again because its object is gone from the schema (read), would otherwise make a second one.
    if (olds.schema === news.schema && olds.shape !== undefined) await restoreShape(client, news, migrationSearchPath, ["type schema"]);
    const applied = await migrate(client, news, olds.applied ?? [], olds.schema);
    const cliHistory = await mirror(client, news);
    return stored(news, applied, cliHistory, await restoreShape(client, news, migrationSearchPath));
  },
  async delete(client, _id, olds) {
    const inDatabase = await recorded(client, olds.module);
    const files = inDatabase.length > 0 ? inDatabase : (olds.applied ?? []);
    await lockedTransaction(client, async () => {
      await refuseDroppingRows(client, olds.protectRows, `removing the migrations of module ${olds.module} (the tables its files created)`, () => createdTables(client, files));
      const shared = inDatabase.length > 0 ? await othersObjects(client, olds.module) : new Set<string>();
      for (const file of [...files].reverse()) {
        for (const statement of planDropObjects(file.objects, shared)) await client.query(statement);
      }
      // After the module's tables are gone, so no foreign key of theirs can refuse it.
      await deleteSeededUsers(client, olds.module);
      const cliVersions = inDatabase.length > 0 ? await recordedCliVersions(client, qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE), olds.module) : [];
      await forgetCliHistory(client, [...new Set([...(olds.cliHistory ?? []), ...cliVersions])]);
      if (inDatabase.length > 0) {
        await client.query(`DELETE FROM ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} WHERE module = $1`, [olds.module]);
        const left = await client.query(`SELECT 1 FROM ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} LIMIT 1`);
        if (left.rows.length === 0) await client.query(`DROP SCHEMA ${ident(BOOKKEEPING_SCHEMA)} CASCADE`);
      }
    });
  },
};
