// npm run bench:seed — how close `supastack seed` comes to PostgreSQL's own COPY rate, and to the
// physical limit.
//
// For each scenario (the support module at ~0.7M rows; all modules at ~5.6M rows, load profile):
//   (a) COPY of the same rows, pre-rendered to files beforehand, into the fully declared tables
//       (every index, key, foreign key and trigger on), over the same number of parallel
//       connections, one transaction per module, in the same order — what a plain COPY loader gets;
//   (c) the same files into bare tables: every index, constraint (but NOT NULL) and trigger of the
//       modules' and auth's tables dropped beforehand (by the superuser: a benchmark-only setup) —
//       the physical limit of loading these rows;
//   (b) supastack end to end (seedDatabase: generation, encoding, bulk loading, index and key
//       rebuild), in a child process whose peak RSS is sampled every 100 ms.
// Then the remote case: the support module seeded through a TCP proxy that adds 20 ms each way
// (latency-proxy.ts), with one COPY stream per table and with --connections N.
// Each load goes into a fresh database with the modules' SQL applied. (a) and (b) are measured in
// rounds (--rounds, default 2) in the order a b | b a: the machine's speed drifts over minutes, and
// the means over a b b a cancel a steady drift. Prints rows/s, (b)/(a) (of the means, and by
// round), (b)/(c) and peak memory, from one run.
// Flags: --scale F (every scenario's rows times F, for quick runs), --support-rows N, --all-rows N,
// --remote-rows N, --connections N (remote case, default 8), --rounds N (default 2), --only-remote
// (just the remote case).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { bootstrap, connectionUrl, localAdminUrlFor, startLocal } from "../../local/instance";
import { readMigrationFiles } from "../../modules/files";
import { withClient } from "../../providers/postgres/client";
import { migrationSearchPath } from "../../providers/postgres/providers/migration";
import { databaseOf, withDatabase } from "../../providers/postgres/url";
import { ident, identList, qualified } from "../../providers/postgres/sql";
import { seedDatabase, seedPlan } from "../api";
import { encodedStream } from "../engine/copy";
import { loadOrder } from "../engine/run";
import type { SeedSettings } from "../../seedkit/types";
import { MODULE_NAMES, seedersOf } from "../../modules/catalog";
import { startLatencyProxy } from "./latency-proxy";
import { EPOCH } from "../../seedkit/volumes";

/** One `now` for every load of a scenario, so the pre-rendered files and the seed hold the same rows. */
const BENCH_NOW = EPOCH;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / Math.max(ms, 1));
const fmt = (n: number) => n.toLocaleString("en-US");

interface WorkerRequest {
  url: string;
  modules: string[];
  scale: number;
  connections?: number;
}

/** Child-process mode: seed end to end and report rows, time and peak RSS as JSON on stdout. */
async function worker(request: WorkerRequest): Promise<void> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  const t0 = Date.now();
  const seeders = await seedersOf(request.modules);
  const result = await seedDatabase({ url: request.url, profile: "load", seed: 1, scale: request.scale, now: BENCH_NOW, seeders, quiet: true, connections: request.connections });
  const ms = Date.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ rows: result.rows, ms, peakRss: peak, cpu: (cpu.user + cpu.system) / 1e6 })}\n`);
}

async function freshDatabase(admin: string, modules: string[]): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_${crypto.randomBytes(4).toString("hex")}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
  const url = withDatabase(admin, name);
  await bootstrap(url);
  await withClient(url, async (c) => {
    for (const m of modules) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(m)}`);
      // As the Migration runs them: the module's schema first on the search_path (the files' names are unqualified).
      await c.query(`SET search_path TO ${migrationSearchPath(m)}`);
      for (const f of readMigrationFiles(m)) await c.query(f.sql);
      await c.query("RESET search_path");
    }
  });
  return { url, drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => undefined) };
}

/**
 * Before each timed load: a CHECKPOINT (as the local superuser), so no phase pays for writing out
 * what the one before it (or the setup) left dirty, as pgbench's runs start from a checkpoint too.
 */
