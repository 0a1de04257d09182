// Typed access for applications: the supabase-js `Database` TypeScript types of a database's
// schemas, made by Supabase's own generator. `supabase gen types typescript` runs postgres-meta,
// whose generator (0.99.0) is @supabase/postgrest-typegen: introspect -> sortGeneratorMetadata ->
// generateTypescript. We call the same three steps on our own connection, so the output is the
// CLI's, byte for byte, for the same schemas and options.
import { withClient } from "../providers/postgres/client";

export interface TypesOptions {
  /** Schemas to generate (the Database type's keys); at least one. */
  schemas: string[];
  /** Schema the helper types (Tables<"t">, Enums<...>) default to; the CLI's default is public. */
  defaultSchema?: string;
  /** Emit `__InternalSupabase.PostgrestVersion` (the CLI does when it knows the project's PostgREST version). */
  postgrestVersion?: string;
  /** Emit `isOneToOne` on relationships (the CLI's default: true). */
  detectOneToOneRelationships?: boolean;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Pure: problems in the options, each naming the field. */
export function typesOptionProblems(options: TypesOptions): string[] {
  const problems: string[] = [];
  if (options.schemas.length === 0) problems.push("schemas: name at least one schema");
  for (const s of options.schemas) if (!SCHEMA_NAME.test(s)) problems.push(`schemas: ${JSON.stringify(s)} is not a schema name`);
  if (options.defaultSchema !== undefined && !SCHEMA_NAME.test(options.defaultSchema)) problems.push(`defaultSchema: ${JSON.stringify(options.defaultSchema)} is not a schema name`);
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
    defaultSchema: options.defaultSchema ?? (options.schemas.includes("public") ? "public" : options.schemas[0]),
  });
}
