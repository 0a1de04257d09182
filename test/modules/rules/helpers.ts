// Shared by the module rules tests: an auth.users row for test user n.
import type { Client } from "pg";

export const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export async function testUser(c: Client, n: number): Promise<string> {
  await c.query("INSERT INTO auth.users (id, email) VALUES ($1, $2) ON CONFLICT DO NOTHING", [uid(n), `u${n}@example.com`]);
  return uid(n);
}
