// npm run bench:seed — how close `supastack seed` comes to PostgreSQL's own COPY rate.
//
// For each scenario (the support module at ~700k rows; all modules at ~5M rows, load profile):
//   (a) the limit: the same rows, pre-rendered to COPY files beforehand, loaded with COPY over the
//       same number of parallel connections, one transaction per module, in the same order;
//   (b) end to end: seedDatabase (generation + encoding + COPY), run in a child process whose peak
//       RSS is sampled every 100 ms.
// Each load goes into a fresh database with the modules' SQL applied. Prints rows/s, the ratio
// (b)/(a) and peak memory, from one run. Flags: --support-rows N --all-rows N (smaller, quicker runs).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { bootstrap, connectionUrl, startLocal } from "../../local/instance";
import { readMigrationFiles } from "../../stacks/modules/files";
import { withClient } from "../../providers/postgres/client";
import { ident, identList, qualified } from "../../providers/postgres/sql";
import { seedDatabase, seedPlan } from "../api";
import { encodeRow } from "../engine/copy";
import type { SeedSettings } from "../engine/types";
import { SEEDERS, seederFor } from "../index";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / Math.max(ms, 1));
const fmt = (n: number) => n.toLocaleString("en-US");

interface WorkerRequest {
  url: string;
  modules: string[];
  scale: number;
}

/** Child-process mode: seed end to end and report rows, time and peak RSS as JSON on stdout. */
async function worker(request: WorkerRequest): Promise<void> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  const t0 = Date.now();
  const result = await seedDatabase({ url: request.url, profile: "load", seed: 1, scale: request.scale, modules: request.modules, quiet: true });
  const ms = Date.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ rows: result.rows, ms, peakRss: peak })}\n`);
}

async function freshDatabase(admin: string, modules: string[]): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_${crypto.randomBytes(4).toString("hex")}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await bootstrap(url.toString());
  await withClient(url.toString(), async (c) => {
    for (const m of modules) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(m)}`);
      for (const f of readMigrationFiles(m)) await c.query(f.sql);
    }
  });
  return { url: url.toString(), drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => undefined) };
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
    for (const [i, t] of (seederFor(m)?.tables(settings) ?? []).entries()) {
      const file = path.join(dir, `${m}-${String(i).padStart(2, "0")}-${t.schema}.${t.table}.copy`);
      const stream = fs.createWriteStream(file);
      let rows = 0;
      let chunk = "";
      for (const row of t.rows()) {
        chunk += encodeRow(row);
        rows++;
        if (chunk.length >= 1 << 20) {
          if (!stream.write(chunk)) await new Promise<void>((r) => stream.once("drain", () => r()));
          chunk = "";
        }
      }
      stream.end(chunk);
      await new Promise<void>((r) => stream.once("finish", () => r()));
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

function seedInChild(request: WorkerRequest): Promise<{ rows: number; ms: number; peakRss: number }> {
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
  seedRate: number;
  seedSeconds: number;
  peakRss: number;
}

async function runScenario(admin: string, s: Scenario): Promise<Outcome> {
  const atOne = (await seedPlan({ url: "", profile: "load", seed: 1, scale: 1, modules: s.modules })).reduce((a, p) => a + p.estimate, 0);
  const scale = Math.max(1, Math.round(s.targetRows / atOne));
  log(`${s.label}: scale ${scale} (~${fmt(atOne * scale)} rows)`);
  const settings: SeedSettings = { seed: 1, profile: "load", scale };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-bench-"));
  const limitDb = await freshDatabase(admin, s.modules);
  const seedDb = await freshDatabase(admin, s.modules);
  try {
    const rendered = await render(dir, s.modules, settings);
    log(`  (a) COPY of the pre-rendered files...`);
    const limit = await copyFiles(limitDb.url, rendered);
    log(`  (a) ${fmt(limit.rows)} rows in ${(limit.ms / 1000).toFixed(1)} s`);
    await limitDb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    log(`  (b) supastack seed end to end...`);
    const seeded = await seedInChild({ url: seedDb.url, modules: s.modules, scale });
    log(`  (b) ${fmt(seeded.rows)} rows in ${(seeded.ms / 1000).toFixed(1)} s, peak RSS ${mb(seeded.peakRss)}`);
    if (seeded.rows !== limit.rows) throw new Error(`the two loads differ: ${limit.rows} vs ${seeded.rows} rows`);
    return { label: s.label, scale, rows: seeded.rows, copyRate: rate(limit.rows, limit.ms), seedRate: rate(seeded.rows, seeded.ms), seedSeconds: seeded.ms / 1000, peakRss: seeded.peakRss };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await limitDb.drop().catch(() => undefined);
    await seedDb.drop().catch(() => undefined);
  }
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1000) throw new Error(`${name} must be a whole number of rows, 1000 or more`);
  return value;
}

async function main(): Promise<void> {
  const port = process.env.SUPASTACK_LOCAL_PORT ? Number(process.env.SUPASTACK_LOCAL_PORT) : undefined;
  const { instance } = await startLocal({ port });
  const admin = connectionUrl(instance);
  const scenarios: Scenario[] = [
    { label: "support", modules: ["support"], targetRows: flag("--support-rows", 700_000) },
    { label: "all modules", modules: SEEDERS.map((s) => s.module), targetRows: flag("--all-rows", 5_000_000) },
  ];
  const t0 = Date.now();
  const outcomes: Outcome[] = [];
  for (const s of scenarios) outcomes.push(await runScenario(admin, s));
  const rows = [
    ["scenario", "scale", "rows", "(a) COPY files rows/s", "(b) seed rows/s", "(b)/(a)", "seed time", "seed peak RSS"],
    ...outcomes.map((o) => [o.label, String(o.scale), fmt(o.rows), fmt(o.copyRate), fmt(o.seedRate), `${Math.round((100 * o.seedRate) / o.copyRate)}%`, `${o.seedSeconds.toFixed(1)} s`, mb(o.peakRss)]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  console.log(`\nseed benchmark (PostgreSQL ${instance.major ?? 17}, ${os.cpus().length} cores, ${((Date.now() - t0) / 1000).toFixed(0)} s in all)`);
  for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`);
  console.log("  targets: (b)/(a) >= 70%; peak RSS < 300 MB and flat as rows grow");
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
