// The auth.users rows (and, as GoTrue keeps them, auth.identities rows) of the people a module seeds.
// Every seed generator that adds users gets its auth tables from here, so their shape is written once.
// Seeded rows carry a marker in raw_app_meta_data (`supastack_module`), which is how --reset and
// destroy find exactly the rows a seed made and nothing else.
import type { CopyValue } from "../engine/copy";
import type { TableSeed } from "../engine/types";
import { iso } from "../engine/volumes";

/** A person a module seeds as a Supabase user. */
export interface SeedUser {
  id: string;
  /** On a reserved domain only (example.com, example.org, example.net, *.test): see RESERVED_DOMAINS. */
  email: string;
  fullName: string;
  /** Sign-up time, ms since the epoch. */
  createdMs: number;
}

/**
 * Domains reserved for examples and tests (RFC 2606 / RFC 6761): no real person can own an address
 * on them, so seeded users on a shared project never block a real sign-up.
 */
export const RESERVED_DOMAINS = ["example.com", "example.org", "example.net", "mail.test", "inbox.test"] as const;

export const AUTH_USER_COLUMNS = ["id", "aud", "role", "email", "email_confirmed_at", "raw_app_meta_data", "raw_user_meta_data", "created_at", "updated_at"] as const;

function authUserRow(u: SeedUser, module: string): CopyValue[] {
  const at = iso(u.createdMs);
  return [u.id, "authenticated", "authenticated", u.email, at, { provider: "email", providers: ["email"], supastack_module: module }, { full_name: u.fullName }, at, at];
}

/**
 * The auth tables for a module's users, first in its table list (its own tables reference them).
 * `users` is called once per table and must yield the same people in the same order each time.
 */
export function authUserTables(module: string, estimate: number, users: () => Iterable<SeedUser>): TableSeed[] {
  return [
    {
      schema: "auth",
      table: "users",
      columns: AUTH_USER_COLUMNS,
      estimate,
      *rows() {
        for (const u of users()) yield authUserRow(u, module);
      },
    },
  ];
}

/** Removes exactly the auth rows this module's seed made (run inside the seeding transaction). */
export function authResetSql(module: string): string {
  return `DELETE FROM auth.users WHERE raw_app_meta_data ->> 'supastack_module' = '${module.replace(/'/g, "''")}'`;
}
