// Staging: tables sent over connections of their own, into staging tables that the seed's one
// transaction moves into place (run.ts). Two uses:
// - --connections N: a module's larger tables as N COPY streams over N more connections, for
//   databases across a network, where one stream is bound by round trips (its TCP window per round
//   trip), not by the server;
// - the modules that load beside the seed's transaction (run.ts `parallel`), every table of such a
//   module over its own connection(s).
//
// Shards are deterministic: the generator's rows, in their one order, are cut into the same
// ~256 KiB chunks one stream sends; a table expected to send SPLIT_MIN_BYTES or more deals chunk k
// (counted across the staging's tables) to stream k mod N, a smaller one goes whole to one stream
// (streamsFor) — every row once, the same bytes overall as one stream. Sizes are expected bytes
// (sample.ts), so the decisions do not depend on the network either.
//
// All-or-nothing: connections cannot share a transaction (and prepared transactions are off on
// Supabase: max_prepared_transactions = 0), and the seed's transaction holds the tables (and the
// parent rows the foreign keys need) to itself until it commits. So the streams COPY into staging
// tables of their own (UNLOGGED, in schema supastack_seed_stage, committed at once, no privileges
// for anyone but their owner), and the seed's transaction moves the rows over with one INSERT ...
// SELECT on the server — no network — and drops the staging tables, before its one COMMIT.
//
// In the generator's order: the move inserts the rows in the order one stream would have sent
// them, so every column the server fills (a serial id's nextval) and every trigger that reads the
// table (agentflow.messages checks that a reply's parent exists) sees what one stream gives. A
// staging table's physical order is not that order (a heap insert may fill free space an earlier
// page left, through the free space map), so each row carries its position in the table's rows
// (ROW_COLUMN, written by the producer), each stream indexes it after its COPY, and the move reads
// the staging tables merged in that order (Merge Append over the index scans, no sort).
//
// A failure or Ctrl-C rolls the seed's transaction back and the run drops its staging tables
// (named after its transaction's backend); a SIGKILL leaves only the staging tables, which the
// next seed removes (dropStaleStages: those of runs whose transaction's backend is gone), with the
// schema once it is empty.
//
// Round trips: the staging of all of its tables starts at once and runs in the background: one
// catalog query for every table's column types, one statement creating every staging table (and
// revoking whatever default privileges granted on them: the API roles never read them), then each
// stream works through the tables in order without waiting for the others. The seed's transaction
// moves a table in (INSERT ... SELECT and DROP of its staging tables, one round trip) when it
// reaches it in dependency order.
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { clientConfig, connectClient } from "../../providers/postgres/client";
import { ident, identList, qualified } from "../../providers/postgres/sql";
import { type CopyValue, encodedStream } from "./copy";

export const STAGE_SCHEMA = "supastack_seed_stage";
/** A staging table's first column: the row's position in the table's rows (not a valid unquoted name, so no table has it by accident). */
export const ROW_COLUMN = "supastack#row";
/**
 * Tables expected to send fewer bytes load over the seed's transaction's own connection: about one TCP window
 * (64 KiB), which crosses in a round trip or two, as the staging's move would cost.
 */
export const SHARD_MIN_BYTES = 64 * 1024;

/** Pure: the stream chunk k (0-based) goes to. */
export function shardOf(chunk: number, streams: number): number {
  return chunk % streams;
}

/**
 * Tables expected to send fewer bytes go whole to one stream: two of the ~256 KiB chunks
 * (copy.ts). A larger one is dealt over every stream, so the streams carry about the same bytes
 * and none idles while the generator waits on another's full pipe.
 */
export const SPLIT_MIN_BYTES = 512 * 1024;

/**
 * Pure: the streams each table (by expected bytes, in order) goes to: a large table to every
 * stream, a smaller one whole to the stream with the fewest bytes so far.
 */
export function streamsFor(bytes: readonly number[], streams: number): number[][] {
  const load = Array.from({ length: streams }, () => 0);
  return bytes.map((size) => {
    if (size >= SPLIT_MIN_BYTES || streams === 1) {
      for (let j = 0; j < streams; j++) load[j] = (load[j] as number) + size / streams;
      return Array.from({ length: streams }, (_, j) => j);
    }
    const j = load.indexOf(Math.min(...load));
    load[j] = (load[j] as number) + size;
    return [j];
  });
}

