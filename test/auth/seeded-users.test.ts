// Seeded users are real Supabase users: what GoTrue needs to let one sign in is in the rows
// (instance_id, non-null token strings, a confirmed email, aud/role, an email identity, a bcrypt
// password that PostgreSQL's crypt() verifies as GoTrue's bcrypt does), emails are on reserved
// domains, and --reset / destroy remove exactly the rows a module's seed made (by the marker).
// Runs as postgres, not a superuser, like every test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authUserTables, GOTRUE_INSTANCE_ID, personaPassword, RESERVED_DOMAINS, type SeedUser } from "../../seedkit/auth";
import { authResetSql } from "../../seedkit/reset";
import { runSeed } from "../../seeds/engine/run";
import type { ModuleSeeder } from "../../seedkit/types";
import { withClient } from "../../providers/postgres/client";
import { deleteSeededUsers } from "../../providers/postgres/providers/migration";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const SEED = 11;
const people = (prefix: string, n: number): SeedUser[] =>
  Array.from({ length: n }, (_, i) => {
    const id = `${prefix}-0000-4000-8000-${String(i).padStart(12, "0")}`;
    return { id, email: `Person.${prefix}${i}@example.com`, fullName: `Person ${i}`, createdMs: Date.UTC(2026, 0, 1 + i), password: i === 0 ? personaPassword(SEED, id) : undefined };
  });
const alpha = people("aaaaaaaa", 3);
const beta = people("bbbbbbbb", 2);

function seeder(module: string, users: SeedUser[]): ModuleSeeder {
  return { module, resetSql: [authResetSql(module)], tables: () => authUserTables(module, users.length, (i) => users[i] as SeedUser) };
}
const seeders = [seeder("alpha", alpha), seeder("beta", beta)];
const settings = { seed: SEED, profile: "qa" as const, scale: 1 };

let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => withClient(db.url, async (c) => (await c.query(sql, params)).rows);

beforeAll(async () => {
  db = await createTestDatabase("auth_users");
  // A user who signed up for real (no marker), who must survive every reset and destroy.
  await q(
    `INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, created_at, updated_at)
     VALUES ($1, 'cccccccc-0000-4000-8000-000000000000', 'authenticated', 'authenticated', 'real@example.org', '{"provider":"email","providers":["email"]}', now(), now())`,
    [GOTRUE_INSTANCE_ID],
  );
  await runSeed({ url: db.url, seeders, settings });
});
afterAll(async () => {
  await db?.drop();
});

