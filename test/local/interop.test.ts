// Other tools against the local server, as a user points them at it: the URL `supastack local url`
// prints (TLS, verified with the project's CA) with psql 17, pg and the real Supabase CLI (npm
// `supabase` 2.117.0: its --db-url commands need no Docker); the Data API's exposed schemas as the
// platform records them, so the advisors lint the module schemas; pg_stat_statements for `inspect
// db`; `db push` of a CLI project; `supastack export supabase` pushed with `db push --include-seed`
// onto a fresh Supabase-shaped database; and `supastack local dump|restore` of a seeded stack
// database as postgres, row for row.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { withClient } from "../../providers/postgres/client";
import { fingerprintSchemas } from "../../providers/postgres/rows";
import { projectRoot } from "../../local/paths";
import { adminUrl, createTestDatabase } from "../helpers/database";
import { makePki } from "../supabase/tls";
import { verifyDatabase } from "../../verify/verify";

const root = projectRoot();
const suffix = crypto.randomBytes(3).toString("hex");
const stack = `test-interop-${suffix}`;
const database = `t_interop_${suffix}`;
const restored = `t_interop_restored_${suffix}`;
const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-interop-"));
const env = {
  ...process.env,
  PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
  PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(24).toString("base64url"),
  SUPASTACK_LOCAL_PORT: new URL(adminUrl()).port,
};

