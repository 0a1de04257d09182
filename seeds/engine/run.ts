// Runs a seed: one connection and one transaction per module (modules are independent, so they
// load in parallel), tables streamed with COPY in FK order inside it. The transactions commit
// only after every module has loaded; any error, or an abort (Ctrl-C), rolls all of them back.
// With --reset everything runs in one transaction instead: emptying a module deletes its
// auth.users rows, whose ON DELETE CASCADE checks reach every module's tables, which parallel
// transactions holding TRUNCATE locks would deadlock on.
import { Client } from "pg";
import { clientConfig, connectClient, withClient } from "../../providers/postgres/client";
import { passwordHash, personaPassword } from "../../seedkit/auth";
import { prepareBulk, rebuilder } from "./bulk";
import { copyRows } from "./copy";
import { expectedBytes } from "./sample";
import { dropStaleStages, shouldShard, Staging } from "./shards";
import { quietProgress, type SeedProgress } from "./progress";
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

async function loadModule(
  client: Client,
  seeder: ModuleSeeder,
  options: RunOptions,
  progress: SeedProgress,
  results: TableResult[],
  personas: Persona[],
): Promise<void> {
  const tables = selectTables(seeder.module, seeder.tables(options.settings), options.only);
  if (tables.length === 0) return;
  const aborted = () => {
    if (options.signal?.aborted) throw new Aborted();
  };
  const bars = new Map<string, ReturnType<SeedProgress["table"]>>();
  const barOf = (t: TableSeed) => {
    const name = `${t.schema}.${t.table}`;
    let bar = bars.get(name);
    if (!bar) bars.set(name, (bar = progress.table(name, t.estimate)));
    return bar;
  };
  // --connections: the module's larger tables start staging over their own connections at once,
  // while this transaction prepares and loads the rest (shards.ts).
  const connections = options.connections ?? 1;
  const bytes = new Map(connections > 1 ? tables.map((t) => [t, expectedBytes(t)] as const) : []);
  const staged = tables.filter((t) => shouldShard(bytes.get(t) ?? 0, connections));
  const staging =
    staged.length > 0
      ? new Staging(
          client,
          options.url,
          connections,
          staged.map((t) => ({
            schema: t.schema,
            table: t.table,
            columns: t.columns,
            bytes: bytes.get(t) ?? 0,
            rows: () => t.rows(),
            onRows: (n: number) => {
              barOf(t).add(n);
              aborted();
            },
          })),
          options.register,
        )
      : undefined;
  try {
    if (options.reset && seeder.resetSql.length > 0) await client.query(seeder.resetSql.join(";\n"));
    const plan = options.bulk === false ? undefined : await prepareBulk(client, tables.map((t) => `${t.schema}.${t.table}`));
    // A table's keys and indexes are built as soon as it is loaded: with --connections the
    // transaction would otherwise wait idle for the streams; foreign keys come at the end.
    const rebuilt = plan ? rebuilder(client, plan, aborted) : undefined;
    for (const t of tables) {
      aborted();
      const name = `${t.schema}.${t.table}`;
      const bar = barOf(t);
      const t0 = Date.now();
      const onRows = (n: number) => {
        bar.add(n);
        aborted();
      };
      const load = staging?.has(name)
        ? staging.move(t.schema, t.table, t.columns)
        : copyRows(client, t.schema, t.table, t.columns, t.rows(), onRows, { freeze: plan?.freeze.includes(name) });
      const rows = await load.catch((error: unknown) => {
        const message = duplicateKeyMessage(name, error);
        throw message ? Object.assign(new Error(message), { cause: error }) : error;
      });
      bar.done();
      results.push({ table: name, rows, ms: Date.now() - t0 });
      await rebuilt?.table(name);
    }
    await rebuilt?.finish();
  } finally {
    await staging?.close();
  }
  if (tables.some((t) => t.schema === "auth" && t.table === "users")) personas.push(...(await givePersonasPasswords(client, seeder, options.settings)));
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

/** Seeds every module all-or-nothing. */
export async function runSeed(options: RunOptions): Promise<SeedResult> {
  const started = Date.now();
  const progress = options.progress ?? quietProgress();
  const results: TableResult[] = [];
  const personas: Persona[] = [];
  const clients: Client[] = [];
  /** Connections of sharded streams (shards.ts), outside the transactions: closed on abort too. */
  const streams: Client[] = [];
  let failed: unknown;
  const sharded = (options.connections ?? 1) > 1;
  const onAbort = () => {
    failed ??= new Aborted();
    // Closing the connections makes the server roll the open transactions back at once.
    for (const c of [...clients, ...streams]) c.end().catch(() => undefined);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // One connection (--reset) or one module: the order does not matter, so no sampling.
    const queue = options.reset || options.seeders.length < 2 ? [...options.seeders] : loadOrder(options.seeders, options.settings, options.only);
    let staleDropped = false;
    const open = async (): Promise<Client> => {
      const client = new Client(clientConfig(options.url, "supastack seed"));
      clients.push(client);
      await connectClient(client);
      if (sharded && !staleDropped) {
        staleDropped = true;
        await dropStaleStages(client);
      }
      // One round trip: the transaction stays open after this simple query.
      await client.query("BEGIN; SET LOCAL statement_timeout = 0; SET LOCAL synchronous_commit = off");
      return client;
    };
    const shared = options.reset ? await open() : undefined;
    const worker = async () => {
      for (let seeder = queue.shift(); seeder && !failed; seeder = queue.shift()) {
        try {
          await loadModule(shared ?? (await open()), seeder, { ...options, register: (c) => streams.push(c) }, progress, results, personas);
        } catch (error) {
          failed ??= error;
        }
      }
    };
    const workers = shared ? 1 : Math.max(1, Math.min(options.parallel ?? 2, options.seeders.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (options.signal?.aborted) failed ??= new Aborted();
    if (failed) throw failed;
    for (const c of clients) await c.query("COMMIT");
    // Nothing left behind: the staging schema goes once empty (another run's tables keep it).
    if (sharded && clients[0]) await dropStaleStages(clients[0]).catch(() => undefined);
    // In the order the modules were given, whatever order they loaded in.
    const order = (p: Persona) => options.seeders.findIndex((s) => s.module === p.module);
    return { tables: results, rows: results.reduce((a, r) => a + r.rows, 0), ms: Date.now() - started, personas: personas.sort((a, b) => order(a) - order(b)) };
  } catch (error) {
    for (const c of clients) await c.query("ROLLBACK").catch(() => undefined);
    throw options.signal?.aborted ? new Aborted() : error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    progress.stop();
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    // A failed sharded load may leave committed staging tables: remove them (else the next run does).
    const pids = clients.flatMap((c) => (c as unknown as { processID?: number }).processID ?? []);
    if (sharded && failed) await withClient(options.url, (c) => dropStaleStages(c, pids)).catch(() => undefined);
  }
}