async function settle(admin: string): Promise<void> {
  const superuser = localAdminUrlFor(admin);
  if (superuser) await withClient(superuser, (c) => c.query("CHECKPOINT"));
}

/**
 * One timed load into a fresh database: from a CHECKPOINT (settle), with the server's CPU seconds
 * for that database sampled (serverCpu); the database is dropped once the load is through.
 */
async function measuredLoad<T>(admin: string, db: { url: string; drop: () => Promise<void> }, load: () => Promise<T>): Promise<{ result: T; server: number }> {
  await settle(admin);
  const cpu = serverCpu(admin, db.url);
  const result = await load().finally(() => db.drop());
  return { result, server: await cpu.stop() };
}

/** Strips the modules' and auth's tables to bare columns (benchmark only; as the superuser: auth's tables are not postgres's). */
async function stripToBare(url: string, modules: string[]): Promise<void> {
  const admin = localAdminUrlFor(url);
  if (!admin) throw new Error("the bare-table case needs the local server's superuser");
  await withClient(admin, async (c) => {
    const schemas = [...modules, "auth"];
    const tables = `SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY ($1) AND c.relkind = 'r' AND (n.nspname <> 'auth' OR c.relname IN ('users', 'identities'))`;
    const statements = [
      `SELECT format('DROP TRIGGER %I ON %s', tgname, tgrelid::regclass) AS sql FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (${tables})`,
      `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS sql FROM pg_constraint WHERE contype = 'f' AND (conrelid IN (${tables}) OR confrelid IN (${tables}))`,
      `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS sql FROM pg_constraint WHERE contype IN ('p', 'u', 'x', 'c') AND conrelid IN (${tables})`,
      `SELECT format('DROP INDEX %s', indexrelid::regclass) AS sql FROM pg_index WHERE indrelid IN (${tables})`,
    ];
    for (const q of statements) for (const { sql } of (await c.query(q, [schemas])).rows) await c.query(sql as string);
  });
}

/**
 * CPU seconds the server's processes spend for one database (its backends and their parallel
 * workers), read from /proc every 100 ms: unlike wall time, it hardly depends on what else the
 * machine runs. Linux only; 0 elsewhere.
 */
function serverCpu(admin: string, url: string): { stop(): Promise<number> } {
  const database = databaseOf(url);
  const ticks = new Map<number, number>();
  const hz = 100;
  const read = (pid: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone since the last sample: its last reading stays
    }
  };
  const client = new Client({ connectionString: admin });
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
      for (const r of rows) read(r.pid as number);
      for (const pid of ticks.keys()) read(pid);
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.end();
  })();
  return {
    async stop() {
      for (const pid of ticks.keys()) read(pid);
      running = false;
      await loop.catch(() => undefined);
      return [...ticks.values()].reduce((a, t) => a + t, 0) / hz;
    },
  };
}

interface RenderedTable {
  schema: string;
  table: string;
  columns: readonly string[];
  file: string;
  rows: number;
}

/** Writes every table's rows, as COPY text, to files (not timed). */
async function render(dir: string, modules: string[], settings: SeedSettings): Promise<Map<string, RenderedTable[]>> {
  const out = new Map<string, RenderedTable[]>();
  for (const m of modules) {
    const tables: RenderedTable[] = [];
    const [seeder] = await seedersOf([m]);
    for (const [i, t] of (seeder?.tables(settings) ?? []).entries()) {
      const file = path.join(dir, `${m}-${String(i).padStart(2, "0")}-${t.schema}.${t.table}.copy`);
      // The same encoder and chunks as the seeder's COPY streams (copy.ts), into a file.
      let rows = 0;
      await pipeline(
        encodedStream(t.rows(), (n) => {
          rows += n;
        }),
        fs.createWriteStream(file),
      );
      tables.push({ schema: t.schema, table: t.table, columns: t.columns, file, rows });
    }
    out.set(m, tables);
    log(`  rendered ${m}: ${fmt(tables.reduce((a, t) => a + t.rows, 0))} rows`);
  }
  return out;
}