/** Pure: whether a table expected to send `bytes` is staged over the `connections` streams. */
export function shouldShard(bytes: number, connections: number): boolean {
  return connections > 1 && bytes >= SHARD_MIN_BYTES;
}

/** The backend pid of a connected client (pg keeps it from the connection's BackendKeyData: no round trip). */
export function backendPid(client: Client): number {
  const pid = (client as unknown as { processID?: unknown }).processID;
  if (typeof pid !== "number" || !Number.isInteger(pid)) throw new Error("the seeding connection has no backend pid");
  return pid;
}

/** Pure: a staging table's name: the run (its transaction's backend pid, which tells whether it is alive), the table's position, the shard. */
export function stageName(runPid: number, tableIndex: number, shard: number): string {
  return `s${runPid}_${tableIndex}_${shard}`;
}

/**
 * Drops staging tables left by runs whose transaction's backend is gone (a SIGKILLed seed) or is
 * one of `ownPids` (this run's, after a failure), then the schema if it is empty: one round trip.
 * Only tables the current role may drop (its own or its roles'): another role's are not its to touch.
 */
export async function dropStaleStages(client: Client, ownPids: readonly number[] = []): Promise<void> {
  const pids = ownPids.filter((p) => Number.isInteger(p)).map((p) => `'s${p}\\_%'`);
  await client.query(`DO $supastack$
DECLARE doomed text;
BEGIN
  PERFORM ${STAGE_LOCK};
  IF to_regnamespace(${literal(STAGE_SCHEMA)}) IS NULL THEN RETURN; END IF;
  SELECT string_agg(c.oid::regclass::text, ', ') INTO doomed FROM pg_class c
   WHERE c.relnamespace = to_regnamespace(${literal(STAGE_SCHEMA)}) AND c.relkind = 'r' AND pg_has_role(c.relowner, 'USAGE')
     AND (NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE c.relname LIKE 's' || a.pid || '\\_%')${pids.map((p) => ` OR c.relname LIKE ${p}`).join("")});
  IF doomed IS NOT NULL THEN EXECUTE 'DROP TABLE IF EXISTS ' || doomed; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = to_regnamespace(${literal(STAGE_SCHEMA)})) THEN
    BEGIN
      EXECUTE 'DROP SCHEMA ' || quote_ident(${literal(STAGE_SCHEMA)});
    EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN NULL;
    END;
  END IF;
END $supastack$`);
}

/** Serializes creating and dropping the staging schema, until the transaction ends. */
const STAGE_LOCK = `pg_advisory_xact_lock(hashtext(${literal(STAGE_SCHEMA)}))`;

/** A constant as an SQL string literal (only for the fixed names above). */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The one statement that creates staging tables (schema first if missing) and revokes every
 * privilege anyone but their owner got on them or the schema by default privileges (a database may
 * grant the API roles ALL on new tables): only the seeding role can read the rows in flight.
 */
export function createStagesSql(tables: readonly { name: string; columns: readonly { name: string; type: string }[] }[]): string {
  const schema = ident(STAGE_SCHEMA);
  return [
    // The statements run as one transaction; two modules staging at once would both try to create
    // the schema (IF NOT EXISTS does not wait for the other's uncommitted one: "duplicate key value
    // violates unique constraint pg_namespace_nspname_index"), so they take turns.
    `SELECT ${STAGE_LOCK}`,
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    ...tables.map((t) => `CREATE UNLOGGED TABLE ${qualified(STAGE_SCHEMA, t.name)} (${t.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`),
    `DO $supastack$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT 'TABLE ' || c.oid::regclass::text AS object, a.grantee FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.relnamespace = ${literal(STAGE_SCHEMA)}::regnamespace AND a.grantee <> c.relowner AND pg_has_role(c.relowner, 'USAGE')
           UNION SELECT DISTINCT 'SCHEMA ' || quote_ident(n.nspname), a.grantee FROM pg_namespace n, aclexplode(n.nspacl) a
            WHERE n.nspname = ${literal(STAGE_SCHEMA)} AND a.grantee <> n.nspowner AND pg_has_role(n.nspowner, 'USAGE')
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', r.object, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.grantee::regrole::text) END);
  END LOOP;
END $supastack$`,
  ].join(";\n");
}

