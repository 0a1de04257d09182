// Shape of RlsPolicy: USING, WITH CHECK and roles change in place; the rest replaces it.
import { z } from "zod";
import { connectionField, identifier, roleList, sqlText } from "../fields";

/** The commands a policy applies to. */
export const COMMANDS = ["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"] as const;
export type Command = (typeof COMMANDS)[number];

export const rlsPolicySchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  schema: identifier("schema"),
  table: identifier("table"),
  name: identifier("name"),
  command: z.enum(COMMANDS).default("ALL"),
  permissive: z.boolean().default(true),
  /** The roles the policy applies to (a set; default public). */
  roles: roleList.default(["public"]).refine((r) => r.length > 0, "roles must list at least one role"),
  /** The USING expression (rows visible / affected). */
  using: sqlText("using").optional(),
  /** The WITH CHECK expression (rows written). */
  withCheck: sqlText("withCheck").optional(),
});
export type RlsPolicyInputs = z.infer<typeof rlsPolicySchema>;