/** The limit: COPY the files, modules in parallel (as many connections as the seeder uses), one transaction each. */
async function copyFiles(url: string, rendered: Map<string, RenderedTable[]>, parallel = 2): Promise<{ rows: number; ms: number }> {
  const queue = [...rendered.values()];
  let rows = 0;
  const t0 = Date.now();
  const worker = async () => {
    for (let tables = queue.shift(); tables; tables = queue.shift()) {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query("BEGIN");
      await client.query("SET LOCAL synchronous_commit = off");
      for (const t of tables) {
        await pipeline(fs.createReadStream(t.file, { highWaterMark: 256 * 1024 }), client.query(copyFrom(`COPY ${qualified(t.schema, t.table)} (${identList(t.columns)}) FROM STDIN`)));
        rows += t.rows;
      }
      await client.query("COMMIT");
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  return { rows, ms: Date.now() - t0 };
}

function seedInChild(request: WorkerRequest): Promise<{ rows: number; ms: number; peakRss: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, "--worker", JSON.stringify(request)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() as string)) : reject(new Error(`seed worker exited with ${code}`))));
  });
}

interface Scenario {
  label: string;
  modules: string[];
  targetRows: number;
}

interface Outcome {
  label: string;
  scale: number;
  rows: number;
  copyRate: number;
  bareRate: number;
  seedRate: number;
  seedSeconds: number;
  peakRss: number;
  /** CPU seconds: the server for (a) and (c); the server and the seeding process for (b). */
  cpu: { a: number; c: number; bServer: number; bSeeder: number };
}

async function scaleFor(modules: string[], targetRows: number): Promise<{ scale: number; atOne: number }> {
  const atOne = seedPlan({ url: "", profile: "load", seed: 1, scale: 1, seeders: await seedersOf(modules) }).reduce((a, p) => a + p.estimate, 0);
  return { scale: Math.max(0.05, Math.round((targetRows / atOne) * 20) / 20), atOne };
}

