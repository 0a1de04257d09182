// qa personas can sign in: every persona the qa profile writes has a password, and that password
// matches the bcrypt hash in its auth.users row (checked with pgcrypto's crypt(), which computes
// bcrypt as GoTrue's does) on a user GoTrue can find, with its email identity. Other users, and
// every user of the dev profile, have no password. Runs as postgres, not a superuser.
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { GOTRUE_INSTANCE_ID } from "../../seedkit/auth";
import type { Persona } from "../../seedkit/types";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { MODULE_NAMES, seedersOf, presentModules } from "../../modules/catalog";
import { applyModuleSql } from "../helpers/modules";

let db: TestDatabase;
let personas: Persona[];
const q = async (sql: string, params: unknown[] = []) => withClient(db.url, async (c) => (await c.query(sql, params)).rows);

beforeAll(async () => {
  db = await createTestDatabase("auth_personas");
  await applyModuleSql(db.url, MODULE_NAMES);
  personas = (await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "qa", seed: 5, quiet: true })).personas;
});
afterAll(async () => {
  await db?.drop();
});

it("every qa persona has a password that its auth.users row verifies", async () => {
  expect(personas.length).toBeGreaterThanOrEqual(5);
  for (const p of personas) {
    expect(p.password, `${p.module}/${p.name}`).toMatch(/^qa-.{16}$/);
    const rows = await q(
      `SELECT u.encrypted_password = extensions.crypt($2, u.encrypted_password) AS verifies, i.provider
         FROM auth.users u JOIN auth.identities i ON i.user_id = u.id
        WHERE u.instance_id = $3 AND lower(u.email) = lower($1) AND u.aud = 'authenticated' AND u.email_confirmed_at IS NOT NULL`,
      [p.email, p.password, GOTRUE_INSTANCE_ID],
    );
    expect(rows, `${p.module}/${p.name}`).toEqual([{ verifies: true, provider: "email" }]);
  }
  const others = await q(`SELECT count(*)::int AS n FROM auth.users WHERE encrypted_password <> '' AND id <> ALL($1::uuid[])`, [personas.map((p) => p.userId)]);
  expect(others).toEqual([{ n: 0 }]);
});

it("the dev profile gives nobody a password", async () => {
  await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 5, reset: true, quiet: true });
  expect(await q(`SELECT count(*)::int AS n FROM auth.users WHERE encrypted_password <> ''`)).toEqual([{ n: 0 }]);
  expect(await q(`SELECT count(*)::int AS n FROM auth.users u WHERE NOT EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id)`)).toEqual([{ n: 0 }]);
});