export interface StagedTable {
  schema: string;
  table: string;
  columns: readonly string[];
  /** Expected COPY bytes: a smaller table goes whole to one stream (streamsFor). */
  bytes: number;
  rows: () => Iterable<readonly CopyValue[]>;
  onRows?: (n: number) => void;
}

/**
 * The staging of one module's larger tables over `streams` connections of their own, started at
 * once; `move` brings a table into place in the seed's transaction.
 */
export class Staging {
  private readonly clients: Client[] = [];
  private readonly done = new Map<string, Promise<number>>();
  /** Per table: its staging tables' names, by stream (absent where the table does not use that stream). */
  private readonly stages = new Map<string, (string | undefined)[]>();
  private stopped = false;
  private readonly pipes: PassThrough[] = [];
  /** Settles once every table is staged (rejects with the first failure). */
  readonly finished: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly url: string,
    readonly streams: number,
    private readonly tables: readonly StagedTable[],
    private readonly register?: (client: Client) => void,
  ) {
    const runPid = backendPid(client);
    const assigned = streamsFor(tables.map((t) => t.bytes), streams);
    for (const [i, t] of tables.entries())
      this.stages.set(
        `${t.schema}.${t.table}`,
        Array.from({ length: streams }, (_, j) => (assigned[i]?.includes(j) ? stageName(runPid, stageCounter + i, j) : undefined)),
      );
    stageCounter += tables.length;
    const deferred = tables.map(() => {
      let resolve: (n: number) => void = () => undefined;
      let reject: (e: unknown) => void = () => undefined;
      const promise = new Promise<number>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => undefined);
      return { promise, resolve, reject };
    });
    for (const [i, t] of tables.entries()) this.done.set(`${t.schema}.${t.table}`, (deferred[i] as { promise: Promise<number> }).promise);
    // Every table not yet through fails with the first error (settling twice is a no-op).
    this.finished = this.start((i, n) => deferred[i]?.resolve(n));
    this.finished.catch((error: unknown) => {
      for (const d of deferred) d.reject(error);
    });
  }

  /** The staging tables of a table (`schema.table`). */
  private staged(name: string): string[] {
    return (this.stages.get(name) ?? []).filter((n): n is string => n !== undefined);
  }

  has(name: string): boolean {
    return this.done.has(name);
  }

  private async start(through: (i: number, rows: number) => void): Promise<void> {
    for (let j = 0; j < this.streams; j++) {
      const c = new Client(clientConfig(this.url, "supastack seed"));
      // A connection that fails fails its COPY or query, which fails the staging: the same error
      // emitted by the idle client has nowhere else to go (and would end the process).
      c.on("error", () => undefined);
      this.register?.(c);
      this.clients.push(c);
    }
    // The connections, the catalog query and the CREATE: a few round trips, while the seed's
    // transaction prepares its bulk load.
    const ready = (async () => {
      await Promise.all(this.clients.map(connectClient));
      const first = this.clients[0] as Client;
      // Column types from the catalog: reading them takes no lock on the tables, which the seed's
      // transaction may hold exclusively (bulk.ts). One query for every table.
      const { rows: cols } = await first.query(
        `SELECT c.relname AS "table", n.nspname AS schema, a.attname, format_type(a.atttypid, a.atttypmod) AS type
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname || '.' || c.relname = ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped`,
        [this.tables.map((t) => `${t.schema}.${t.table}`)],
      );
      const types = new Map(cols.map((c) => [`${c.schema}.${c.table}.${c.attname}`, c.type as string]));
      await first.query(
        createStagesSql(
          this.tables.flatMap((t) =>
            this.staged(`${t.schema}.${t.table}`).map((name) => ({
              name,
              columns: [{ name: ROW_COLUMN, type: "bigint" }, ...t.columns.map((col) => ({ name: col, type: types.get(`${t.schema}.${t.table}.${col}`) ?? "text" }))],
            })),
          ),
        ),
      );
    })();
    // Each stream works through the tables in order; the producer deals every table's chunks
    // round-robin (one counter across tables, so the small ones do not all land on stream 0).
    // Generating before the setup is through would delay its round trips (the producer holds the
    // event loop for a chunk at a time, so each reply would wait for one): set up first.
    await ready;
    const chains: Promise<void>[] = this.clients.map(() => Promise.resolve());
    let failure: Promise<never> | undefined;
    let k = 0;
    const settled: Promise<void>[] = [];
    for (const [i, t] of this.tables.entries()) {
      if (this.stopped) throw new Error("staging stopped");
      const names = this.stages.get(`${t.schema}.${t.table}`) as (string | undefined)[];
      const mine = names.flatMap((n, j) => (n ? [j] : []));
      const pipes = this.clients.map(() => new PassThrough({ highWaterMark: 1024 * 1024 }));
      this.pipes.push(...pipes);
      const loads = mine.map((j) => {
        const stage = qualified(STAGE_SCHEMA, names[j] as string);
        const stream = this.clients[j] as Client;
        // The COPY, then the index the ordered move reads (built here, beside the other streams'
        // work, not in the seed's transaction).
        chains[j] = (chains[j] as Promise<void>)
          .then(() => pipeline(pipes[j] as PassThrough, stream.query(copyFrom(`COPY ${stage} (${identList([ROW_COLUMN, ...t.columns])}) FROM STDIN`))))
          .then(() => stream.query(`CREATE INDEX ON ${stage} (${ident(ROW_COLUMN)})`))
          .then(() => undefined);
        return chains[j] as Promise<void>;
      });
      for (const l of loads) l.catch(() => undefined);
      // A failed stream rejects its pipeline; the producer stops waiting on it then.
      const failed = Promise.race(loads.map((l) => l.then(() => new Promise<never>(() => undefined))));
      failure = failure ? Promise.race([failure, failed]) : failed;
      failure.catch(() => undefined);
      let count = 0;
      for await (const chunk of encodedStream(
        t.rows(),
        (n) => {
          count += n;
          t.onRows?.(n);
        },
        { numbered: true },
      )) {
        const pipe = pipes[mine.length === 1 ? (mine[0] as number) : shardOf(k++, this.streams)] as PassThrough;
        if (!pipe.write(chunk)) await Promise.race([once(pipe, "drain"), failure]);
        // Let the sockets work between chunks: generating is synchronous, and without a turn of
        // the event loop every connection's round trips would wait for the next full pipe.
        else await new Promise((resolve) => setImmediate(resolve));
      }
      for (const j of mine) (pipes[j] as PassThrough).end();
      const total = count;
      const staged = Promise.all(loads).then(() => through(i, total));
      // Awaited below unless an earlier failure stops the producer first (then `finished` tells it).
      staged.catch(() => undefined);
      settled.push(staged);
    }
    await Promise.all(settled);
  }

  /** Waits for the table's streams, then moves its rows in and drops its staging tables, in the seed's transaction (one round trip). */
  async move(schema: string, table: string, columns: readonly string[]): Promise<number> {
    const name = `${schema}.${table}`;
    const count = await (this.done.get(name) as Promise<number>);
    await this.client.query(moveSql(schema, table, columns, this.staged(name)));
    return count;
  }

  /** Stops the producer and closes the stream connections (staging tables left are dropped by dropStaleStages). */
  async close(): Promise<void> {
    this.stopped = true;
    for (const p of this.pipes) if (!p.writableEnded) p.destroy();
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
  }
}

/**
 * Pure: the statements that move a table's rows in from its staging tables in the generator's
 * order (ROW_COLUMN), then drop them. enable_sort is off for the INSERT only, so the planner merges
 * the staging tables' index scans instead of sorting every row (the order holds either way).
 */
export function moveSql(schema: string, table: string, columns: readonly string[], stages: readonly string[]): string {
  const cols = identList(columns);
  const from = stages.map((st) => `SELECT ${ident(ROW_COLUMN)}, ${cols} FROM ${qualified(STAGE_SCHEMA, st)}`).join(" UNION ALL ");
  return [
    "SET LOCAL enable_sort = off",
    `INSERT INTO ${qualified(schema, table)} (${cols}) SELECT ${cols} FROM (${from}) AS staged ORDER BY ${ident(ROW_COLUMN)}`,
    "RESET enable_sort",
    `DROP TABLE ${stages.map((st) => qualified(STAGE_SCHEMA, st)).join(", ")}`,
  ].join(";\n");
}

let stageCounter = 0;
