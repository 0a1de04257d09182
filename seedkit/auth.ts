// The auth.users and auth.identities rows of the people a module seeds, shaped as GoTrue (Supabase
// Auth) writes them for an email sign-up, so a seeded user is a real Supabase user: GoTrue finds
// users by instance_id '00000000-0000-0000-0000-000000000000', reads the token columns as non-null
// strings (NULL gives "Database error querying schema"), compares a password with the bcrypt hash
// in encrypted_password, and keeps an identity per sign-in method (provider 'email', provider_id =
// the user id, identity_data with sub and email). Sources: supabase/auth models (user, identity)
// and migrations; Supabase docs "Auth > Users" and "Identities".
// Every seed generator that adds users gets its auth tables from here, so their shape is written
// once. Seeded rows carry a marker in raw_app_meta_data (`supastack_module`), which is how --reset
// and destroy find exactly the rows a seed made and nothing else (identities go with their user:
// ON DELETE CASCADE).
import { SEEDED_USER_MARKER } from "../providers/postgres/providers/migration";
import crypto from "node:crypto";
import { encodeBase64, hashSync } from "bcryptjs";
import { idFor, Rng } from "./prng";
import type { CopyValue, TableSeed } from "./types";
import { DAY, iso, MINUTE, SECOND } from "./volumes";
import { type Person, person } from "./people";
import { pools } from "./pools";

/** A person a module seeds as a Supabase user. */
export interface SeedUser {
  id: string;
  /** On a reserved domain only (example.com, example.org, example.net, *.test): see RESERVED_DOMAINS. */
  email: string;
  fullName: string;
  /** Sign-up time, ms since the epoch. */
  createdMs: number;
  /**
   * The password the user signs in with (qa personas: personaPassword), stored as a bcrypt hash.
   * Without one the user has no password (encrypted_password '', as GoTrue leaves magic-link users).
   */
  password?: string;
}

/**
 * Domains reserved for examples and tests (RFC 2606 / RFC 6761): no real person can own an address
 * on them, so seeded users on a shared project never block a real sign-up.
 */
export const RESERVED_DOMAINS = ["example.com", "example.org", "example.net", "mail.test", "inbox.test"] as const;

/** The instance GoTrue serves: every user it can see has this instance_id. */
export const GOTRUE_INSTANCE_ID = "00000000-0000-0000-0000-000000000000";

/** The key in raw_app_meta_data that marks a row as seeded by a module. */
const SEED_MARKER = SEEDED_USER_MARKER;

/** GoTrue's bcrypt cost (golang.org/x/crypto/bcrypt DefaultCost). */
const BCRYPT_COST = 10;

const AUTH_USER_COLUMNS = [
  "instance_id",
  "id",
  "aud",
  "role",
  "email",
  "encrypted_password",
  "email_confirmed_at",
  "confirmation_token",
  "recovery_token",
  "email_change_token_new",
  "email_change",
  "email_change_token_current",
  "phone_change",
  "phone_change_token",
  "reauthentication_token",
  "raw_app_meta_data",
  "raw_user_meta_data",
  "is_super_admin",
  "created_at",
  "updated_at",
  "is_sso_user",
  "is_anonymous",
] as const;

const AUTH_IDENTITY_COLUMNS = ["id", "provider_id", "user_id", "identity_data", "provider", "last_sign_in_at", "created_at", "updated_at"] as const;

/**
 * The start of user i of a module's users table `table` (a prng key): its id, a person (name and
 * an email on one of `domains`) and the PRNG, already past the person, that draws the rest.
 */
export function seedPerson(seed: number, table: number, i: number, domains: readonly string[] = RESERVED_DOMAINS): { id: string; person: Person; rng: Rng } {
  const rng = Rng.for(seed, table, i);
  return { id: idFor(seed, table, i), person: person(rng, pools(seed), i, domains), rng };
}

/** A sign-up time between `days[0]` and `days[1]` days before the seed's `now` (clock.ts), at any second of the day. */
export function signedUpMs(rng: Rng, days: readonly [number, number], now: number): number {
  return now - rng.int(days[0], days[1]) * DAY - rng.int(0, 1439) * MINUTE - rng.int(0, 59) * SECOND;
}

function digest(text: string): Buffer {
  return crypto.createHash("sha256").update(text).digest();
}

/** A uuid (version 4 layout) derived from `text`, so reruns with the same seed give the same ids. */
function derivedUuid(text: string): string {
  const b = digest(text).subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The password of a qa persona: known (written to the personas file), different per persona and
 * seed, and the same on every run with that seed. Seeders pass it both to the persona's SeedUser and
 * to its Persona entry.
 */
export function personaPassword(seed: number, userId: string): string {
  return `qa-${digest(`supastack-qa-password:${seed}:${userId}`).toString("base64url").slice(0, 16)}`;
}

/**
 * A bcrypt hash GoTrue verifies ($2a$, cost 10), with a salt derived from the user id so the same
 * seed gives the same bytes; PostgreSQL's crypt() (pgcrypto) verifies it too.
 */
export function passwordHash(password: string, userId: string): string {
  const salt = `$2a$${BCRYPT_COST}$${encodeBase64(digest(`supastack-bcrypt-salt:${userId}`), 16)}`;
  return hashSync(password, salt);
}

function userRow(u: SeedUser, module: string): CopyValue[] {
  const at = iso(u.createdMs);
  return [
    GOTRUE_INSTANCE_ID,
    u.id,
    "authenticated",
    "authenticated",
    u.email,
    u.password === undefined ? "" : passwordHash(u.password, u.id),
    at,
    // confirmation, recovery, email change (new, address, current), phone change, reauthentication:
    // empty strings, as GoTrue writes them (it scans them as strings).
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    { provider: "email", providers: ["email"], [SEED_MARKER]: module },
    { sub: u.id, email: u.email, full_name: u.fullName, email_verified: true, phone_verified: false },
    false,
    at,
    at,
    false,
    false,
  ];
}

function identityRow(u: SeedUser): CopyValue[] {
  const at = iso(u.createdMs);
  return [
    derivedUuid(`supastack-identity:email:${u.id}`),
    u.id,
    u.id,
    { sub: u.id, email: u.email, email_verified: true, phone_verified: false },
    "email",
    at,
    at,
    at,
  ];
}

/**
 * Every seeder that has users starts alike (`duplicates` pairs them): its resetSql ends with
 * authResetSql(module) and its tables begin with authUserTables(module, ...), around the prng keys of
 * its tables. That skeleton is ModuleSeeder's shape, kept deliberately; the people and the rows
 * differ, and what the seeders share as logic is here.
 *
 * The auth tables for a module's `count` users, first in its table list (its own tables reference
 * them): auth.users, then auth.identities. `userAt(i)` is called for each table and must give the
 * same person for the same i.
 */
export function authUserTables(module: string, count: number, userAt: (i: number) => SeedUser): TableSeed[] {
  return [
    {
      schema: "auth",
      table: "users",
      columns: AUTH_USER_COLUMNS,
      estimate: count,
      *rows() {
        for (let i = 0; i < count; i++) yield userRow(userAt(i), module);
      },
    },
    {
      schema: "auth",
      table: "identities",
      columns: AUTH_IDENTITY_COLUMNS,
      estimate: count,
      *rows() {
        for (let i = 0; i < count; i++) yield identityRow(userAt(i));
      },
    },
  ];
}
