// Shape of View: security_invoker on by default.
import { z } from "zod";
import { connectionField, identifier, sqlText } from "../fields";

export const viewSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  schema: identifier("schema"),
  name: identifier("name"),
  /** One query (SELECT ...). */
  definition: sqlText("definition"),
  /** Queries through the view run with the caller's rights and RLS (default true). */
  securityInvoker: z.boolean().default(true),
  securityBarrier: z.boolean().default(false),
});
export type ViewInputs = z.infer<typeof viewSchema>;
