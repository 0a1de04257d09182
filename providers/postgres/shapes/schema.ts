// Shape of Schema (argument names as in @pulumi/postgresql's Schema).
import { z } from "zod";
import { connectionField, identifier, ownName } from "../fields";

export const schemaSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  /** The schema's name; a change renames the schema in place, with everything in it (ALTER SCHEMA ... RENAME TO). */
  name: ownName("name"),
  owner: identifier("owner").optional(),
  /** Drop the objects inside too when the schema is deleted (a module owns its whole schema). */
  dropCascade: z.boolean().default(false),
  /**
   * Refuse to drop rows: a delete (or, for Migration, a new file) that would remove rows from tables
   * that hold some fails naming each table and its rows, unless the run allows it
   * (SUPASTACK_ALLOW_DATA_LOSS=1; supastack's --allow-data-loss). Default true; supastack's program
   * turns it off on the local dev stack and on ephemeral stacks.
   */
  protectRows: z.boolean().default(true),
});
export type SchemaInputs = z.infer<typeof schemaSchema>;