function run(command: string, args: string[], cwd = root): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function ok(command: string, args: string[], cwd = root): Promise<string> {
  const r = await run(command, args, cwd);
  if (r.code !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} exited ${r.code}:\n${r.output}`);
  return r.output;
}

const supastack = (...args: string[]) => ok(path.join(root, "bin", "supastack"), args);
/** The Supabase CLI, run from a folder of its own (it reads ./supabase when there is one). */
const supabaseDir = path.join(work, "project");
const supabase = (...args: string[]) => run(path.join(root, "node_modules", ".bin", "supabase"), args, supabaseDir);
const asAdmin = (db: string) => adminUrl().replace(/\/[^/?]*(\?|$)/, `/${db}$1`);

describe("the local server with other tools", () => {
  let url: string;

  beforeAll(async () => {
    fs.mkdirSync(supabaseDir, { recursive: true });
    fs.mkdirSync(path.join(work, "state"), { recursive: true });
    fs.writeFileSync(
      stackFile,
      `config:\n  supastack:target: local\n  supastack:createDatabase: "true"\n  supastack:localDatabase: ${database}\n  supastack:modules:\n    - support\n    - jobs\n`,
    );
    await supastack("up", "--stack", stack);
    await supastack("seed", "--stack", stack);
    url = (await supastack("local", "url", "--database", database)).trim();
  }, 300_000);

  afterAll(async () => {
    await run(path.join(root, "bin", "supastack"), ["destroy", "--stack", stack, "--remove"]);
    fs.rmSync(stackFile, { force: true });
    for (const db of [database, restored]) await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
    fs.rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it("prints a URL that verifies the server over TLS, used unchanged by psql 17 and pg", async () => {
    expect(url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/t_interop_\w+\?sslmode=verify-full&sslrootcert=\/.+\/ca\.crt$/);
    const psql = await ok(path.join(root, ".tools", "postgresql", "bin", "psql"), [url, "-Atc", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"]);
    expect(psql.trim()).toBe("t");
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT ssl, current_user AS who FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
      expect(rows).toEqual([{ ssl: true, who: "postgres" }]);
    } finally {
      await client.end();
    }
    // The same URL with another CA is refused: the server is verified, not merely encrypted.
    const other = makePki("Another CA");
    const wrong = await run(path.join(root, ".tools", "postgresql", "bin", "psql"), [url.replace(/sslrootcert=[^&]+/, `sslrootcert=${other.caFile}`), "-Atc", "SELECT 1"]);
    fs.rmSync(other.dir, { recursive: true, force: true });
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/certificate verify failed/);
  });

  it("serves the Supabase CLI's --db-url commands: migration list, inspect db (pg_stat_statements)", async () => {
    const list = await supabase("migration", "list", "--db-url", url);
    expect(list.code, list.output).toBe(0);
    expect(list.output).toMatch(/Local\s*\|\s*Remote/);
    // Each module's applied files are in the CLI's history (supabase_migrations.schema_migrations),
    // one 14-digit version each, and the CLI lists every one of them as a remote migration.
    const { rows } = await withClient(url.replace(/\?.*$/, ""), (c) =>
      c.query("SELECT m.module, m.name, m.cli_version, h.name AS cli_name FROM supastack.migrations m JOIN supabase_migrations.schema_migrations h ON h.version = m.cli_version ORDER BY 3"),
    );
    const files = (await withClient(url.replace(/\?.*$/, ""), (c) => c.query("SELECT count(*)::int AS n FROM supastack.migrations"))).rows[0]?.n as number;
    expect(rows.length).toBe(files);
    expect(new Set(rows.map((r) => r.module))).toEqual(new Set(["support", "jobs"]));
    for (const r of rows) {
      expect(r.cli_version).toMatch(/^\d{14}$/);
      expect(r.cli_name).toBe(`supastack_${r.module}_${(r.name as string).replace(/\.sql$/, "")}`);
      // The Remote column (the Local one is empty: this folder has no migration files).
      expect(list.output).toMatch(new RegExp("\\|\\s*`?" + r.cli_version + "`?\\s*\\|"));
    }
    // migration fetch writes each of them into a CLI project's folder, with the file's text.
    const fetched = path.join(work, "fetched");
    fs.mkdirSync(path.join(fetched, "supabase", "migrations"), { recursive: true });
    const fetch = await run(path.join(root, "node_modules", ".bin", "supabase"), ["migration", "fetch", "--db-url", url, "--yes"], fetched);
    expect(fetch.code, fetch.output).toBe(0);
    const written = fs.readdirSync(path.join(fetched, "supabase", "migrations")).sort();
    expect(written).toEqual(rows.map((r) => `${r.cli_version}_${r.cli_name}.sql`).sort());
    const first = rows[0]!;
    const text = fs.readFileSync(path.join(fetched, "supabase", "migrations", `${first.cli_version}_${first.cli_name}.sql`), "utf8");
    expect(text).toContain((await withClient(url.replace(/\?.*$/, ""), (c) => c.query("SELECT statements[1] AS s FROM supabase_migrations.schema_migrations WHERE version = $1", [first.cli_version]))).rows[0]?.s.trim().split("\n")[0]);
    for (const command of ["calls", "outliers", "db-stats", "traffic-profile"]) {
      const r = await supabase("inspect", "db", command, "--db-url", url);
      expect(r.code, `${command}: ${r.output}`).toBe(0);
      expect(r.output).not.toMatch(/pg_stat_statements must be loaded|does not exist|tls error/i);
    }
  }, 120_000);

  it("pushes a Supabase CLI project's migrations over the printed URL (db push) and lists them", async () => {
    const db = await createTestDatabase("push");
    try {
      const pushUrl = (await supastack("local", "url", "--database", db.name)).trim();
      fs.mkdirSync(path.join(supabaseDir, "supabase", "migrations"), { recursive: true });
      fs.writeFileSync(
        path.join(supabaseDir, "supabase", "migrations", "20260101000000_notes.sql"),
        "create schema app;\ncreate table app.notes (id bigint generated always as identity primary key, body text not null);\nalter table app.notes enable row level security;\n",
      );
      const push = await supabase("db", "push", "--db-url", pushUrl, "--yes");
      expect(push.code, push.output).toBe(0);
      expect(push.output).toContain("Applying migration 20260101000000_notes.sql");
      const list = await supabase("migration", "list", "--db-url", pushUrl);
      expect(list.output).toMatch(/20260101000000.*\|.*20260101000000/);
      const { rows } = await withClient(db.url, (c) => c.query("SELECT relrowsecurity FROM pg_class WHERE oid = 'app.notes'::regclass"));
      expect(rows).toEqual([{ relrowsecurity: true }]);
    } finally {
      fs.rmSync(path.join(supabaseDir, "supabase"), { recursive: true, force: true });
      await db.drop();
    }
  }, 120_000);

  it("records the Data API's schemas where PostgREST and the advisors read them, so module schemas are linted", async () => {
    const seen = await withClient(url.replace(/\?.*$/, ""), (c) => c.query("SELECT current_setting('pgrst.db_schemas', true) AS v"));
    expect(seen.rows[0]?.v).toBe("public, graphql_public, support, jobs");
    const role = await withClient(asAdmin(database), (c) =>
      c.query(
        `SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = $1)
            AND s.setrole = 'authenticator'::regrole`,
        [database],
      ),
    );
    expect(role.rows[0]?.setconfig).toContain("pgrst.db_schemas=public, graphql_public, support, jobs");
    // A table in a module schema without RLS, readable by anon: what the exposure lint exists for.
    await withClient(url.replace(/\?.*$/, ""), (c) => c.query("CREATE TABLE jobs.lint_probe (id int PRIMARY KEY); GRANT SELECT ON jobs.lint_probe TO anon"));
    try {
      const advisors = await supabase("db", "advisors", "--db-url", url, "--type", "security");
      expect(advisors.code, advisors.output).toBe(0);
      expect(advisors.output).toContain("Table `jobs.lint_probe` is public, but RLS has not been enabled.");
    } finally {
      await withClient(url.replace(/\?.*$/, ""), (c) => c.query("DROP TABLE jobs.lint_probe"));
    }
  }, 120_000);

  it("exports the stack as a Supabase CLI project that db push --include-seed builds again: verify clean, the same rows", async () => {
    const dir = path.join(work, "exported");
    const out = await supastack("export", "supabase", dir, "--stack", stack);
    expect(out).toMatch(/exported stack .* to .*\/supabase:/);
    const files = fs.readdirSync(path.join(dir, "supabase", "migrations")).sort();
    expect(files).toEqual([expect.stringMatching(/^\d{14}_support\.sql$/), expect.stringMatching(/^\d{14}_jobs\.sql$/)]);
    const config = fs.readFileSync(path.join(dir, "supabase", "config.toml"), "utf8");
    expect(config).toContain('schemas = ["public", "graphql_public", "support", "jobs"]');
    const seed = fs.readFileSync(path.join(dir, "supabase", "seed.sql"), "utf8");
    expect(seed).not.toMatch(/session_replication_role|COPY .* FROM stdin|^\\/m);
    // An export into a folder that has a project already is refused, and writes nothing.
    const again = await run(path.join(root, "bin", "supastack"), ["export", "supabase", dir, "--stack", stack]);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain(`${dir}/supabase already exists`);

    const fresh = await createTestDatabase("export_push");
    try {
      const pushUrl = (await supastack("local", "url", "--database", fresh.name)).trim();
      const push = await run(path.join(root, "node_modules", ".bin", "supabase"), ["db", "push", "--db-url", pushUrl, "--include-seed", "--yes"], dir);
      expect(push.code, push.output).toBe(0);
      const result = await verifyDatabase(fresh.url, ["support", "jobs"]);
      expect(result.findings).toEqual([]);
      const schemas = ["support", "jobs"];
      const before = await withClient(asAdmin(database), (c) => fingerprintSchemas(c, schemas));
      const after = await withClient(fresh.url, (c) => fingerprintSchemas(c, schemas));
      expect([...after.entries()]).toEqual([...before.entries()]);
      expect([...before.values()].reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(100);
      expect(result.checked.policies).toBeGreaterThan(5);
      // And the CLI lists what it pushed.
      const list = await run(path.join(root, "node_modules", ".bin", "supabase"), ["migration", "list", "--db-url", pushUrl], dir);
      for (const f of files) expect(list.output).toMatch(new RegExp(`${f.slice(0, 14)}.*\\|.*${f.slice(0, 14)}`));
    } finally {
      await fresh.drop();
    }
  }, 240_000);

  it("dumps the seeded database and restores it as postgres with zero errors and identical rows", async () => {
    const file = path.join(work, "stack.dump");
    await supastack("local", "dump", "--database", database, "--out", file);
    const out = await supastack("local", "restore", file, "--database", restored);
    expect(out).toMatch(/identical to the dump's/);
    const schemas = ["support", "jobs", "supastack", "public", "auth"];
    const before = await withClient(asAdmin(database), (c) => fingerprintSchemas(c, schemas));
    const after = await withClient(asAdmin(restored), (c) => fingerprintSchemas(c, schemas));
    expect([...after.entries()]).toEqual([...before.entries()]);
    expect([...before.values()].reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(100);
    // Policies, grants and RLS came along: the restored database verifies like the stack's.
    const policies = (db: string) =>
      withClient(asAdmin(db), (c) => c.query("SELECT schemaname, tablename, policyname, qual FROM pg_policies WHERE schemaname IN ('support', 'jobs') ORDER BY 1, 2, 3"));
    expect((await policies(restored)).rows).toEqual((await policies(database)).rows);
    // A database that already holds the dump's schemas is refused, and left as it was.
    const again = await run(path.join(root, "bin", "supastack"), ["local", "restore", file, "--database", restored]);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/is not empty \(schema .* exists/);
  }, 180_000);
});
