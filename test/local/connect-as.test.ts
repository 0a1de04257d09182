// The suite runs as a Supabase customer would: every test database is reached as `postgres`, which
// is not a superuser. This prints the role and its superuser flag so CI output shows it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, databaseUrl, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("connect_as");
});
afterAll(async () => {
  await db?.drop();
});

it("tests connect as postgres, which is not a superuser", async () => {
  for (const url of [databaseUrl(), db.url]) {
    const row = await withClient(url, async (c) => (await c.query("SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0]);
    expect(row).toEqual({ role: "postgres", rolsuper: false });
  }
  const { role, rolsuper } = await withClient(db.url, async (c) => (await c.query("SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0]);
  console.log(`tests connect as ${role} (superuser: ${rolsuper})`);
});
