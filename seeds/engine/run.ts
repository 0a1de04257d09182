// Runs a seed as ONE transaction: every row of the seed becomes visible at one COMMIT, or none
// does (a failure anywhere, COMMIT included, Ctrl-C, or a SIGKILL of the seeder rolls it all back).
// Without superuser rights or prepared transactions (Supabase sets max_prepared_transactions = 0),
// connections cannot share a transaction, so the work is split like this:
// - the seed's transaction (the "main" connection) empties (--reset), prepares the bulk load of
//   every table (bulk.ts: drops and rebuilds indexes and keys, in this transaction) and COPYs the
//   modules it takes straight into their tables, in FK order;
// - with `parallel` above 1, the other modules load at the same time over connections of their own
//   into staging tables (shards.ts: UNLOGGED, schema supastack_seed_stage, committed as they go,
//   read by nobody else), which the seed's transaction moves into the real tables (INSERT ...
//   SELECT in the generator's order, module by module in FK order) and drops once its own modules
//   are in;
// - with --connections N, the larger tables of the modules it loads itself are staged over N more
//   connections in the same way (across a network one COPY stream is bound by round trips).
// With --reset the modules' tables are emptied first, in the same transaction (a caller may first
// see what that deletes and refuse: `beforeReset`, reset.ts). Then the foreign keys are validated,
// qa personas get their passwords, and the transaction commits. Staging tables a failed run leaves
// are dropped in its cleanup; those of a killed run (its connections gone) by the next seed
// (dropStaleStages), before it starts and after it commits.
import { Client } from "pg";
import { clientConfig, connectClient, withClient } from "../../providers/postgres/client";
import { passwordHash, personaPassword } from "../../seedkit/auth";
import { prepareBulk, rebuilder } from "./bulk";
import { copyRows } from "./copy";
import { expectedBytes } from "./sample";
import { backendPid, dropStaleStages, shouldShard, Staging } from "./shards";
import { quietProgress, type SeedProgress } from "./progress";
import { rowsResetDeletes } from "./reset";
import type { RowCount } from "../../providers/postgres/rows";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "../../seedkit/types";

export interface TableResult {
  table: string;
  rows: number;
  ms: number;
}

export interface SeedResult {
  tables: TableResult[];
  rows: number;
  ms: number;
  /** The qa personas the run made, each with the password it signs in with. */
  personas: Persona[];
}

export interface RunOptions {
  url: string;
  seeders: ModuleSeeder[];
  settings: SeedSettings;
  /** Seed only these modules' tables, or these tables (`schema.table` or `table`). */
  only?: string[];
  reset?: boolean;
  signal?: AbortSignal;
  progress?: SeedProgress;
  /** Most modules loading at once (each is a connection and a CPU-bound generator). */
  parallel?: number;
  /**
   * Load tables that are empty at the start without their secondary indexes, keys and foreign keys
   * between them, and build those in one pass each afterwards, in the same transaction (bulk.ts).
   * Default true.
   */
  bulk?: boolean;
  /**
   * COPY streams per module (--connections): above 1, tables of SHARD_MIN_BYTES or more are
   * split over this many more connections, all of them staged at once (shards.ts). Default 1.
   */
  connections?: number;
  /** Called with every connection the seed opens (for aborting them). */
  register?: (client: Client) => void;
  /**
   * With `reset`: called inside the seed's transaction, before anything is deleted or loaded, with
   * the rows the reset would delete (reset.ts rowsResetDeletes; tables that lose none left out).
   * Throwing refuses the run: the transaction rolls back, nothing changed. The policy (which
   * databases keep their rows) is the caller's: `supastack seed` refuses on stacks that keep theirs.
   */
  beforeReset?: (rows: RowCount[]) => void | Promise<void>;
}

/** Pure: which tables of a module an --only list keeps. */
export function selectTables(module: string, tables: TableSeed[], only: string[] | undefined): TableSeed[] {
  if (!only || only.length === 0 || only.includes(module)) return tables;
  return tables.filter((t) => only.includes(`${t.schema}.${t.table}`) || (t.schema === module && only.includes(t.table)));
}

export interface PlannedTable {
  module: string;
  table: string;
  estimate: number;
}

