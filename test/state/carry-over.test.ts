// An existing stack carries over: the state a five-module stack had under the program at c30f5ca
// (main before issue 25: fixtures/five-modules-c30f5ca.json, the stack's `pulumi stack export
// --show-secrets` with the database URL, the stack name and the provider forwarder written as
// placeholders) is imported over a database built by that program's SQL files (the files' texts as
// that state recorded them), and the program as it is now must find nothing to do but what changed
// on purpose since: every resource keeps its URN (name, type, parent) and its inputs; each Migration
// writes its files' rows into the Supabase CLI's history, which that state predates (issue 28; no
// SQL file runs again); issue 26 adds a restrictive policy refusing anonymous sign-ins for each write
// of authenticated and binds the profile emails to the JWT's. After that `preview` is all "same". The only inputs
// allowed to differ are a Migration's `files` (today's texts of the same files: each new text must
// name the recorded checksum it supersedes) and `directory` (the folder's label in messages), which
// the Migration's diff does not compare.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEnvironment } from "../../program/environment";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import { readMigrationDir } from "../../modules/files";
import { withClient } from "../../providers/postgres/client";
import { migrationSearchPath } from "../../providers/postgres/providers/migration";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

interface FixtureResource {
  urn: string;
  type: string;
  parent?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "five-modules-c30f5ca.json"), "utf8")) as {
  forwarder: string;
  resources: FixtureResource[];
};

const SECRET = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** The fixture's resources as this stack's: placeholders filled in, secrets as plaintext secrets (import encrypts them). */
function resourcesFor(url: string, stack: string, project: string): unknown[] {
  const fill = (value: unknown, key?: string): unknown => {
    if (value === "@@SECRET_DATABASE_URL@@") return { [SECRET]: SECRET_VALUE, plaintext: JSON.stringify(url) };
    if (value === "@@FORWARDER@@" && key === "__provider") return value;
    if (typeof value === "string") return value.replaceAll("@@URN@@", `urn:pulumi:${stack}::${project}::`).replaceAll("@@STACK@@", stack);
    if (Array.isArray(value)) return value.map((v) => fill(v));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fill(v, k);
      return out;
    }
    return value;
  };
  return fixture.resources.map((r) => {
    const filled = fill(r) as FixtureResource;
    const kind = r.type.split(":").pop() as string;
    for (const side of ["inputs", "outputs"] as const) {
      const props = filled[side];
      if (props?.__provider === "@@FORWARDER@@") props.__provider = fixture.forwarder.replace("@@KIND@@", kind);
    }
    return filled;
  });
}

/** Resources of an exported deployment by URN, minus what differs by database and run. */
function byUrn(resources: readonly FixtureResource[]): Map<string, FixtureResource> {
  return new Map(resources.map((r) => [r.urn.replace(/^urn:pulumi:[^:]+::[^:]+::/, ""), r]));
}

let db: TestDatabase;
let ts: TestStack;
let oldSql: string;

beforeAll(async () => {
  db = await createTestDatabase("carry_over");
  // The SQL files as the old state recorded them, one folder per module (SUPASTACK_SQL_DIR).
  oldSql = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-old-sql-"));
  for (const r of fixture.resources.filter((x) => x.type.endsWith(":Migration"))) {
    const inputs = r.inputs as { module: string; files: { name: string; sql: string }[] };
    fs.mkdirSync(path.join(oldSql, inputs.module), { recursive: true });
    for (const f of inputs.files) fs.writeFileSync(path.join(oldSql, inputs.module, f.name), f.sql);
  }
  ts = await testStack({
    name: "carry-over",
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(MODULE_NAMES) });
      return { target: env.target, modules: env.modules, schemas: env.schemas, databaseUrl: env.databaseUrl };
    },
  });
});
afterAll(async () => {
  delete process.env.SUPASTACK_SQL_DIR;
  fs.rmSync(oldSql, { recursive: true, force: true });
  await ts?.forget();
  await db?.drop();
});

