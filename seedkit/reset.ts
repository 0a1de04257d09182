// The SQL that empties what a seed wrote (--reset): a module's tables and the auth users seeded for
// it. Kept apart from the user generators (auth.ts, which load faker and bcrypt): the module layer
// builds a module's reset before anything is generated.
import { SEEDED_USER_MARKER } from "../providers/postgres/providers/migration";
import { literal, qualified } from "../providers/postgres/sql";

/**
 * Removes exactly the auth rows this module's seed made (their identities follow by ON DELETE
 * CASCADE). Run inside the seeding transaction by --reset; destroy runs the Migration provider's
 * deleteSeededUsers, keyed on the same marker.
 */
export function authResetSql(module: string): string {
  return `DELETE FROM auth.users WHERE raw_app_meta_data ->> '${SEEDED_USER_MARKER}' = ${literal(module)}`;
}

/**
 * SQL that empties a module's tables (`schema.table`, children first), for a seed run with --reset:
 * `restartIdentity` so serial ids start again. No CASCADE: a table outside the list that references
 * one of them makes it fail rather than empty that table too.
 */
export function truncateSql(schema: string, tables: readonly string[], options: { restartIdentity?: boolean } = {}): string {
  return `TRUNCATE ${tables.map((t) => qualified(schema, t)).join(", ")}${options.restartIdentity ? " RESTART IDENTITY" : ""}`;
}
