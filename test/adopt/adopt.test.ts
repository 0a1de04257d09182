// `supastack adopt` (issue 24 item 2) through the real CLI and engine, on Supabase-shaped databases
// holding a source document's SQL as a team ran it (test/helpers/legacy.ts) with rows, some of which
// break the module's corrections: the plan names each table's differences and the rows in the way
// (the counts the legacy helper computes on its own), and changes nothing; --yes adopts (moving the
// tables from public into the module's schema, or keeping them in public when the stack maps the
// module there), every row and value is the same (checksums over the source's columns), verify's
// only findings are the NOT VALID constraints, `preview --expect-no-changes` exits 0, and a run
// killed inside the adoption's transaction leaves the database as it was. A database that cannot be
// adopted (a column of another type) is refused naming the column and the choices, changing nothing;
// --validate validates a NOT VALID constraint once its rows are fixed; a Supabase CLI project's
// database (its history in supabase_migrations) is adopted the same way and the CLI still reads it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI_HISTORY_DDL } from "../../providers/postgres/cliHistory";
import { root } from "../supabase/cli";
import { builtinModule } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { fingerprint, type TableFingerprint, tableColumns } from "../../providers/postgres/rows";
import { verifyDatabase } from "../../verify/verify";
import { buildLegacyDatabase, type LegacyDatabase } from "../helpers/legacy";
import { type UrlStack, urlStack } from "../safety/url-stack";

let s: UrlStack | undefined;
afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

/** Fingerprints of the legacy tables over the source's own columns, keyed by table name (the schema may change). */
async function prints(url: string, legacy: LegacyDatabase, columns: Map<string, string[]>, schemaOf: (module: string) => string): Promise<Record<string, TableFingerprint["checksum"] | number>> {
  return withClient(url, async (c) => {
    const out: Record<string, string | number> = {};
    for (const t of legacy.tables) {
      const f = await fingerprint(c, { schema: schemaOf(t.module), table: t.table }, columns.get(t.table));
      out[`${t.table}.rows`] = f.rows;
      out[t.table] = f.checksum;
    }
    return out;
  });
}

async function sourceColumns(url: string, legacy: LegacyDatabase): Promise<Map<string, string[]>> {
  return withClient(url, async (c) => {
    const out = new Map<string, string[]>();
    for (const t of legacy.tables) out.set(t.table, await tableColumns(c, t));
    return out;
  });
}

async function adoptAndCheck(modules: string[], placement: "public" | "module", schemas: Record<string, string>) {
  s = await urlStack("adopt", modules);
  s.setModules(modules, schemas);
  const legacy = await buildLegacyDatabase(s.db.url, { modules, placement });
  const columns = await sourceColumns(s.db.url, legacy);
  const before = await prints(s.db.url, legacy, columns, (m) => legacy.schemas[m]!);

  const plan = await s.run(["adopt", "--stack", s.name]);
  expect(plan.code, plan.output).toBe(0);
  expect(plan.output).toMatch(/can be adopted; nothing was changed/);
  for (const v of legacy.violations) {
    // Each constraint the legacy rows break is in the plan with its count.
    const name = v.constraint.includes(" NOT NULL") ? v.constraint.replace(" NOT NULL", "").split(".").pop()! : v.constraint;
    expect(plan.output, `${v.module} ${v.constraint}`).toMatch(new RegExp(`${name}[^\\n]*: ${v.count} rows`));
  }
  expect(await withClient(s.db.url, (c) => c.query("SELECT 1 FROM pg_namespace WHERE nspname = 'supastack'"))).toMatchObject({ rowCount: 0 });
  expect(await prints(s.db.url, legacy, columns, (m) => legacy.schemas[m]!)).toEqual(before);

  const adopt = await s.run(["adopt", "--stack", s.name, "--yes"]);
  expect(adopt.code, adopt.output).toBe(0);
  expect(adopt.output).toMatch(/rows before -> after/);
  for (const t of legacy.tables) expect(adopt.output).toMatch(new RegExp(`\\.${t.table}: ${t.rows} rows, md5 ([0-9a-f]{12}) -> ${t.rows} rows, md5 \\1`));
  const target = (m: string) => schemas[m] ?? builtinModule(m as never).schema;
  expect(await prints(s.db.url, legacy, columns, target)).toEqual(before);

  const placed = modules.map((m) => builtinModule(m as never).inSchema(target(m)));
  const verify = await verifyDatabase(s.db.url, placed);
  const notValid = verify.findings.filter((f) => /NOT VALID/.test(f.problem));
  expect(verify.findings.filter((f) => !/NOT VALID/.test(f.problem)), JSON.stringify(verify.findings, null, 1)).toEqual([]);
  expect(notValid.length).toBe(new Set(legacy.violations.map((v) => `${v.module}.${v.constraint}`)).size);

  const preview = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
  expect(preview.code, preview.output).toBe(0);
  return { legacy, verify, before, columns, target };
}

const q = async (sql: string) => (await withClient(s!.db.url, (c) => c.query(sql))).rows;