describe("seeded auth users", () => {
  it("are rows GoTrue can find and scan: instance_id, aud/role, confirmed email, token columns as empty strings", async () => {
    // GoTrue looks a user up by instance, lower-cased email and audience, among non-SSO users.
    const found = await q(
      `SELECT id FROM auth.users WHERE instance_id = $1 AND lower(email) = lower($2) AND aud = 'authenticated' AND is_sso_user = false`,
      [GOTRUE_INSTANCE_ID, alpha[1]!.email],
    );
    expect(found).toEqual([{ id: alpha[1]!.id }]);
    const rows = await q(
      `SELECT instance_id::text, aud, role, email_confirmed_at IS NOT NULL AS confirmed, confirmed_at = email_confirmed_at AS generated_ok,
              confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current, phone_change,
              phone_change_token, reauthentication_token, is_super_admin, is_sso_user, is_anonymous, created_at IS NOT NULL AND updated_at IS NOT NULL AS stamped,
              raw_app_meta_data, raw_user_meta_data ->> 'full_name' AS full_name
         FROM auth.users WHERE raw_app_meta_data ? 'supastack_module' ORDER BY id`,
    );
    expect(rows).toHaveLength(alpha.length + beta.length);
    for (const r of rows) {
      expect(r).toMatchObject({
        instance_id: GOTRUE_INSTANCE_ID,
        aud: "authenticated",
        role: "authenticated",
        confirmed: true,
        generated_ok: true,
        confirmation_token: "",
        recovery_token: "",
        email_change_token_new: "",
        email_change: "",
        email_change_token_current: "",
        phone_change: "",
        phone_change_token: "",
        reauthentication_token: "",
        is_super_admin: false,
        is_sso_user: false,
        is_anonymous: false,
        stamped: true,
      });
      expect(r.raw_app_meta_data).toMatchObject({ provider: "email", providers: ["email"] });
      expect(["alpha", "beta"]).toContain(r.raw_app_meta_data.supastack_module);
      expect(r.full_name).toMatch(/^Person \d$/);
    }
  });

  it("each have an email identity: provider_id = user id, identity_data with sub and email", async () => {
    const rows = await q(
      `SELECT u.id::text AS user_id, i.provider, i.provider_id, i.identity_data, i.email, i.email = lower(u.email) AS email_ok
         FROM auth.users u LEFT JOIN auth.identities i ON i.user_id = u.id WHERE u.raw_app_meta_data ? 'supastack_module' ORDER BY u.id`,
    );
    expect(rows).toHaveLength(alpha.length + beta.length);
    for (const r of rows) {
      expect(r).toMatchObject({ provider: "email", provider_id: r.user_id, email_ok: true });
      expect(r.identity_data).toEqual({ sub: r.user_id, email: expect.stringMatching(/@example\.com$/), email_verified: true, phone_verified: false });
    }
  });

  it("give a persona a bcrypt password that crypt() verifies, and the others none", async () => {
    const persona = alpha[0]!;
    const [row] = await q(
      `SELECT encrypted_password LIKE '$2a$10$%' AS bcrypt, encrypted_password = extensions.crypt($2, encrypted_password) AS right_one,
              encrypted_password = extensions.crypt('wrong-password', encrypted_password) AS wrong_one
         FROM auth.users WHERE id = $1`,
      [persona.id, persona.password],
    );
    expect(row).toEqual({ bcrypt: true, right_one: true, wrong_one: false });
    expect(persona.password).toMatch(/^qa-[A-Za-z0-9_-]{16}$/);
    expect(personaPassword(SEED, persona.id)).toBe(persona.password);
    const personas = [alpha[0]!.id, beta[0]!.id];
    const others = await q(`SELECT DISTINCT encrypted_password FROM auth.users WHERE raw_app_meta_data ? 'supastack_module' AND id <> ALL($1::uuid[])`, [personas]);
    expect(others).toEqual([{ encrypted_password: "" }]);
  });

  it("use reserved domains only", async () => {
    const domains = await q(`SELECT DISTINCT split_part(email, '@', 2) AS domain FROM auth.users WHERE raw_app_meta_data ? 'supastack_module'`);
    for (const { domain } of domains) expect(RESERVED_DOMAINS).toContain(domain.toLowerCase());
  });

  it("seeding again without --reset names the table and the key", async () => {
    // The two modules load in parallel: whichever meets its first row first reports it.
    await expect(runSeed({ url: db.url, seeders, settings })).rejects.toThrow(
      /seeding auth\.users: auth\.users already has a row with id = (aaaaaaaa|bbbbbbbb)-0000-4000-8000-000000000000 \(constraint users_pkey\).*--reset/,
    );
  });

  it("--reset replaces exactly the module's seeded rows, and the same seed gives the same rows", async () => {
    const before = await q(`SELECT u.*, i.id AS identity_id FROM auth.users u JOIN auth.identities i ON i.user_id = u.id ORDER BY u.id`);
    await runSeed({ url: db.url, seeders: [seeders[0]!], settings, reset: true });
    const after = await q(`SELECT u.*, i.id AS identity_id FROM auth.users u JOIN auth.identities i ON i.user_id = u.id ORDER BY u.id`);
    expect(after).toEqual(before);
    const counts = await q(
      `SELECT coalesce(raw_app_meta_data ->> 'supastack_module', 'real') AS module, count(*)::int AS n FROM auth.users GROUP BY 1 ORDER BY 1`,
    );
    expect(counts).toEqual([
      { module: "alpha", n: 3 },
      { module: "beta", n: 2 },
      { module: "real", n: 1 },
    ]);
  });

  it("destroy (the Migration provider's delete) removes exactly a module's seeded users and their identities", async () => {
    await withClient(db.url, (c) => deleteSeededUsers(c, "alpha"));
    const left = await q(`SELECT coalesce(raw_app_meta_data ->> 'supastack_module', 'real') AS module, count(*)::int AS n FROM auth.users GROUP BY 1 ORDER BY 1`);
    expect(left).toEqual([
      { module: "beta", n: 2 },
      { module: "real", n: 1 },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM auth.identities WHERE user_id::text LIKE 'aaaaaaaa%'`)).toEqual([{ n: 0 }]);
    const bare = await createTestDatabase("auth_bare", { bootstrap: false });
    try {
      await withClient(bare.url, (c) => deleteSeededUsers(c, "alpha"));
    } finally {
      await bare.drop();
    }
  });
});
