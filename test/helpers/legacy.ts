// The databases our users already run, built for tests: a Supabase-shaped database (from
// createTestDatabase) holding a module's source document SQL as a team ran it in the SQL editor
// (test/fixtures/legacy/<module>.sql) and a few hundred rows its application wrote, deterministic
// for a seed (test/helpers/legacy/<module>.ts), users in auth.users as GoTrue writes them. Some of
// those rows break what the module adds (its CHECKs, foreign keys, NOT NULLs): buildLegacyDatabase
// returns, per added constraint, the rows that break it (legacy/violations.ts), for adopt's tests
// to hold its plan to.
//
// placement "public": the fixture as written (the editor's search_path, "$user", public,
// extensions, puts everything in public). placement "module": the same file with the module's own
// schema first on the search_path, in a schema the team created and exposed as Supabase documents
// for a custom schema ("Using custom schemas", supabase.com/docs/guides/api/using-custom-schemas:
// GRANT USAGE ON SCHEMA, GRANT ALL ON ALL TABLES/ROUTINES/SEQUENCES and the same default
// privileges to anon, authenticated, service_role). The fixtures qualify nothing with `public.`
// (checked here), so the search_path alone places them.
import fs from "node:fs";
import path from "node:path";
import { MODULE_NAMES } from "../../modules/catalog";
import { type Queryable, withClient } from "../../providers/postgres/client";
import { migrationSearchPath } from "../../providers/postgres/providers/migration";
import { ident, qualified } from "../../providers/postgres/sql";
import { insertAuthUsers } from "./legacy/auth";
import { insertRows } from "./legacy/insert";
import type { LegacyGenerator } from "./legacy/types";
import { type LegacyViolation, legacyViolations } from "./legacy/violations";
import { generate as agentflow } from "./legacy/agentflow";
import { generate as contact_center } from "./legacy/contact_center";
import { generate as jobs } from "./legacy/jobs";
import { generate as support } from "./legacy/support";
import { generate as voice } from "./legacy/voice";

export type { LegacyViolation } from "./legacy/violations";

export type LegacyPlacement = "public" | "module";

export interface BuildLegacyOptions {
  modules: readonly string[];
  placement: LegacyPlacement;
  /** The rows' seed (default 1): the same seed gives the same rows, ids included. */
  seed?: number;
}

export interface LegacyTable {
  module: string;
  schema: string;
  table: string;
  rows: number;
}

export interface LegacyDatabase {
  /** The schema each module's tables are in. */
  schemas: Record<string, string>;
  tables: LegacyTable[];
  /** Per constraint the module adds that legacy rows break: those rows (legacy/violations.ts). */
  violations: LegacyViolation[];
}

const GENERATORS: Record<string, LegacyGenerator> = { agentflow, contact_center, jobs, support, voice };

export const FIXTURE_DIR = path.join(__dirname, "..", "fixtures", "legacy");

/** The fixture file of a module (its source document's SQL as the team ran it). */
export function legacyFixtureSql(module: string): string {
  const file = path.join(FIXTURE_DIR, `${module}.sql`);
  if (!fs.existsSync(file)) throw new Error(`legacy fixture for ${module}: ${file} is missing`);
  return fs.readFileSync(file, "utf8");
}

/** Pure: the tables a fixture creates, in order. */
export function fixtureTables(sql: string): string[] {
  return [...withoutComments(sql).matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?([a-z_][a-z0-9_]*)\s*\(/gi)].map((m) => m[1]!.toLowerCase());
}

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "");
}

export function legacySchema(module: string, placement: LegacyPlacement): string {
  return placement === "public" ? "public" : module;
}

/** Pure: what is wrong with the options (unknown module, two modules' tables colliding in public). */
export function legacyOptionProblems(options: BuildLegacyOptions): string[] {
  const problems: string[] = [];
  if (options.modules.length === 0) problems.push("modules: name at least one module");
  for (const m of options.modules) if (!MODULE_NAMES.includes(m) || !GENERATORS[m]) problems.push(`modules: ${m} is not a module (${MODULE_NAMES.join(", ")})`);
  if (options.placement !== "public" && options.placement !== "module") problems.push(`placement: ${String(options.placement)} is neither "public" nor "module"`);
  if (problems.length === 0 && options.placement === "public") {
    const owner = new Map<string, string>();
    for (const m of options.modules) {
      for (const t of fixtureTables(legacyFixtureSql(m))) {
        const other = owner.get(t);
        if (other) problems.push(`modules: ${other} and ${m} both have a table ${t}: they cannot share public`);
        else owner.set(t, m);
      }
    }
  }
  return problems;
}

async function applyModule(client: Queryable, module: string, schema: string, seed: number): Promise<void> {
  const sql = legacyFixtureSql(module);
  if (/\bpublic\./i.test(withoutComments(sql))) throw new Error(`legacy fixture ${module}.sql qualifies a name with public.: placing it by search_path would miss it`);
  const rows = GENERATORS[module]!(seed);
  await client.query("BEGIN");
  try {
    if (schema !== "public") {
      await client.query(`CREATE SCHEMA ${ident(schema)}`);
      const roles = "anon, authenticated, service_role";
      await client.query(`GRANT USAGE ON SCHEMA ${ident(schema)} TO ${roles}`);
      for (const kind of ["TABLES", "ROUTINES", "SEQUENCES"]) {
        await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA ${ident(schema)} GRANT ALL ON ${kind} TO ${roles}`);
      }
    }
    await client.query(`SET LOCAL search_path TO ${schema === "public" ? `"$user", public, extensions` : migrationSearchPath(schema)}`);
    await client.query(sql);
    if (schema !== "public") {
      for (const kind of ["TABLES", "ROUTINES", "SEQUENCES"]) await client.query(`GRANT ALL ON ALL ${kind} IN SCHEMA ${ident(schema)} TO anon, authenticated, service_role`);
    }
    await insertAuthUsers(client, rows.users);
    for (const t of rows.tables) await insertRows(client, schema, t.table, t.rows);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new Error(`legacy ${module} in ${schema}: ${(error as Error).message}`, { cause: error });
  }
}

/** Builds the legacy databases of `modules` in `url` (a Supabase-shaped database) and reports what it holds. */
export async function buildLegacyDatabase(url: string, options: BuildLegacyOptions): Promise<LegacyDatabase> {
  const problems = legacyOptionProblems(options);
  if (problems.length > 0) throw new Error(`buildLegacyDatabase: ${problems.join("; ")}`);
  const seed = options.seed ?? 1;
  return withClient(url, async (client) => {
    const schemas: Record<string, string> = {};
    const tables: LegacyTable[] = [];
    const violations: LegacyViolation[] = [];
    for (const module of options.modules) {
      const schema = legacySchema(module, options.placement);
      schemas[module] = schema;
      await applyModule(client, module, schema, seed);
      for (const table of fixtureTables(legacyFixtureSql(module))) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${qualified(schema, table)}`);
        tables.push({ module, schema, table, rows: rows[0].n });
      }
      violations.push(...(await legacyViolations(client, module, schema)));
    }
    return { schemas, tables, violations };
  });
}
