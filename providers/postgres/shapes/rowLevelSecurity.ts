// Shape of RowLevelSecurity: RLS switched on (and optionally forced) for one table.
import { z } from "zod";
import { connectionField, identifier } from "../fields";

export const rowLevelSecuritySchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  schema: identifier("schema"),
  table: identifier("table"),
  enabled: z.boolean().default(true),
  /** Apply policies to the table owner too. */
  force: z.boolean().default(false),
});
export type RowLevelSecurityInputs = z.infer<typeof rowLevelSecuritySchema>;
