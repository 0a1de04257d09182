// Who the RLS access matrix is checked for, and the users they are. Shared by every module's part
// of the matrix (test/rls/modules/<module>.ts).
//
//   anon          no JWT
//   owner         the user the row belongs to (in contact_center: the supervisor of the row's agent)
//   other         another signed-in user with rows of their own
//   supervisor    a contact_center supervisor of other agents (of the same type)
//   admin         a contact_center admin
//   service_role  the server-side key
export const ACTORS = ["anon", "owner", "other", "supervisor", "admin", "service_role"] as const;
export type ActorName = (typeof ACTORS)[number];
export const OPERATIONS = ["S", "I", "U", "D"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Letters are allowed operations: S select the row, I insert it (re-create it), U update it, D delete it; "-" denied. */
export type Row = Record<ActorName, string>;
export const none = "----";
export const all = "SIUD";
/** The row's owner may do `owner`; nobody else but service_role may do anything. */
export const ownerOnly = (owner: string): Row => ({ anon: none, owner, other: none, supervisor: none, admin: none, service_role: all });
/** contact_center: the owning supervisor and admins may do `scoped`. */
export const supervised = (scoped: string): Row => ({ anon: none, owner: scoped, other: none, supervisor: none, admin: scoped, service_role: all });

export const ACTORS_IDS = {
  owner: "00000000-0000-4000-8000-0000000000a1",
  other: "00000000-0000-4000-8000-0000000000b2",
  supervisor: "00000000-0000-4000-8000-0000000000c3",
  admin: "00000000-0000-4000-8000-0000000000d4",
} as const;

/** The actors' auth.users rows, loaded before any module's fixture. */
export const AUTH_FIXTURE_SQL = `
INSERT INTO auth.users (id, email, role, aud) VALUES
  ('${ACTORS_IDS.owner}', 'owner@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.other}', 'other@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.supervisor}', 'supervisor@example.com', 'authenticated', 'authenticated'),
  ('${ACTORS_IDS.admin}', 'admin@example.com', 'authenticated', 'authenticated');
`;

/**
 * Column-level write rules (issue: write integrity), per table and actor: the columns the actor may
 * set on INSERT and change on UPDATE of the owner's target row, as PostgREST would run it. "*" means
 * every column; a column not listed is denied (refused with 42501/RLS, or overwritten by a trigger
 * that stamps a server-owned value). Actors left out of a table's entry may write no column.
 * Every column of every table must appear in `probes` so the test can try it.
 */
export type ColumnRule = { insert: readonly string[] | "*"; update: readonly string[] | "*" };
export type ColumnRules = Record<string, Partial<Record<ActorName, ColumnRule>>>;
/** A valid value per `table.column` (schema-qualified table) that differs from the target row's own value. */
export type ColumnProbes = Record<string, unknown>;