describe("a stack applied before issues 25, 26 and 28", () => {
  it("keeps every URN and input; the upgrade only adds the anonymous guards, binds emails and writes the CLI history", async () => {
    // The database as the old program left it: its SQL files, and the declarations (the same
    // resources with the same inputs, which the comparison below proves).
    process.env.SUPASTACK_SQL_DIR = oldSql;
    try {
      expect((await ts.stack.up()).summary.result).toBe("succeeded");
    } finally {
      delete process.env.SUPASTACK_SQL_DIR;
    }
    // The state as the old program left it.
    const current = await ts.stack.exportStack();
    const project = (current.deployment.resources[0] as FixtureResource).urn.split("::")[1] as string;
    await ts.stack.importStack({
      version: current.version,
      deployment: { ...current.deployment, resources: resourcesFor(db.url, ts.stack.name, project) },
    });

    // What the old state's Migrations did not record: the CLI's history of their files.
    const migrations = fixture.resources.filter((r) => r.type.endsWith(":Migration")).length;
    const versions = async () =>
      (await withClient(db.url, (c) => c.query("SELECT p.proname, p.xmin::text AS v FROM pg_proc p WHERE p.pronamespace = 'voice'::regnamespace ORDER BY 1"))).rows;
    const unchanged = await versions();
    await withClient(db.url, (c) => c.query("DELETE FROM supabase_migrations.schema_migrations; UPDATE supastack.migrations SET cli_version = NULL"));
    const steps: { op: string; urn: string }[] = [];
    const preview = await ts.stack.preview({
      diff: true,
      onEvent: (e) => {
        const m = e.resourcePreEvent?.metadata;
        if (m && m.op !== "same") steps.push({ op: m.op, urn: m.urn });
      },
    });
    // Besides the Migrations, what issue 26 changed: a restrictive policy refusing anonymous sign-ins
    // for each write of authenticated (created), and the profile policies that now bind the email to
    // the JWT's (updated). Nothing is replaced or deleted.
    const named = (op: string) => steps.filter((x) => x.op === op).map((x) => x.urn.split("::").pop() as string);
    const guards = named("create");
    expect(guards.length).toBe(24);
    for (const g of guards) expect(g).toMatch(/-policy-anonymous-sign-ins-may-not-(insert|update|delete)$/);
    const emailBound = ["support-users-policy-members-create-their-own-profile", "support-users-policy-members-update-their-own-profile", "agentflow-profiles-policy-users-create-their-one-profile", "agentflow-profiles-policy-users-update-their-profile"];
    expect(named("update").sort()).toEqual([...MODULE_NAMES.map((m) => `${m}-migrations`), ...emailBound].sort());
    expect(steps.every((x) => x.op === "create" || x.op === "update")).toBe(true);
    const same = fixture.resources.length - 1 - migrations - emailBound.length;
    expect(preview.changeSummary).toEqual({ same, update: migrations + emailBound.length, create: guards.length });
    const backfill = await ts.stack.up();
    expect(backfill.summary.resourceChanges).toEqual({ same, update: migrations + emailBound.length, create: guards.length });
    const cli = (await withClient(db.url, (c) => c.query("SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY version"))).rows;
    const files = fixture.resources.filter((r) => r.type.endsWith(":Migration")).flatMap((r) => (r.inputs as { files: unknown[] }).files);
    expect(cli).toHaveLength(files.length);
    expect(cli.every((r) => /^\d{14}$/.test(r.version) && /^supastack_[a-z_]+_\d+_/.test(r.name))).toBe(true);
    const total = fixture.resources.length - 1 + guards.length;
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: total });
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: total });
    // The backfill ran no file again.
    expect(await versions()).toEqual(unchanged);

    const after = byUrn((await ts.stack.exportStack()).deployment.resources as FixtureResource[]);
    const before = byUrn(resourcesFor(db.url, ts.stack.name, project) as FixtureResource[]);
    expect([...after.keys()].filter((k) => !guards.some((g) => k.endsWith(`::${g}`))).sort()).toEqual([...before.keys()].sort());
    const differences: string[] = [];
    for (const [urn, old] of before) {
      const now = after.get(urn) as FixtureResource;
      if (now.type !== old.type || now.parent?.split("::").pop() !== old.parent?.split("::").pop()) differences.push(`${urn}: type or parent`);
      for (const key of new Set([...Object.keys(old.inputs ?? {}), ...Object.keys(now.inputs ?? {})])) {
        if (key === "connection") continue;
        if (old.type.endsWith(":Migration") && (key === "files" || key === "directory")) continue;
        // Inputs added after the fixture was recorded (issue 23's protectRows): the state records them
        // with the same-step, and their absence meant what they say now (providers' absentMeans).
        if (key === "protectRows" && old.inputs?.[key] === undefined && now.inputs?.[key] === true) continue;
        // How files run (issue 23's timeouts), never compared: recorded as they are now.
        if (old.type.endsWith(":Migration") && (key === "lockTimeout" || key === "statementTimeout") && old.inputs?.[key] === undefined) continue;
        // The email bound to the JWT's (issue 26): these policies' expressions changed on purpose.
        if (emailBound.some((n) => urn.endsWith(`::${n}`)) && (key === "using" || key === "withCheck")) continue;
        if (JSON.stringify(now.inputs?.[key]) !== JSON.stringify(old.inputs?.[key])) differences.push(`${urn}: input ${key}: ${String(JSON.stringify(old.inputs?.[key])).slice(0, 300)} -> ${String(JSON.stringify(now.inputs?.[key])).slice(0, 300)}`);
      }
    }
    expect(differences).toEqual([]);

    // A real change later (a new file for voice) records the rewritten texts by their new
    // checksums, and does not run them again.
    const next = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-next-sql-"));
    try {
      for (const m of MODULE_NAMES) fs.cpSync(builtinModule(m).sqlDir, path.join(next, m), { recursive: true });
      fs.writeFileSync(path.join(next, "voice", "004_note.sql"), "COMMENT ON TABLE call_results IS 'Call transcripts and extracted structured data';\n");
      process.env.SUPASTACK_SQL_DIR = next;
      const changed = await ts.stack.up();
      expect(changed.summary.resourceChanges).toEqual({ same: total - 2, update: 2 });
    } finally {
      delete process.env.SUPASTACK_SQL_DIR;
      fs.rmSync(next, { recursive: true, force: true });
    }
    expect(await versions()).toEqual(unchanged);
    const recorded = (await withClient(db.url, (c) => c.query("SELECT module, name, checksum FROM supastack.migrations WHERE name <> '004_note.sql' ORDER BY 1, 2"))).rows;
    const expected = MODULE_NAMES.flatMap((m) => readMigrationDir(builtinModule(m).sqlDir, m).map((f) => ({ module: m, name: f.name, checksum: f.checksum })));
    // Every module's rows carry the new texts' checksums: the update that wrote the CLI's history
    // recorded them (without running the files), as any update of a Migration does.
    const order = (rows: { module: string; name: string }[]) => [...rows].sort((x, y) => `${x.module}/${x.name}`.localeCompare(`${y.module}/${y.name}`));
    expect(order(recorded as { module: string; name: string; checksum: string }[])).toEqual(order(expected));
  });
});

