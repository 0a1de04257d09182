// Shape of DataApiSchemas: the schemas the Data API (PostgREST) exposes for one database, recorded
// in the database as PostgREST reads it (pgrst.db_schemas).
import { z } from "zod";
import { connectionField, identifier } from "../fields";

export const dataApiSchemasSchema = z.object({
  /** A connection to the database whose Data API this is, as postgres; a secret. */
  connection: connectionField,
  /**
   * A superuser's connection to the same server (supabase_admin on the local server), which sets
   * the values: on Supabase the platform sets them (postgres may, through supautils, only there);
   * a secret. Unset: `connection` must be allowed to alter authenticator and the database. Never compared.
   */
  adminConnection: z.string().min(1, "adminConnection must be a PostgreSQL connection string").optional(),
  /** The exposed schemas in order (PostgREST serves the first by default), e.g. public, graphql_public and the modules' schemas. */
  schemas: z
    .array(identifier("schema").refine((s) => !s.includes(","), "must not contain a comma (PostgREST splits the list on commas)"))
    .min(1, "schemas must name at least one schema")
    .refine((list) => new Set(list).size === list.length, "schemas must not repeat a schema"),
});
export type DataApiSchemasInputs = z.infer<typeof dataApiSchemasSchema>;
