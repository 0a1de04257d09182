// Shape of Extension.
import { z } from "zod";
import { connectionField, identifier } from "../fields";

export const extensionSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  name: identifier("name"),
  /**
   * Where the extension's objects go. Unset: created in `extensions` as Supabase keeps them; an
   * extension already installed elsewhere is adopted where it is (not moved).
   */
  schema: identifier("schema").optional(),
  version: z.string().min(1).optional(),
  dropCascade: z.boolean().default(false),
});
export type ExtensionInputs = z.infer<typeof extensionSchema>;
