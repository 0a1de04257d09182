// The auth.users and auth.identities rows of a legacy application's users, as GoTrue (Supabase
// Auth) writes them for an email sign-up (seedkit/auth.ts documents the shape and its sources):
// instance_id of the single instance, token columns as empty strings, an email identity whose
// provider_id is the user id. Unlike seeded users they carry no supastack marker (they are the
// application's real users), and no password (encrypted_password '', as GoTrue leaves a
// magic-link user): hashing hundreds of bcrypt passwords would only slow the tests.
import type { Queryable } from "../../../providers/postgres/client";
import { insertRows } from "./insert";
import { GOTRUE_INSTANCE_ID } from "../../../seedkit/auth";
import { Rng, key } from "../../../seedkit/prng";
import { iso, type LegacyAuthUser } from "./types";

export async function insertAuthUsers(client: Queryable, users: readonly LegacyAuthUser[]): Promise<void> {
  if (users.length === 0) return;
  const rows = users.map((u) => {
    const at = iso(u.createdMs);
    return {
      instance_id: GOTRUE_INSTANCE_ID,
      id: u.id,
      aud: "authenticated",
      role: "authenticated",
      email: u.email,
      encrypted_password: "",
      email_confirmed_at: at,
      confirmation_token: "",
      recovery_token: "",
      email_change_token_new: "",
      email_change: "",
      email_change_token_current: "",
      phone_change: "",
      phone_change_token: "",
      reauthentication_token: "",
      raw_app_meta_data: { provider: "email", providers: ["email"] },
      raw_user_meta_data: { sub: u.id, email: u.email, full_name: u.fullName, email_verified: true, phone_verified: false },
      is_super_admin: false,
      created_at: at,
      updated_at: at,
      is_sso_user: false,
      is_anonymous: false,
    };
  });
  const identities = users.map((u) => {
    const at = iso(u.createdMs);
    return {
      id: Rng.for(0, key(`legacy.identity.${u.id}`), 0).uuid(),
      provider_id: u.id,
      user_id: u.id,
      identity_data: { sub: u.id, email: u.email, email_verified: true, phone_verified: false },
      provider: "email",
      last_sign_in_at: at,
      created_at: at,
      updated_at: at,
    };
  });
  await insertRows(client, "auth", "users", rows);
  await insertRows(client, "auth", "identities", identities);
}