/** What a database's module schemas hold, as PostgreSQL prints it (the session's search_path is the same for both). */
async function catalogOf(url: string, normalise: (schema: string, body: string) => string): Promise<Record<string, string[]>> {
  return withClient(url, async (c) => {
    const q = async (sql: string) => (await c.query(sql, [[...MODULE_NAMES]])).rows.map((r) => Object.values(r).join(" | "));
    const functions = (
      await c.query(
        `SELECT n.nspname AS schema, p.proname, pg_get_function_identity_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
                p.prosecdef, p.provolatile, p.prosrc, coalesce(p.proacl::text, '') AS acl,
                EXISTS (SELECT 1 FROM unnest(p.proconfig) x WHERE x LIKE 'search_path=%') AS fixed_path
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY ($1) ORDER BY 1, 2, 3`,
        [[...MODULE_NAMES]],
      )
    ).rows.map((r) => [r.schema, r.proname, r.args, r.result, r.prosecdef, r.provolatile, normalise(r.schema, r.prosrc), r.acl, r.fixed_path].join(" | "));
    return {
      columns: await q(`SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                         WHERE n.nspname = ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'S') ORDER BY 1, 2, a.attnum`),
      constraints: await q(`SELECT n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY ($1) ORDER BY 1, 2, 3`),
      indexes: await q(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ANY ($1) ORDER BY 1, 2, 3`),
      triggers: await q(`SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY ($1) AND NOT t.tgisinternal ORDER BY 1, 2, 3`),
      types: await q(`SELECT n.nspname, t.typname, array_to_string(array(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), ',')
                        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ANY ($1) AND t.typtype = 'e' ORDER BY 1, 2`),
      comments: await q(`SELECT n.nspname, c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
                           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY ($1) ORDER BY 1, 2, 3`),
      functions,
    };
  });
}

describe("the module files as they are now", () => {
  it("build the same catalog as the texts they supersede (function bodies differ only by the schema no longer written into them)", async () => {
    const [before, after] = [await createTestDatabase("supersedes_old"), await createTestDatabase("supersedes_new")];
    try {
      for (const m of MODULE_NAMES) {
        const old = readMigrationDir(path.join(oldSql, m), m);
        const now = readMigrationDir(builtinModule(m).sqlDir, m);
        expect(now.map((f) => [f.name, f.supersedes])).toEqual(old.map((f) => [f.name, [f.checksum]]));
        for (const [db, files] of [[before, old], [after, now]] as const) {
          await withClient(db.url, async (c) => {
            await c.query(`CREATE SCHEMA ${m}`);
            await c.query(`SET search_path TO ${migrationSearchPath(m)}`);
            for (const f of files) await c.query(f.sql);
          });
        }
      }
      const unqualified = (schema: string, body: string) => body.replaceAll(`${schema}.`, "");
      expect(await catalogOf(after.url, (_s, body) => body)).toEqual(await catalogOf(before.url, unqualified));
    } finally {
      await before.drop();
      await after.drop();
    }
  });
});
