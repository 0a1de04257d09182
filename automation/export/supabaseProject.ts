// Pure parts of `supastack export supabase`: which migration files a stack's modules become, the
// project's config.toml, and the cleaning of pg_dump's text into statements the Supabase CLI runs.
//
// The CLI (2.117.0) reads `supabase/migrations/<version>_<name>.sql` (/^([0-9]+)_(.*)\.sql$/, a
// 14-digit YYYYMMDDHHMMSS version), runs each file's statements in a transaction on `db push`,
// then, with --include-seed, the files of `[db.seed] sql_paths` (default ./seed.sql), whose
// statements it runs one by one: it refuses `COPY ... FROM stdin`, so the seed is INSERTs.

/** A module of the stack and the schema it lives in. */
export interface PlacedModule {
  name: string;
  schema: string;
}

/** One migration of the exported project: the objects of one schema, named for the modules in it. */
export interface ExportMigration {
  /** `<version>_<modules>.sql`. */
  file: string;
  schema: string;
  modules: string[];
}

/** Pure: the CLI's 14-digit version of an instant (as it names `migration new` files). */
export function versionOf(at: Date): string {
  return at.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * Pure: one migration per schema, in the order the stack applies its modules (a schema's first
 * module decides its place), versions one second apart from `at`. Modules sharing a schema share its
 * file (`<version>_jobs_support.sql`): pg_dump selects objects by schema, and a schema's functions
 * and types cannot be told apart by module.
 */
export function planMigrations(modules: readonly PlacedModule[], at: Date): ExportMigration[] {
  const bySchema = new Map<string, string[]>();
  for (const m of modules) bySchema.set(m.schema, [...(bySchema.get(m.schema) ?? []), m.name]);
  const start = Math.floor(at.getTime() / 1000) * 1000;
  return [...bySchema].map(([schema, names], i) => ({ file: `${versionOf(new Date(start + i * 1000))}_${names.join("_")}.sql`, schema, modules: names }));
}

/** The schemas the platform's Data API exposes for a stack: Supabase's defaults and the modules'. */
export function dataApiSchemas(modules: readonly PlacedModule[]): string[] {
  return [...new Set(["public", "graphql_public", ...modules.map((m) => m.schema)])];
}

const TOML_STRING = (s: string) => JSON.stringify(s);

/**
 * Pure: `supabase/config.toml`: the project id, the Data API's schemas (so `supabase start` serves the
 * module schemas), the database major version and the seed file. Only keys the CLI's own
 * `supabase init` template has, with its meanings.
 */
export function configToml(projectId: string, modules: readonly PlacedModule[], majorVersion: number): string {
  const schemas = dataApiSchemas(modules).map(TOML_STRING).join(", ");
  return [
    "# Written by `supastack export supabase` from a supastack stack; the migrations hold what the stack declares.",
    `project_id = ${TOML_STRING(projectId)}`,
    "",
    "[api]",
    "enabled = true",
    "# The Data API's schemas: Supabase's own and the stack's module schemas.",
    `schemas = [${schemas}]`,
    'extra_search_path = ["public", "extensions"]',
    "",
    "[db]",
    `major_version = ${majorVersion}`,
    "",
    "[db.seed]",
    "enabled = true",
    'sql_paths = ["./seed.sql"]',
    "",
  ].join("\n");
}

/**
 * Pure: pg_dump's plain text as a file the CLI runs: without psql's meta-commands (`\restrict` /
 * `\unrestrict`, which pg_dump 17.6 writes around a dump and only psql understands), and without
 * the `SET` of settings a server before pg_dump's own may not have (transaction_timeout is new in
 * PostgreSQL 17).
 */
export function cleanDump(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\\(un)?restrict\b/.test(line) && !/^SET transaction_timeout\b/.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}

/** Pure: the problems of an export directory's current content (it must not hold a Supabase project already). */
export function exportDirProblems(existing: readonly string[], dir: string): string[] {
  return existing.includes("supabase") ? [`${dir}/supabase already exists: export into an empty folder (nothing was written)`] : [];
}
