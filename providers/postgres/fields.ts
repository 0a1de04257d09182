// zod fields shared by the Postgres resource shapes (pure: no pg, no Pulumi runtime).
import { z } from "zod";
import { setOf } from "../framework/values";
import { identifierProblem, reservedNameProblem } from "./sql";

/** Any PostgreSQL identifier (it will be quoted, so any characters are allowed). */
export const identifier = (what: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = identifierProblem(value, what);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A role or schema name: an identifier that does not start with pg_. */
export const ownName = (what: string) =>
  identifier(what).superRefine((value, ctx) => {
    const problem = reservedNameProblem(value, what);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Role names, a set: order and repeats do not matter. */
export const roleList = setOf(identifier("role name"));

/** A SQL expression or query kept as text; it must not be blank. */
export const sqlText = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** Every Postgres resource's connection string (a secret input). */
export const connectionField = z
  .string()
  .min(1, "connection must be a PostgreSQL connection string")
  .describe("PostgreSQL connection string; stored as a secret.");

/** A PostgreSQL duration for a timeout setting: a number and a unit (ms, s, min, h, d); 0 turns it off. */
export const DURATION = /^(0|\d+(\.\d+)?(ms|s|min|h|d))$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export const duration = (what?: string) =>
  z.string().trim().regex(DURATION, `${what ? `${what} ` : ""}must be a duration such as 500ms, 5s, 5min or 1h (0 turns it off)`);

/** Pure: milliseconds of a DURATION text (0 for 0). */
export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|min|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0) : 0;
}
