// Shape of FunctionAccess: who may EXECUTE the functions of one schema.
import { z } from "zod";
import { setOf } from "../../framework/values";
import { connectionField, identifier } from "../fields";
import { splitSignature } from "./privileges";

export const functionAccessSchema = z
  .object({
    /** PostgreSQL connection string; a secret. */
    connection: connectionField,
    schema: identifier("schema"),
    /**
     * Only the functions this module's migrations created or replaced (their records in
     * supastack.migrations), for a module that shares its schema with others or lives in public;
     * without it, every function of the schema.
     */
    module: identifier("module").optional(),
    /** Functions the module declares, as `name(argtypes)`, with the API roles that may call them (a set). */
    declared: z.array(z.object({ signature: z.string().min(1), roles: setOf(identifier("role")).default([]) })).default([]),
    /** API roles kept off undeclared functions (a set; PUBLIC is always kept off every function). */
    revokeFrom: setOf(identifier("role")).default(["anon", "authenticated"]),
    /** Anything whose change should re-run the revocation (e.g. migration checksums). */
    after: z.array(z.string()).default([]),
  })
  .superRefine((f, ctx) => {
    for (const [i, d] of f.declared.entries()) {
      if (!splitSignature(d.signature)) {
        ctx.addIssue({ code: "custom", path: ["declared", i, "signature"], message: `${JSON.stringify(d.signature)} is not a function signature like name(uuid, text)` });
      }
    }
  });
export type FunctionAccessInputs = z.infer<typeof functionAccessSchema>;
