// Shape of Role (attributes and memberships as in @pulumi/postgresql's Role).
import { z } from "zod";
import { connectionField, ownName, roleList } from "../fields";

export const roleSchema = z.object({
  /** PostgreSQL connection string; a secret. */
  connection: connectionField,
  /** The role's name; a change renames the role in place (ALTER ROLE ... RENAME TO). */
  name: ownName("name"),
  login: z.boolean().default(false),
  /** Stored as a secret. */
  password: z.string().min(1).optional(),
  superuser: z.boolean().default(false),
  createDatabase: z.boolean().default(false),
  createRole: z.boolean().default(false),
  inherit: z.boolean().default(true),
  replication: z.boolean().default(false),
  bypassRowLevelSecurity: z.boolean().default(false),
  /** -1: no limit. */
  connectionLimit: z.number().int().min(-1).default(-1),
  /** Roles this role is a member of (a set). */
  roles: roleList.default([]),
});
export type RoleInputs = z.infer<typeof roleSchema>;
