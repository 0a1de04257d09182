// Who the RLS access matrix is checked for, and the users they are. Shared by every module's part
// of the matrix (test/rls/modules/<module>.ts).
//
//   anon          no JWT
//   owner         the user the row belongs to (in contact_center: the supervisor of the row's agent)
//   other         another signed-in user with rows of their own
//   supervisor    a contact_center supervisor of other agents (of the same type)
//   admin         a contact_center admin
//   service_role  the server-side key
//   anonymous     an anonymous sign-in (Supabase Auth signInAnonymously): role authenticated, its own
//                 auth.users row, JWT claim is_anonymous true and no email; it owns no fixture rows
export const ACTORS = ["anon", "owner", "other", "supervisor", "admin", "service_role", "anonymous"] as const;
export type ActorName = (typeof ACTORS)[number];
export const OPERATIONS = ["S", "I", "U", "D"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Letters are allowed operations: S select the row, I insert it (re-create it), U update it, D delete it; "-" denied. */
export type Row = Record<ActorName, string>;
export const none = "----";
export const all = "SIUD";
/** The row's owner may do `owner`; nobody else but service_role may do anything. */
export const ownerOnly = (owner: string): Row => ({ anon: none, owner, other: none, supervisor: none, admin: none, service_role: all, anonymous: none });
/** contact_center: the owning supervisor and admins may do `scoped`. */
export const supervised = (scoped: string): Row => ({ anon: none, owner: scoped, other: none, supervisor: none, admin: scoped, service_role: all, anonymous: none });

import { anonymousClaims } from "../helpers/postgrest";

export const ACTORS_IDS = {
  owner: "00000000-0000-4000-8000-0000000000a1",
  other: "00000000-0000-4000-8000-0000000000b2",
  supervisor: "00000000-0000-4000-8000-0000000000c3",
  admin: "00000000-0000-4000-8000-0000000000d4",
  anonymous: "00000000-0000-4000-8000-0000000000e5",
} as const;

// anonymousClaims: the claims of an anonymous sign-in (test/helpers/postgrest.ts).
export { anonymousClaims };

/** What GoTrue adds to a permanent email user's access token beside role and sub (its own email, is_anonymous false). */
const permanent = (email: string) => ({ email, phone: "", app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {}, aal: "aal1", is_anonymous: false });

/** The JWT claims each actor's requests carry, as PostgREST sets them (GoTrue-shaped for signed-in users). */
export const JWT: Record<ActorName, { role: "anon" | "authenticated" | "service_role"; sub?: string; claims?: Record<string, unknown> }> = {
  anon: { role: "anon" },
  owner: { role: "authenticated", sub: ACTORS_IDS.owner, claims: permanent("owner@example.com") },
  other: { role: "authenticated", sub: ACTORS_IDS.other, claims: permanent("other@example.com") },
  supervisor: { role: "authenticated", sub: ACTORS_IDS.supervisor, claims: permanent("supervisor@example.com") },
  admin: { role: "authenticated", sub: ACTORS_IDS.admin, claims: permanent("admin@example.com") },
  service_role: { role: "service_role" },
  anonymous: { role: "authenticated", sub: ACTORS_IDS.anonymous, claims: anonymousClaims(ACTORS_IDS.anonymous) },
};

/** The actors' auth.users rows, loaded before any module's fixture. */
export const AUTH_FIXTURE_SQL = `
INSERT INTO auth.users (id, email, role, aud) VALUES
  ('${ACTORS_IDS.owner}', 'owner@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.other}', 'other@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.supervisor}', 'supervisor@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.admin}', 'admin@example.com', 'authenticated', 'authenticated');
INSERT INTO auth.users (id, email, role, aud, is_anonymous) VALUES ('${ACTORS_IDS.anonymous}', NULL, 'authenticated', 'authenticated', true);
`;

/**
 * Column-level write rules (issue: write integrity), per table and actor: the columns the actor may
 * set on INSERT and change on UPDATE of the owner's target row, as PostgREST would run it. "*" means
 * every column; a column not listed is denied (refused with 42501/RLS, or overwritten by a trigger
 * that stamps a server-owned value). Actors left out of a table's entry may write no column.
 * Every column of every table must appear in `probes` so the test can try it (generated columns
 * excepted). test/rls/columns.test.ts tries every cell:
 *
 *   INSERT of c by actor A: the owner's target row is taken out (as the database owner); A inserts
 *     a row with the target row's values for the columns A's `insert` rule lists, plus c = the
 *     probe; every other column takes its default (or what a trigger stamps). Allowed iff it
 *     succeeds and the stored c is the probe. So an actor who may create rows of their own (other
 *     users, supervisors, admins) needs the columns that make such a row valid listed, and a
 *     column that points at the owner's data, copied from the target row, must make the insert
 *     fail (RLS) unless the rule says so.
 *   UPDATE of c by A: UPDATE t SET c = probe WHERE id = target. Allowed iff a row changed and
 *     holds the probe.
 *
 * Denied means 42501 (no privilege, or a policy refused the row), no row, or overwritten; any
 * other error (a NOT NULL or CHECK violation, a trigger's own error code) fails the cell, so pick
 * probes that make a complete, valid row, and make triggers refuse with 42501 as RLS does.
 */
export type ColumnRule = { insert: readonly string[] | "*"; update: readonly string[] | "*" };
export type ColumnRules = Record<string, Partial<Record<ActorName, ColumnRule>>>;
/**
 * A valid value per `schema.table.column` that differs from the target row's own value (and from
 * every actor's own value for owner columns: use nobody's id, or the actor writing their own id
 * into user_id is, rightly, allowed). Objects are sent as JSON; the value is cast to the column's type.
 */
export type ColumnProbes = Record<string, unknown>;
