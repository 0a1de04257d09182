// Shape of Grant (argument names as in @pulumi/postgresql's Grant, whose objectType "column" takes
// one table in `objects` and the column names in `columns`).
import { z } from "zod";
import { setOf } from "../../framework/values";
import { connectionField, identifier } from "../fields";
import { privilegeProblem, privilegeWords, splitSignature } from "./privileges";

export const GRANT_OBJECT_TYPES = ["database", "schema", "table", "sequence", "function", "column"] as const;

export const grantSchema = z
  .object({
    /** PostgreSQL connection string; a secret. */
    connection: connectionField,
    /** The grantee (`public` for PUBLIC). */
    role: identifier("role"),
    objectType: z.enum(GRANT_OBJECT_TYPES),
    /** objectType database: the database. */
    database: identifier("database").optional(),
    /** Every objectType but database: the schema. */
    schema: identifier("schema").optional(),
    /**
     * Object names in `schema` (functions as `name(argtypes)`; objectType column: the one table), a
     * set; empty means all of that type in the schema. A change replaces the grant.
     */
    objects: setOf(z.string().min(1)).default([]),
    /** objectType column only: the columns of the table (a set). */
    columns: setOf(identifier("column")).optional(),
    /** The privileges (a set; ALL for every privilege of the type). */
    privileges: setOf(z.string().transform(privilegeWords), { length: 1, message: "privileges must list at least one privilege" }),
    withGrantOption: z.boolean().default(false),
  })
  .superRefine((g, ctx) => {
    for (const [i, p] of g.privileges.entries()) {
      const problem = privilegeProblem(g.objectType, p);
      if (problem) ctx.addIssue({ code: "custom", path: ["privileges", i], message: problem });
    }
    if (g.objectType === "database" && !g.database) {
      ctx.addIssue({ code: "custom", path: ["database"], message: "database is required when objectType is database" });
    }
    if (g.objectType !== "database" && !g.schema) {
      ctx.addIssue({ code: "custom", path: ["schema"], message: `schema is required when objectType is ${g.objectType}` });
    }
    if (g.objectType === "function") {
      for (const [i, o] of g.objects.entries()) {
        if (!splitSignature(o)) {
          ctx.addIssue({ code: "custom", path: ["objects", i], message: `${JSON.stringify(o)} is not a function signature like name(uuid, text)` });
        }
      }
    }
    if (g.objectType === "column") {
      if (g.objects.length !== 1) {
        ctx.addIssue({ code: "custom", path: ["objects"], message: "objectType column takes exactly one table in objects" });
      }
      if (!g.columns || g.columns.length === 0) {
        ctx.addIssue({ code: "custom", path: ["columns"], message: "columns must list at least one column when objectType is column" });
      }
    } else if (g.columns !== undefined) {
      ctx.addIssue({ code: "custom", path: ["columns"], message: `columns applies only to objectType column, not ${g.objectType}` });
    }
  });
export type GrantInputs = z.infer<typeof grantSchema>;