async function runScenario(admin: string, s: Scenario, rounds: number): Promise<Outcome> {
  const { scale, atOne } = await scaleFor(s.modules, s.targetRows);
  log(`${s.label}: scale ${scale} (~${fmt(Math.round(atOne * scale))} rows)`);
  const settings: SeedSettings = { seed: 1, profile: "load", scale, now: BENCH_NOW };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-bench-"));
  try {
    // (a) and (c) load the modules in the order the seeder does (most expected bytes first), so
    // the three differ only in how the rows get in.
    const order = loadOrder(await seedersOf(s.modules), settings).map((m) => m.module);
    const rendered = await render(dir, order, settings);
    const loadA = async (round: number) => {
      const db = await freshDatabase(admin, s.modules);
      log(`  (a) COPY of the pre-rendered files into the declared tables (round ${round})...`);
      const { result, server } = await measuredLoad(admin, db, () => copyFiles(db.url, rendered));
      log(`  (a) ${fmt(result.rows)} rows in ${(result.ms / 1000).toFixed(1)} s, server CPU ${server.toFixed(1)} s`);
      return { ...result, server };
    };
    const loadB = async (round: number) => {
      const db = await freshDatabase(admin, s.modules);
      log(`  (b) supastack seed end to end (round ${round})...`);
      const { result, server } = await measuredLoad(admin, db, () => seedInChild({ url: db.url, modules: s.modules, scale }));
      log(`  (b) ${fmt(result.rows)} rows in ${(result.ms / 1000).toFixed(1)} s, peak RSS ${mb(result.peakRss)}, CPU: server ${server.toFixed(1)} s + seeder ${result.cpu.toFixed(1)} s`);
      return { ...result, server };
    };
    // Rounds of (a) and (b) in the order a b | b a | a b ...: the machine's speed drifts over
    // minutes (other guests on the host), and this way a drift falls on both alike.
    const as = [await loadA(1)];
    const bareDb = await freshDatabase(admin, s.modules);
    await stripToBare(bareDb.url, s.modules);
    log("  (c) COPY of the same files into bare tables...");
    const { result: bare, server: bareServer } = await measuredLoad(admin, bareDb, () => copyFiles(bareDb.url, rendered));
    log(`  (c) ${fmt(bare.rows)} rows in ${(bare.ms / 1000).toFixed(1)} s, server CPU ${bareServer.toFixed(1)} s`);
    const bs = [await loadB(1)];
    for (let round = 2; round <= rounds; round++) {
      if (round % 2 === 0) {
        bs.push(await loadB(round));
        as.push(await loadA(round));
      } else {
        as.push(await loadA(round));
        bs.push(await loadB(round));
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const limit = { rows: (as[0] as (typeof as)[number]).rows, ms: mean(as.map((a) => a.ms)) };
    const limitServer = mean(as.map((a) => a.server));
    const seeded = { rows: (bs[0] as (typeof bs)[number]).rows, ms: mean(bs.map((b) => b.ms)), peakRss: Math.max(...bs.map((b) => b.peakRss)), cpu: mean(bs.map((b) => b.cpu)) };
    const seedServer = mean(bs.map((b) => b.server));
    if (rounds > 1) log(`  (b)/(a) by round: ${as.map((a, i) => `${(a.ms / (bs[i] as (typeof bs)[number]).ms).toFixed(2)}x`).join(", ")}; of the means: ${(limit.ms / seeded.ms).toFixed(2)}x`);
    const counts = [...as, ...bs, bare].map((l) => l.rows);
    if (counts.some((n) => n !== limit.rows)) throw new Error(`the loads differ: ${counts.join(", ")} rows`);
    return {
      label: s.label,
      scale,
      rows: seeded.rows,
      copyRate: rate(limit.rows, limit.ms),
      bareRate: rate(bare.rows, bare.ms),
      seedRate: rate(seeded.rows, seeded.ms),
      seedSeconds: seeded.ms / 1000,
      peakRss: seeded.peakRss,
      cpu: { a: limitServer, c: bareServer, bServer: seedServer, bSeeder: seeded.cpu },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Remote {
  scale: number;
  rows: number;
  connections: number;
  oneMs: number;
  manyMs: number;
  /** Client turns through the proxy (a request after a reply: about one round trip each). */
  oneRequests: number;
  manyRequests: number;
}

/** The remote case: the support module through the 20 ms proxy, one stream per table vs --connections N. */
async function runRemote(admin: string, targetRows: number, connections: number): Promise<Remote> {
  const { scale, atOne } = await scaleFor(["support"], targetRows);
  log(`remote: support at scale ${scale} (~${fmt(Math.round(atOne * scale))} rows) through a 20 ms proxy`);
  const u = new URL(admin);
  const proxy = await startLatencyProxy({ targetHost: u.hostname, targetPort: Number(u.port) });
  try {
    const times: number[] = [];
    const requests: number[] = [];
    let rows = 0;
    for (const n of [1, connections]) {
      const db = await freshDatabase(admin, ["support"]);
      const before = proxy.requests();
      const { result: r, server } = await measuredLoad(admin, db, () => seedInChild({ url: proxy.via(db.url), modules: ["support"], scale, connections: n }));
      const turns = proxy.requests();
      log(
        `  --connections ${n}: ${fmt(r.rows)} rows in ${(r.ms / 1000).toFixed(1)} s, ${fmt(turns - before)} requests (client turns) through the proxy, ` +
          `CPU: seeder ${r.cpu.toFixed(1)} s, server ${server.toFixed(1)} s`,
      );
      requests.push(turns - before);
      times.push(r.ms);
      rows = r.rows;
    }
    return { scale, rows, connections, oneMs: times[0] as number, manyMs: times[1] as number, oneRequests: requests[0] as number, manyRequests: requests[1] as number };
  } finally {
    await proxy.close();
  }
}

function flag(name: string, fallback: number, min = 1000): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number, ${min} or more`);
  return value;
}

async function main(): Promise<void> {
  const port = process.env.SUPASTACK_LOCAL_PORT ? Number(process.env.SUPASTACK_LOCAL_PORT) : undefined;
  const { instance } = await startLocal({ port });
  const admin = connectionUrl(instance);
  const factor = flag("--scale", 1, 0.001);
  const scenarios: Scenario[] = [
    { label: "support", modules: ["support"], targetRows: flag("--support-rows", 700_000) * factor },
    { label: "all modules", modules: [...MODULE_NAMES], targetRows: flag("--all-rows", 5_600_000) * factor },
  ];
  // 8 streams: one stream moves a 64 KiB window per 40 ms round trip, so N streams approach N times
  // one, less the round trips every seed makes in its one transaction (catalog, moves, rebuild, commit).
  const connections = Math.round(flag("--connections", 8, 2));
  const t0 = Date.now();
  const outcomes: Outcome[] = [];
  // --only-remote: skip the local scenarios (a)/(b)/(c), run just the remote case.
  const onlyRemote = process.argv.includes("--only-remote");
  // --rounds N: (a) and (b) each measured N times (default 2), the figures are their means.
  const rounds = Math.round(flag("--rounds", 2, 1));
  if (!onlyRemote) for (const s of scenarios) outcomes.push(await runScenario(admin, s, rounds));
  const remote = await runRemote(admin, flag("--remote-rows", 100_000) * factor, connections);
  const pct = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
  const rows = [
    ["scenario", "scale", "rows", "(a) COPY declared rows/s", "(c) COPY bare rows/s", "(b) seed rows/s", "(b)/(a)", "(b)/(c)", "seed time", "seed peak RSS"],
    ...outcomes.map((o) => [
      o.label,
      String(o.scale),
      fmt(o.rows),
      fmt(o.copyRate),
      fmt(o.bareRate),
      fmt(o.seedRate),
      pct(o.seedRate, o.copyRate),
      pct(o.seedRate, o.bareRate),
      `${o.seedSeconds.toFixed(1)} s`,
      mb(o.peakRss),
    ]),
  ];
  const cpuRows = [
    ["scenario", "(a) server CPU", "(c) server CPU", "(b) server CPU", "(b) seeder CPU", "server (a)/(b)"],
    ...outcomes.map((o) => [o.label, `${o.cpu.a.toFixed(1)} s`, `${o.cpu.c.toFixed(1)} s`, `${o.cpu.bServer.toFixed(1)} s`, `${o.cpu.bSeeder.toFixed(1)} s`, pct(o.cpu.a, o.cpu.bServer)]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  console.log(`\nseed benchmark (PostgreSQL ${instance.major ?? 17}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}, ${((Date.now() - t0) / 1000).toFixed(0)} s in all${onlyRemote ? "" : `; (a) and (b): means of ${rounds} rounds`})`);
  if (!onlyRemote) {
    for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`);
    const cpuWidths = cpuRows[0]?.map((_, i) => Math.max(...cpuRows.map((r) => (r[i] ?? "").length))) ?? [];
    console.log("  CPU time (independent of the machine's other load):");
    for (const r of cpuRows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(cpuWidths[i] ?? 0) : c.padStart(cpuWidths[i] ?? 0))).join("  ")}`);
  }
  console.log(
    `  remote (support, scale ${remote.scale}, ${fmt(remote.rows)} rows, proxy 20 ms each way, 64 KiB window): ` +
      `1 stream ${(remote.oneMs / 1000).toFixed(1)} s (${fmt(remote.oneRequests)} requests), ${remote.connections} streams ${(remote.manyMs / 1000).toFixed(1)} s (${fmt(remote.manyRequests)} requests): ${(remote.oneMs / remote.manyMs).toFixed(2)}x`,
  );
  console.log("  targets: (b)/(a) >= 1.5x at 5.6M rows; peak RSS < 300 MB; remote N streams >= 3x one stream");
}

if (process.argv[2] === "--worker") {
  worker(JSON.parse(process.argv[3] as string) as WorkerRequest).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(`bench:seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
