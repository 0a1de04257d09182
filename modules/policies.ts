// Row-level security policies the modules share: the signed-in user, and the set of policies that
// let the owner of a row (or whoever an expression names) do what a list of commands allows.
import { type ApiRole, authenticatedWrites, type Command, type PolicySpec, type TableSpec, WRITE_COMMANDS } from "./spec";

/** The signed-in user, evaluated once per statement rather than once per row. */
export const CALLER = "(SELECT auth.uid())";

/**
 * True unless the caller is an anonymous sign-in. Supabase Auth issues anonymous users a JWT with
 * role `authenticated` and `is_anonymous: true` (permanent users: `false`); Supabase's guidance is
 * a RESTRICTIVE policy on this claim (https://supabase.com/docs/guides/auth/auth-anonymous, "Access
 * control"). GoTrue puts is_anonymous in every access token it issues (a required claim of the
 * custom access token hook); IS NOT TRUE rather than the guide's IS FALSE keeps tokens the project
 * signs itself without the claim (backend scripts, pgTAP tests that set only sub and role) working
 * as permanent users; only a JWT that says it is anonymous is refused.
 */
export const NOT_ANONYMOUS = "(SELECT (auth.jwt() ->> 'is_anonymous')::boolean) IS NOT TRUE";

/**
 * The caller's own email from the JWT, or NULL: GoTrue puts the user's email in the `email` claim
 * and an empty string for a user without one (an anonymous sign-in, a phone-only user); a GUC
 * or claim read back empty means none (docs: auth functions use nullif for the same reason).
 */
export const CALLER_EMAIL = "NULLIF((SELECT auth.jwt() ->> 'email'), '')";

/**
 * An email column that mirrors the auth user's: empty, or exactly the caller's own JWT email, so
 * nobody claims (or squats, where the column is UNIQUE) another user's address. An anonymous
 * sign-in has no email in its JWT, so its row's email stays NULL until the user links one
 * (supabase.auth.updateUser({ email }); the JWT carries it once confirmed, and is_anonymous is false).
 */
export const ownEmail = (column = "email") => `(${column} IS NULL OR ${column} = ${CALLER_EMAIL})`;

/** The name of the restrictive policy that keeps anonymous sign-ins from `command` (insert/update/delete). */
export const anonymousGuardName = (command: string) => `anonymous sign-ins may not ${command.toLowerCase()}`;

/**
 * Pure: the RESTRICTIVE policies that refuse anonymous sign-ins every write the permissive
 * policies give `authenticated` on each table, except the commands the table declares in
 * `anonymous` (the writes the application means anonymous users to make). One policy per
 * command, so reads stay as the permissive policies say.
 */
export function anonymousGuards(tables: readonly Pick<TableSpec, "name" | "anonymous">[], policies: readonly PolicySpec[]): PolicySpec[] {
  const out: PolicySpec[] = [];
  for (const table of tables) {
    const writes = authenticatedWrites(policies, table.name);
    for (const command of WRITE_COMMANDS) {
      if (!writes.has(command) || (table.anonymous ?? []).includes(command)) continue;
      const guard: PolicySpec = { table: table.name, name: anonymousGuardName(command), command, roles: ["authenticated"], permissive: false };
      if (command !== "INSERT") guard.using = NOT_ANONYMOUS;
      if (command !== "DELETE") guard.withCheck = NOT_ANONYMOUS;
      out.push(guard);
    }
  }
  return out;
}

/** A policy's name, or its name and expressions that replace the defaults. */
export type OwnRule = string | { name: string; using?: string; withCheck?: string };

/** Whether a command's policy filters the rows it reads (USING) and checks the rows it writes (WITH CHECK). */
const readsRows = (command: Command) => command !== "INSERT";
const writesRows = (command: Command) => command === "INSERT" || command === "UPDATE" || command === "ALL";

/**
 * One policy per command on `table` for the rows `own` selects, in the order given: USING `own`
 * where the command reads existing rows (all but INSERT), WITH CHECK `own` where it writes them
 * (INSERT, UPDATE, ALL); a rule may replace either expression.
 */
export function ownRows(table: string, own: string, rules: Partial<Record<Command, OwnRule>>, roles: ApiRole[] = ["authenticated"]): PolicySpec[] {
  return (Object.entries(rules) as [Command, OwnRule][]).map(([command, rule]) => {
    const { name, using, withCheck } = typeof rule === "string" ? { name: rule, using: undefined, withCheck: undefined } : rule;
    const policy: PolicySpec = { table, name, command, roles: [...roles] };
    const read = using ?? (readsRows(command) ? own : undefined);
    const write = withCheck ?? (writesRows(command) ? own : undefined);
    if (read !== undefined) policy.using = read;
    if (write !== undefined) policy.withCheck = write;
    return policy;
  });
}