/** Pure: the plan --dry-run prints: tables in load order with their expected row counts. */
export function planSeed(seeders: ModuleSeeder[], settings: SeedSettings, only?: string[]): PlannedTable[] {
  return seeders.flatMap((s) =>
    selectTables(s.module, s.tables(settings), only).map((t) => ({ module: s.module, table: `${t.schema}.${t.table}`, estimate: t.estimate })),
  );
}

/** Pure: a module's expected load work: the expected COPY bytes of the tables it will load (sample.ts). */
export function moduleBytes(seeder: ModuleSeeder, settings: SeedSettings, only?: string[]): number {
  return selectTables(seeder.module, seeder.tables(settings), only).reduce((a, t) => a + expectedBytes(t), 0);
}

/**
 * Pure: the order modules start loading in: the most expected work first (stable), so the longest
 * modules start at once and the short ones fill the connections around them (longest processing
 * time first); in the catalog's order the largest could start last.
 */
export function loadOrder(seeders: readonly ModuleSeeder[], settings: SeedSettings, only?: string[]): ModuleSeeder[] {
  const work = new Map(seeders.map((s) => [s, moduleBytes(s, settings, only)]));
  return [...seeders].sort((a, b) => (work.get(b) as number) - (work.get(a) as number));
}

/**
 * Pure: the message for a unique violation while loading `table` (SQLSTATE 23505), naming the
 * table and the conflicting key, and what to do. Undefined for any other error.
 */
export function duplicateKeyMessage(table: string, error: unknown): string | undefined {
  const e = error as { code?: string; detail?: string; constraint?: string; schema?: string; table?: string };
  if (e?.code !== "23505") return undefined;
  const where = e.schema && e.table ? `${e.schema}.${e.table}` : table;
  const key = /^Key \((.*)\)=\((.*)\) already exists\.?$/.exec(e.detail ?? "");
  const conflict = key ? `${key[1]} = ${key[2]}` : (e.detail ?? "a key it already holds");
  return (
    `seeding ${table}: ${where} already has a row with ${conflict}${e.constraint ? ` (constraint ${e.constraint})` : ""}; ` +
    `this database was seeded before. Use --reset (supastack seed --reset) to replace the seeded rows, or seed an empty database; nothing was written.`
  );
}

class Aborted extends Error {
  constructor() {
    super("seeding was interrupted; nothing was written");
  }
}

/** Pure: the error of a failed COMMIT, saying that nothing of the seed was written. */
export function commitFailure(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`seeding failed at COMMIT: ${message}; the seed's transaction was rolled back, nothing was written`), { cause: error });
}

/** A table's load failed: a duplicate key is told as such (duplicateKeyMessage), anything else as it is. */
function loadError(name: string, error: unknown): unknown {
  const message = duplicateKeyMessage(name, error);
  return message ? Object.assign(new Error(message), { cause: error }) : error;
}

/** One module of the run: its generator and the tables it loads. */
interface ModuleLoad {
  seeder: ModuleSeeder;
  tables: TableSeed[];
}

/** A module a staging lane loads: the seed's transaction moves its tables in from `staging`. */
interface StagedModule extends ModuleLoad {
  staging: Staging;
  bar: (t: TableSeed) => ReturnType<SeedProgress["table"]>;
}

/** Per table of one module, its progress bar (auth.users appears in every module: one bar each). */
function barsOf(progress: SeedProgress): (t: TableSeed) => ReturnType<SeedProgress["table"]> {
  const bars = new Map<string, ReturnType<SeedProgress["table"]>>();
  return (t) => {
    const name = `${t.schema}.${t.table}`;
    let bar = bars.get(name);
    if (!bar) bars.set(name, (bar = progress.table(name, t.estimate)));
    return bar;
  };
}

/** Pure: the names of the tables of a run, each once, in load order. */
export function tableNames(modules: readonly ModuleLoad[]): string[] {
  return [...new Set(modules.flatMap((m) => m.tables.map((t) => `${t.schema}.${t.table}`)))];
}

/**
 * The settings of the seed's transaction, sent with its BEGIN (one round trip). The transaction
 * may run for minutes; client_connection_check_interval makes the server notice a killed seeder
 * within a second even in the middle of a long statement (an INSERT ... SELECT, an index build)
 * and roll back at once, instead of when that statement ends (PostgreSQL 14+, a user setting:
 * https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-CLIENT-CONNECTION-CHECK-INTERVAL).
 */
