// Shape of Settings: the project's pooler, Data API, auth and SSL enforcement; only the fields set
// are managed. The stack configuration's `supastack:supabase.settings` is these same fields.
import { z } from "zod";
import { apiFields, pollSeconds, timeoutSeconds } from "./api";
import { authSettingsSchema } from "./auth";

/** A schema the Data API may expose: a plain, unquoted schema name. */
export const EXPOSED_SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Supabase deprecated session mode on port 6543 (supabase/supabase PR #33230): session mode is the
// pooler's port 5432, which supastack's databaseUrl already uses; 6543 stays in transaction mode.
const SESSION_MODE_DEPRECATED =
  "session mode on port 6543 is deprecated by Supabase; leave 6543 in transaction mode and connect to the session pooler on port 5432 (the stack's databaseUrl)";

export const settingsFields = {
  /** The transaction pooler (port 6543). */
  pooler: z
    .object({ poolMode: z.enum(["transaction", "session"]).optional(), defaultPoolSize: z.number().int().min(0).max(3000).optional() })
    .strict()
    .superRefine((p, ctx) => {
      if (p.poolMode === "session") ctx.addIssue({ code: "custom", path: ["poolMode"], message: SESSION_MODE_DEPRECATED });
    })
    .optional(),
  /** The Data API (PostgREST): the schemas it exposes and its row limit. */
  api: z
    .object({
      schemas: z.array(z.string().regex(EXPOSED_SCHEMA_NAME, "schemas are plain schema names")).optional(),
      maxRows: z.number().int().min(0).max(1_000_000).optional(),
    })
    .strict()
    .optional(),
  /** Auth (GoTrue): site and redirect URLs, JWT expiry, sign-ups, anonymous/email/phone sign-ins, passwords (shapes/auth.ts). */
  auth: authSettingsSchema.optional(),
  /** Refuse connections without TLS (restarts the database). */
  sslEnforcement: z.boolean().optional(),
};

export const settingsSchema = z.object({
  ...apiFields,
  /** The project's ref. */
  ref: z.string().min(1),
  ...settingsFields,
  /** How long to wait for a setting (SSL enforcement) to apply (default 900). */
  timeoutSeconds: timeoutSeconds.default(900),
  pollSeconds: pollSeconds.default(15),
});
export type SettingsInputs = z.infer<typeof settingsSchema>;
