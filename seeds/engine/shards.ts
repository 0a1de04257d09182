// --connections N: one table's rows sent as N COPY streams over N more connections, for databases
// across a network, where one stream is bound by round trips (its TCP window per round trip), not
// by the server.
//
// Shards are deterministic key ranges: the generator's rows, in their one order, are cut into the
// same ~256 KiB chunks one stream sends, and chunk k goes to stream k mod N — every row once, the
// same bytes overall as one stream.
//
// All-or-nothing: connections cannot share a transaction, and the module's transaction holds the
// table (and the parent rows the foreign keys need) to itself until it commits. So the streams
// COPY into staging tables of their own (UNLOGGED, in schema supastack_seed_stage, committed at
// once), and the module's transaction moves the rows over with one INSERT ... SELECT on the server
// — no network — and drops the staging tables. A failure or Ctrl-C rolls the table back and drops
// them; a SIGKILL leaves only the staging tables, which the next seed removes
// (dropStaleStages: those of runs whose connections are gone).
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { clientConfig } from "../../providers/postgres/client";
import { ident, identList, qualified } from "../../providers/postgres/sql";
import { type CopyValue, encodedStream } from "./copy";

export const STAGE_SCHEMA = "supastack_seed_stage";
/** Tables expected to have fewer rows load as one stream. */
export const SHARD_MIN_ROWS = 2_000;

/** Pure: the stream chunk k (0-based) goes to. */
export function shardOf(chunk: number, streams: number): number {
  return chunk % streams;
}

/** Pure: whether a table of about `estimate` rows is split over `connections` streams. */
export function shouldShard(estimate: number, connections: number): boolean {
  return connections > 1 && estimate >= SHARD_MIN_ROWS;
}

/** Pure: a staging table's name: the run (its backend pid, which tells whether it is alive), the table's position, the shard. */
export function stageName(runPid: number, tableIndex: number, shard: number): string {
  return `s${runPid}_${tableIndex}_${shard}`;
}

/** Drops staging tables left by runs whose backend is gone (a SIGKILLed seed). */
export async function dropStaleStages(client: Client): Promise<void> {
  const { rows } = await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE c.relname LIKE 's' || a.pid || '\\_%')`,
    [STAGE_SCHEMA],
  );
  for (const r of rows) await client.query(`DROP TABLE IF EXISTS ${qualified(STAGE_SCHEMA, r.relname as string)}`);
}

/** The N stream connections of one module's load, opened on first use and reused for every table. */
export class StreamConnections {
  private readonly clients: Client[] = [];
  private ready?: Promise<Client[]>;

  constructor(
    private readonly url: string,
    readonly streams: number,
    private readonly register?: (client: Client) => void,
  ) {}

  get(): Promise<Client[]> {
    this.ready ??= (async () => {
      for (let j = 0; j < this.streams; j++) {
        const c = new Client(clientConfig(this.url, "supastack seed"));
        this.register?.(c);
        this.clients.push(c);
      }
      await Promise.all(this.clients.map((c) => c.connect()));
      await this.clients[0]?.query(`CREATE SCHEMA IF NOT EXISTS ${ident(STAGE_SCHEMA)}`);
      return this.clients;
    })();
    return this.ready;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
  }
}

export interface ShardedCopy {
  /** The module's transaction (moves the rows and drops the staging tables). */
  client: Client;
  connections: StreamConnections;
  schema: string;
  table: string;
  columns: readonly string[];
  rows: Iterable<readonly CopyValue[]>;
  /** Distinguishes this table's staging tables within the run. */
  tableIndex: number;
  onRows?: (n: number) => void;
}

/** Copies the rows over `streams` connections into staging tables, then into the table in the module's transaction. */
export async function copySharded(s: ShardedCopy): Promise<number> {
  const runPid = (await s.client.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid as number;
  // Column types from the catalog: reading them takes no lock on the table, which the module's
  // transaction may hold exclusively (bulk.ts).
  const { rows: cols } = await s.client.query(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY ($2)`,
    [qualified(s.schema, s.table), s.columns],
  );
  const types = new Map(cols.map((c) => [c.attname as string, c.type as string]));
  const streams = s.connections.streams;
  const stages = Array.from({ length: streams }, (_, j) => qualified(STAGE_SCHEMA, stageName(runPid, s.tableIndex, j)));
  const side = await s.connections.get();
  let count = 0;
  try {
    await Promise.all(
      side.map((c, j) => c.query(`CREATE UNLOGGED TABLE ${stages[j]} (${s.columns.map((col) => `${ident(col)} ${types.get(col) ?? "text"}`).join(", ")})`)),
    );
    const pipes = side.map(() => new PassThrough({ highWaterMark: 1024 * 1024 }));
    const loads = side.map((c, j) => pipeline(pipes[j] as PassThrough, c.query(copyFrom(`COPY ${stages[j]} (${identList(s.columns)}) FROM STDIN`))));
    // A failed stream rejects its pipeline; make sure the producer stops waiting on it (the
    // rejections are awaited below; the no-op handlers only keep them from counting as unhandled).
    for (const l of loads) l.catch(() => undefined);
    const failed = Promise.race(loads.map((l) => l.then(() => new Promise<never>(() => undefined))));
    failed.catch(() => undefined);
    let k = 0;
    for await (const chunk of encodedStream(s.rows, (n) => {
      count += n;
      s.onRows?.(n);
    })) {
      const pipe = pipes[shardOf(k++, streams)] as PassThrough;
      if (!pipe.write(chunk)) await Promise.race([once(pipe, "drain"), failed]);
    }
    for (const p of pipes) p.end();
    await Promise.all(loads);
    await s.client.query(
      `INSERT INTO ${qualified(s.schema, s.table)} (${identList(s.columns)}) ${stages.map((st) => `SELECT ${identList(s.columns)} FROM ${st}`).join(" UNION ALL ")}`,
    );
    await s.client.query(`DROP TABLE ${stages.join(", ")}`);
    return count;
  } catch (error) {
    // The staging tables were committed by their own connections: drop them (best effort).
    for (const c of side) await c.query(`DROP TABLE IF EXISTS ${stages.join(", ")}`).then(() => undefined, () => undefined);
    throw error;
  }
}
