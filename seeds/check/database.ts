// `supastack seed --check`: read each seeded table of a database once (up to a row limit) and run
// the pure rules of ./rules.ts over the rows. Reads only; changes nothing.
import { withClient } from "../../providers/postgres/client";
import { qualified } from "../../providers/postgres/sql";
import type { ModuleSeeder } from "../../seedkit/types";
import { type CheckContext, type CheckedTable, checkTables, type Finding } from "./rules";
import { checkStories } from "./stories";

export interface CheckReport {
  tables: number;
  rows: number;
  findings: Finding[];
  ms: number;
}

/** Rows read per table by default: every row of dev and qa seeds, a large sample of load ones. */
export const CHECK_ROW_LIMIT = 200_000;

/** The tables a seeder writes (schema, table), in its order. */
function tablesOf(seeder: ModuleSeeder): [string, string][] {
  return seeder.tables({ seed: 1, profile: "dev", scale: 1 }).map((t) => [t.schema, t.table]);
}

/** Every table rule over the seeded tables (each once), then each module's story rules over its own tables. */
export function checkSeeded(seeders: readonly ModuleSeeder[], tables: ReadonlyMap<string, CheckedTable>, ctx: CheckContext): Finding[] {
  const findings = checkTables([...tables.values()], ctx);
  for (const s of seeders) {
    if (!s.stories?.length) continue;
    const own = tablesOf(s).map(([schema, table]) => tables.get(`${schema}.${table}`)).filter((t): t is CheckedTable => t !== undefined);
    findings.push(...checkStories(own, s.stories, ctx));
  }
  return findings;
}

export async function checkDatabase(options: { url: string; seeders: readonly ModuleSeeder[]; now: number; repeatedText?: ReadonlySet<string>; limit?: number }): Promise<CheckReport> {
  const started = Date.now();
  const limit = options.limit ?? CHECK_ROW_LIMIT;
  const tables = await withClient(options.url, async (c) => {
    const out = new Map<string, CheckedTable>();
    for (const [schema, table] of options.seeders.flatMap(tablesOf)) {
      if (out.has(`${schema}.${table}`)) continue;
      const types = await c.query<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
        [schema, table],
      );
      if (types.rows.length === 0) throw new Error(`seed --check: table ${schema}.${table} is not in the database (is the module applied?)`);
      const rows = await c.query({ text: `SELECT * FROM ${qualified(schema, table)} LIMIT $1`, values: [limit], rowMode: "array" });
      const byName = new Map(types.rows.map((r) => [r.column_name, r.data_type]));
      const columns = rows.fields.map((f) => f.name);
      out.set(`${schema}.${table}`, { name: `${schema}.${table}`, columns, types: columns.map((n) => byName.get(n) ?? "unknown"), rows: rows.rows as unknown[][] });
    }
    return out;
  });
  const findings = checkSeeded(options.seeders, tables, { now: options.now, repeatedText: options.repeatedText });
  return { tables: tables.size, rows: [...tables.values()].reduce((n, t) => n + t.rows.length, 0), findings, ms: Date.now() - started };
}

/** The findings as lines a person reads: rule, table.column, how many, a few of the values. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.rule.padEnd(20)} ${`${f.table}.${f.column}`.padEnd(48)} ${String(f.count).padStart(7)}  e.g. ${f.examples.join(", ")}`).join("\n");
}
