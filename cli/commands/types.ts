// `supastack types`: the supabase-js `Database` types of a stack's schemas (Supabase's own
// generator, as `supabase gen types typescript` runs it), to a file or stdout.
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { withClient } from "../../providers/postgres/client";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import { stackOutputs } from "../../automation/stacks";
import { generateTypes } from "../../verify/types";
import { resolveTarget } from "../target";

/** Pure: `a,b` as a list of schema names; throws naming the flag. */
export function schemaList(text: string): string[] {
  const schemas = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (schemas.length === 0) throw new Error("--schemas: name at least one schema (a,b)");
  const bad = schemas.filter((s) => !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(s));
  if (bad.length > 0) throw new Error(`--schemas: ${bad.join(", ")} is not a schema name`);
  return schemas;
}

/** The schemas to generate when --schemas is not given: the stack's, or our modules' present in the database. */
async function defaultSchemas(opts: { stack?: string; databaseUrl?: string }, url: string): Promise<string[]> {
  if (!opts.databaseUrl) {
    const schemas = (await stackOutputs(opts.stack ?? "dev")).schemas;
    if (Array.isArray(schemas) && schemas.length > 0) return [...new Set(schemas as string[])];
  }
  const { rows } = await withClient(url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1) ORDER BY nspname", [MODULE_NAMES.map((m) => builtinModule(m).schema)]));
  return rows.map((r) => r.nspname as string);
}

export function typesCommand(): Command {
  return new Command("types")
    .description("write the supabase-js Database TypeScript types of the stack's schemas (as `supabase gen types typescript`)")
    .option("-s, --stack <name>", "the stack whose database and schemas to read (default dev)")
    .option("--database-url <url>", "read this database instead of a stack's")
    .option("--schemas <list>", "schemas to generate, comma-separated (default: the stack's schemas)")
    .option("--default-schema <schema>", "the schema Tables<\"t\">, Enums<...> and the other helpers mean when not told (default public, as supabase gen types)")
    .option("--postgrest-version <version>", "emit __InternalSupabase.PostgrestVersion (the project's PostgREST version, e.g. 13)")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: { stack?: string; databaseUrl?: string; schemas?: string; defaultSchema?: string; postgrestVersion?: string; out?: string }) => {
      const requested = opts.schemas === undefined ? undefined : schemaList(opts.schemas);
      const target = await resolveTarget({ databaseUrl: opts.databaseUrl, stack: opts.stack });
      const schemas = requested ?? (await defaultSchemas(opts, target.url));
      if (schemas.length === 0) throw new Error("no schemas to generate: pass --schemas");
      if (opts.defaultSchema !== undefined && !schemas.includes(opts.defaultSchema)) {
        throw new Error(`--default-schema: ${opts.defaultSchema} is not one of the schemas generated (${schemas.join(", ")})`);
      }
      const source = await generateTypes(target.url, { schemas, defaultSchema: opts.defaultSchema, postgrestVersion: opts.postgrestVersion });
      if (!opts.out) {
        process.stdout.write(source);
        return;
      }
      fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
      fs.writeFileSync(opts.out, source);
      console.error(`wrote the Database types of ${schemas.join(", ")} (${target.label}) to ${opts.out}`);
    });
}
