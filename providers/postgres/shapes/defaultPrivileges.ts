// Shape of DefaultPrivileges: ALTER DEFAULT PRIVILEGES FOR ROLE owner [IN SCHEMA s] GRANT ...
// (argument names as in @pulumi/postgresql's DefaultPrivileges).
import { z } from "zod";
import { setOf } from "../../framework/values";
import { connectionField, identifier } from "../fields";
import { privilegeProblem, privilegeWords } from "./privileges";

export const DEFAULT_PRIVILEGE_OBJECT_TYPES = ["table", "sequence", "function", "type", "schema"] as const;

export const defaultPrivilegesSchema = z
  .object({
    /** PostgreSQL connection string; a secret. */
    connection: connectionField,
    /** The grantee. */
    role: identifier("role"),
    /** The role whose future objects get the privileges. */
    owner: identifier("owner"),
    /** Only objects made in this schema (unset: everywhere; must be unset for objectType schema). */
    schema: identifier("schema").optional(),
    objectType: z.enum(DEFAULT_PRIVILEGE_OBJECT_TYPES),
    /** The privileges (a set). */
    privileges: setOf(z.string().transform(privilegeWords)),
    withGrantOption: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    for (const [i, p] of d.privileges.entries()) {
      const problem = privilegeProblem(d.objectType, p);
      if (problem) ctx.addIssue({ code: "custom", path: ["privileges", i], message: problem });
    }
    if (d.objectType === "schema" && d.schema) {
      ctx.addIssue({ code: "custom", path: ["schema"], message: "schema must be unset when objectType is schema" });
    }
  });
export type DefaultPrivilegesInputs = z.infer<typeof defaultPrivilegesSchema>;
