// `supastack export supabase`: a stack's database written as a Supabase CLI project. The migrations
// are what the live database holds in the stack's module schemas (tables, RLS, policies, grants,
// default privileges, views, functions, triggers), read with PostgreSQL 17's pg_dump (the tool made
// for the job; `npm run pgtools` installs it); the seed is the rows of those schemas and the auth
// users the seed made, as INSERT statements. Written into a folder beside the target first and
// moved into place at the end, so a failed export leaves nothing.
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pgTool } from "../../local/dump";
import { withClient } from "../../providers/postgres/client";
import { cleanDump, configToml, exportDirProblems, type PlacedModule, planMigrations } from "./supabaseProject";

export interface ExportSummary {
  dir: string;
  migrations: { file: string; modules: string[]; bytes: number }[];
  seed: { file: string; inserts: number; bytes: number };
}

/** pg_dump with the URL's password in its environment, not on its command line. */
function pgDump(url: string, args: string[]): Promise<string> {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return new Promise((resolve, reject) => {
    const child = spawn(pgTool("pg_dump"), [...args, `--dbname=${u.toString()}`], { env: { ...process.env, PGPASSWORD: password } });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(Buffer.concat(out).toString("utf8")) : reject(new Error(`pg_dump failed (exit ${code}): ${err.trim()}`))));
  });
}

const COMMON = ["--no-owner", "--no-publications", "--no-subscriptions", "--no-tablespaces", "--no-security-labels", "--no-table-access-method"];

/**
 * Writes `<dir>/supabase/` (config.toml, migrations/, seed.sql) for `modules` of the database at
 * `url`. Refuses a folder that already has a `supabase/`, before anything is written.
 */
export async function exportSupabaseProject(
  url: string,
  modules: readonly PlacedModule[],
  dir: string,
  options: { projectId: string; at?: Date; log?: (line: string) => void },
): Promise<ExportSummary> {
  const log = options.log ?? (() => {});
  if (modules.length === 0) throw new Error("export: the stack has no modules to export");
  const existing = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const problems = exportDirProblems(existing, dir);
  if (problems.length > 0) throw new Error(`export: ${problems.join("; ")}`);
  const major = await withClient(url, async (c) => Math.floor(Number((await c.query("SHOW server_version_num")).rows[0]?.server_version_num) / 10000));

  fs.mkdirSync(dir, { recursive: true });
  const staging = path.join(dir, `.supastack-export-${crypto.randomBytes(4).toString("hex")}`);
  const project = path.join(staging, "supabase");
  try {
    fs.mkdirSync(path.join(project, "migrations"), { recursive: true });
    fs.writeFileSync(path.join(project, "config.toml"), configToml(options.projectId, modules, major));
    const migrations: ExportSummary["migrations"] = [];
    for (const m of planMigrations(modules, options.at ?? new Date())) {
      log(`dumping schema ${m.schema} (${m.modules.join(", ")})`);
      const sql = cleanDump(await pgDump(url, ["--schema-only", ...COMMON, `--schema=${m.schema}`]));
      const text = `-- ${m.modules.join(", ")} in schema ${m.schema}, as the stack declares it (supastack export supabase)\n${sql}`;
      fs.writeFileSync(path.join(project, "migrations", m.file), text);
      migrations.push({ file: `supabase/migrations/${m.file}`, modules: m.modules, bytes: Buffer.byteLength(text) });
    }
    log("dumping the rows (auth users first)");
    const data = ["--data-only", "--inserts", "--rows-per-insert=200", ...COMMON];
    const users = cleanDump(await pgDump(url, [...data, "--table=auth.users", "--table=auth.identities"]));
    const rows = cleanDump(await pgDump(url, [...data, ...[...new Set(modules.map((m) => m.schema))].map((s) => `--schema=${s}`)]));
    const seed = `-- The stack's rows as INSERT statements (supastack export supabase): auth users, then the modules' tables.\n${users}\n${rows}`;
    fs.writeFileSync(path.join(project, "seed.sql"), seed);
    fs.renameSync(project, path.join(dir, "supabase"));
    return {
      dir,
      migrations,
      seed: { file: "supabase/seed.sql", inserts: (seed.match(/^INSERT INTO /gm) ?? []).length, bytes: Buffer.byteLength(seed) },
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
