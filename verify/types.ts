// Typed access for applications: the supabase-js `Database` TypeScript types of a database's
// schemas, made by Supabase's own generator. `supabase gen types typescript --db-url` (CLI 2.117.0)
// runs the image supabase/postgres-meta:v0.99.0 (`node dist/server/server.js` with
// PG_META_GENERATE_TYPES=typescript), whose generator is @supabase/postgrest-typegen: introspect ->
// sortGeneratorMetadata -> generateTypescript. postgres-meta 0.99.0 and postgrest-typegen 0.2.0
// were published together from one release (both 2026-09-01T03:48:59Z), so the image carries
// 0.2.0, the version pinned here. We call the same three steps on our own connection, so the output
// is the CLI's, byte for byte, for the same schemas and options (test/toolkit/types.test.ts runs
// postgres-meta 0.99.0's server.js the way the CLI's container does and compares).
import { withClient } from "../providers/postgres/client";

export interface TypesOptions {
  /** Schemas to generate (the Database type's keys); at least one. */
  schemas: string[];
  /**
   * Schema the helper types (Tables<"t">, Enums<...>) default to. Default `public`, as the CLI's:
   * the CLI never sets postgres-meta's PG_META_GENERATE_TYPES_DEFAULT_SCHEMA, whose default is
   * `public` (postgres-meta 0.99.0 dist/server/constants.js), even when `public` is not generated.
   */
  defaultSchema?: string;
  /** Emit `__InternalSupabase.PostgrestVersion` (the CLI does when it knows the project's PostgREST version). */
  postgrestVersion?: string;
  /** Emit `isOneToOne` on relationships (the CLI's default: true). */
  detectOneToOneRelationships?: boolean;
}

/** postgres-meta's GENERATE_TYPES_DEFAULT_SCHEMA when unset, which the CLI leaves it. */
export const CLI_DEFAULT_SCHEMA = "public";

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Pure: problems in the options, each naming the field. */
export function typesOptionProblems(options: TypesOptions): string[] {
  const problems: string[] = [];
  if (options.schemas.length === 0) problems.push("schemas: name at least one schema");
  for (const s of options.schemas) if (!SCHEMA_NAME.test(s)) problems.push(`schemas: ${JSON.stringify(s)} is not a schema name`);
  if (options.defaultSchema !== undefined) {
    if (!SCHEMA_NAME.test(options.defaultSchema)) problems.push(`defaultSchema: ${JSON.stringify(options.defaultSchema)} is not a schema name`);
    else if (!options.schemas.includes(options.defaultSchema)) problems.push(`defaultSchema: ${options.defaultSchema} is not one of the schemas generated (${options.schemas.join(", ")})`);
  }
  return problems;
}

/**
 * The TypeScript source of the `Database` type (Tables/Views/Functions/Enums/CompositeTypes with
 * Row/Insert/Update/Relationships, and the Tables<>/TablesInsert<>/TablesUpdate<>/Enums<>/
 * CompositeTypes<> helpers) for `schemas` of the database at `url`.
 */
export async function generateTypes(url: string, options: TypesOptions): Promise<string> {
  const problems = typesOptionProblems(options);
  if (problems.length > 0) throw new Error(`types: ${problems.join("; ")}`);
  // An ES module: loaded with import() from our CommonJS build.
  const typegen = await import("@supabase/postgrest-typegen");
  const missing = await withClient(url, async (client) => {
    const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)", [options.schemas]);
    const present = new Set(rows.map((r) => r.nspname as string));
    return options.schemas.filter((s) => !present.has(s));
  });
  if (missing.length > 0) throw new Error(`types: schemas: ${missing.join(", ")} not found in the database`);
  const metadata = await withClient(url, (client) => typegen.introspect(client, { includedSchemas: options.schemas }));
  return typegen.generateTypescript(typegen.sortGeneratorMetadata(metadata), {
    detectOneToOneRelationships: options.detectOneToOneRelationships ?? true,
    postgrestVersion: options.postgrestVersion,
    defaultSchema: options.defaultSchema ?? CLI_DEFAULT_SCHEMA,
  });
}