export const BEGIN_SQL =
  "BEGIN; SET LOCAL statement_timeout = 0; SET LOCAL synchronous_commit = off; SET LOCAL client_connection_check_interval = '1s'";

/** Seeds every module all-or-nothing: one transaction, one COMMIT. */
export async function runSeed(options: RunOptions): Promise<SeedResult> {
  const started = Date.now();
  const progress = options.progress ?? quietProgress();
  const results: TableResult[] = [];
  const personas: Persona[] = [];
  /** Every connection the run opened: closed at once on abort (the server rolls back what they had open). */
  const connections: Client[] = [];
  const register = (c: Client) => {
    connections.push(c);
    options.register?.(c);
  };
  const stagings: Staging[] = [];
  let failed: unknown;
  let committed = false;
  const streams = options.connections ?? 1;
  const check = () => {
    if (options.signal?.aborted) throw new Aborted();
    if (failed) throw failed;
  };
  const onAbort = () => {
    failed ??= new Aborted();
    for (const c of connections) c.end().catch(() => undefined);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const main = new Client(clientConfig(options.url, "supastack seed"));
  // The connection lost between statements: the next statement fails with it, or `check` does.
  main.on("error", (error: unknown) => {
    failed ??= error;
  });
  register(main);
  let mainPid: number | undefined;
  try {
    await connectClient(main);
    mainPid = backendPid(main);
    // A killed run's staging tables (its connections gone) go first: one round trip, outside the
    // seed's transaction (it takes a lock every staging run takes in turn).
    await dropStaleStages(main).catch(() => undefined);
    await main.query(BEGIN_SQL);
    // One connection (--reset) or one module: the order does not matter, so no sampling.
    const ordered = options.seeders.length < 2 ? [...options.seeders] : loadOrder(options.seeders, options.settings, options.only);
    const modules: ModuleLoad[] = ordered.map((seeder) => ({ seeder, tables: selectTables(seeder.module, seeder.tables(options.settings), options.only) })).filter((m) => m.tables.length > 0);
    const queue = [...modules];
    // The seed's transaction loads the first module (the most expected work, loadOrder) itself,
    // straight into its tables: what the lanes take is written twice (staged, then moved), so the
    // largest module is not theirs.
    const first = queue.shift();
    const staged: StagedModule[] = [];
    const resetSql = options.reset ? modules.flatMap((m) => m.seeder.resetSql) : [];
    // Before the lanes start: a refused reset leaves nothing behind, not even a staging table.
    if (resetSql.length > 0 && options.beforeReset) await options.beforeReset(await rowsResetDeletes(main, resetSql));

    // The lanes start at once: they write only their own staging tables, so they need nothing of
    // the seed's transaction (not even its --reset, which they cannot see before it commits).
    const lane = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        check();
        const bar = barsOf(progress);
        const tables = m.tables;
        const staging = new Staging(
          main,
          options.url,
          streams,
          tables.map((t) => ({
            schema: t.schema,
            table: t.table,
            columns: t.columns,
            bytes: streams > 1 ? expectedBytes(t) : 0,
            rows: () => t.rows(),
            onRows: (n: number) => {
              bar(t).add(n);
              check();
            },
          })),
          register,
        );
        stagings.push(staging);
        staged.push({ ...m, staging, bar });
        await staging.finished;
        await staging.close();
      }
    };
    const lanes = Array.from({ length: Math.max(0, Math.min((options.parallel ?? 2) - 1, modules.length - 1)) }, () =>
      lane().catch((error: unknown) => {
        failed ??= error;
      }),
    );

    if (resetSql.length > 0) await main.query(resetSql.join(";\n"));
    const plan = options.bulk === false ? undefined : await prepareBulk(main, tableNames(modules));
    // A table's keys and indexes are built as soon as its rows are in (while later tables still
    // load or stage); foreign keys come at the end.
    const rebuilt = plan ? rebuilder(main, plan, check) : undefined;
    const loaded = async (t: TableSeed, t0: number, load: Promise<number>, bar: ReturnType<SeedProgress["table"]>) => {
      const name = `${t.schema}.${t.table}`;
      const rows = await load.catch((error: unknown) => {
        throw loadError(name, error);
      });
      bar.done();
      results.push({ table: name, rows, ms: Date.now() - t0 });
      await rebuilt?.table(name);
    };

    // The seed's transaction loads modules from the queue itself...
    for (let m = first; m; m = queue.shift()) {
      check();
      const bar = barsOf(progress);
      // --connections: the module's larger tables stage over their own connections at once, while
      // this transaction loads the rest (shards.ts).
      const bytes = new Map(streams > 1 ? m.tables.map((t) => [t, expectedBytes(t)] as const) : []);
      const sharded = m.tables.filter((t) => shouldShard(bytes.get(t) ?? 0, streams));
      const staging =
        sharded.length > 0
          ? new Staging(
              main,
              options.url,
              streams,
              sharded.map((t) => ({
                schema: t.schema,
                table: t.table,
                columns: t.columns,
                bytes: bytes.get(t) ?? 0,
                rows: () => t.rows(),
                onRows: (n: number) => {
                  bar(t).add(n);
                  check();
                },
              })),
              register,
            )
          : undefined;
      if (staging) stagings.push(staging);
      try {
        for (const t of m.tables) {
          check();
          const name = `${t.schema}.${t.table}`;
          const t0 = Date.now();
          const onRows = (n: number) => {
            bar(t).add(n);
            check();
          };
          const load = staging?.has(name)
            ? staging.move(t.schema, t.table, t.columns)
            : copyRows(main, t.schema, t.table, t.columns, t.rows(), onRows, { freeze: plan?.freeze.includes(name) });
          await loaded(t, t0, load, bar(t));
        }
      } finally {
        await staging?.close();
      }
    }
    // ...then moves in what the lanes staged, module by module, each table once its stages are through.
    await Promise.all(lanes);
    check();
    for (const m of staged) {
      for (const t of m.tables) {
        check();
        await loaded(t, Date.now(), m.staging.move(t.schema, t.table, t.columns), m.bar(t));
      }
    }
    await rebuilt?.finish();
    for (const m of modules) if (m.tables.some((t) => t.schema === "auth" && t.table === "users")) personas.push(...(await givePersonasPasswords(main, m.seeder, options.settings)));
    check();
    await main.query("COMMIT").catch((error: unknown) => {
      throw commitFailure(error);
    });
    committed = true;
    // In the order the modules were given, whatever order they loaded in.
    const order = (p: Persona) => options.seeders.findIndex((s) => s.module === p.module);
    return { tables: results, rows: results.reduce((a, r) => a + r.rows, 0), ms: Date.now() - started, personas: personas.sort((a, b) => order(a) - order(b)) };
  } catch (error) {
    failed ??= error;
    await main.query("ROLLBACK").catch(() => undefined);
    throw options.signal?.aborted ? new Aborted() : error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    progress.stop();
    await Promise.all(stagings.map((s) => s.close()));
    // Nothing left behind. After a COMMIT the moves have dropped this run's staging tables: what
    // is left is a killed run's, and the schema once it is empty. After a failure this run's own
    // (committed by their connections, or brought back by the ROLLBACK of the moves' DROPs) go too.
    const own = !committed && mainPid !== undefined && stagings.length > 0 ? [mainPid] : [];
    await dropStaleStages(main, own)
      .catch(() => withClient(options.url, (c) => dropStaleStages(c, own)))
      .catch(() => undefined);
    await main.end().catch(() => undefined);
  }
}

/**
 * qa personas exist to be signed in as: each gets its known password (personaPassword, written to
 * the personas file) as the bcrypt hash GoTrue checks. Done here, once for every module, so no
 * generator can forget it; the hash's salt comes from the user id, so the bytes stay deterministic.
 */
async function givePersonasPasswords(client: Client, seeder: ModuleSeeder, settings: SeedSettings): Promise<Persona[]> {
  if (settings.profile !== "qa" || !seeder.personas) return [];
  const personas = seeder.personas(settings).map((p) => ({ ...p, password: personaPassword(settings.seed, p.userId) }));
  for (const persona of personas) {
    await client.query("UPDATE auth.users SET encrypted_password = $2 WHERE id = $1", [persona.userId, passwordHash(persona.password, persona.userId)]);
  }
  return personas;
}