function cli(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "supabase"), args, { cwd, env: process.env });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("supastack adopt", () => {
  it("adopts jobs and support from public into their own schemas, every row kept", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["jobs", "support"], "public", {});
  });

  it("adopts contact_center where it is, in public (supastack:schemas), adding the column it lacks", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["contact_center"], "public", { contact_center: "public" });
  });

  it("adopts agentflow and voice already in their own schemas", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["agentflow", "voice"], "module", {});
  });

  it("changes nothing when killed inside the adoption's transaction, and adopts on the next run", { timeout: 600_000 }, async () => {
    s = await urlStack("adopt-kill", ["jobs"]);
    const legacy = await buildLegacyDatabase(s.db.url, { modules: ["jobs"], placement: "public" });
    const columns = await sourceColumns(s.db.url, legacy);
    const before = await prints(s.db.url, legacy, columns, () => "public");
    const killed = await s.run(["adopt", "--stack", s.name, "--yes"], (output, kill) => {
      if (/jobs: locked and fingerprinted 1 tables/.test(output)) kill();
    });
    expect(killed.signal, killed.output).toBe("SIGKILL");
    expect(killed.output).not.toMatch(/committed/);
    // PostgreSQL rolled the transaction back: the tables are where they were, nothing is recorded.
    expect(await prints(s.db.url, legacy, columns, () => "public")).toEqual(before);
    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname IN ('jobs', 'supastack')")).toEqual([]);
    expect((await q("SELECT count(*)::int AS n FROM pg_policies WHERE tablename = 'jobs'"))[0]?.n).toBe(5);
    const again = await s.run(["adopt", "--stack", s.name, "--yes"]);
    expect(again.code, again.output).toBe(0);
    expect(await prints(s.db.url, legacy, columns, () => "jobs")).toEqual(before);
    const preview = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(preview.code, preview.output).toBe(0);

    // Fixing the rows that break the constraint left NOT VALID, then --validate validates it.
    const pending = await s.run(["adopt", "--stack", s.name, "--validate"]);
    expect(pending.code, pending.output).toBe(1);
    expect(pending.output).toMatch(/still NOT VALID: jobs\.jobs\.jobs_finished_completed/);
    await q("UPDATE jobs.jobs SET completed_at = updated_at WHERE status NOT IN ('pending', 'running') AND completed_at IS NULL");
    const validated = await s.run(["adopt", "--stack", s.name, "--validate"]);
    expect(validated.code, validated.output).toBe(0);
    expect(validated.output).toMatch(/validated jobs\.jobs\.jobs_finished_completed/);
    const verify = await verifyDatabase(s.db.url, [builtinModule("jobs")]);
    expect(verify.findings).toEqual([]);
  });

  it("refuses a database it cannot adopt, naming the column and the choices, and changes nothing", { timeout: 600_000 }, async () => {
    s = await urlStack("adopt-refused", ["jobs"]);
    const legacy = await buildLegacyDatabase(s.db.url, { modules: ["jobs"], placement: "public" });
    await q("ALTER TABLE public.jobs ALTER COLUMN agent_identifier TYPE varchar(120)");
    const columns = await sourceColumns(s.db.url, legacy);
    const before = await prints(s.db.url, legacy, columns, () => "public");
    for (const args of [[], ["--yes"]]) {
      const run = await s.run(["adopt", "--stack", s.name, ...args]);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(/public\.jobs\.agent_identifier is character varying\(120\), the module declares text[^\n]*choices/);
      expect(run.output).toMatch(/cannot adopt jobs: nothing was changed/);
    }
    expect(await prints(s.db.url, legacy, columns, () => "public")).toEqual(before);
    expect(await q("SELECT nspname FROM pg_namespace WHERE nspname IN ('jobs', 'supastack')")).toEqual([]);
  });

  it("adopts a Supabase CLI project's database in public; the CLI still lists its history and ours", { timeout: 600_000 }, async () => {
    s = await urlStack("adopt-cli", ["jobs"]);
    s.setModules(["jobs"], { jobs: "public" });
    const legacy = await buildLegacyDatabase(s.db.url, { modules: ["jobs"], placement: "public" });
    // The team's supabase/migrations/20250101000000_jobs.sql, pushed by the CLI (its history table, its row).
    await withClient(s.db.url, async (c) => {
      for (const sql of CLI_HISTORY_DDL) await c.query(sql);
      await c.query("INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES ('20250101000000', 'jobs', ARRAY['CREATE TABLE jobs (...)'])");
    });
    const columns = await sourceColumns(s.db.url, legacy);
    const before = await prints(s.db.url, legacy, columns, () => "public");
    const adopt = await s.run(["adopt", "--stack", s.name, "--yes"]);
    expect(adopt.code, adopt.output).toBe(0);
    expect(await prints(s.db.url, legacy, columns, () => "public")).toEqual(before);
    const history = await q("SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY version");
    expect(history[0]).toEqual({ version: "20250101000000", name: "jobs" });
    expect(history.map((r) => r.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^supastack_jobs_/)]));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-adopt-cli-"));
    try {
      fs.mkdirSync(path.join(dir, "supabase", "migrations"), { recursive: true });
      const list = await cli(["migration", "list", "--db-url", s.db.url], dir);
      expect(list.code, list.output).toBe(0);
      expect(list.output).toContain("20250101000000");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const verify = await verifyDatabase(s.db.url, [builtinModule("jobs").inSchema("public")]);
    expect(verify.findings.filter((f) => !/NOT VALID/.test(f.problem))).toEqual([]);
    const preview = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(preview.code, preview.output).toBe(0);
  });
});
