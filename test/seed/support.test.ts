// Seed data of the support module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("support");
});
afterAll(async () => {
  await s?.drop();
});

describe("support seed data", () => {
  it("support: unique emails from names, increasing conversations, alternating messages, escalations quoting a member", async () => {
    expect(await q("SELECT count(*) - count(DISTINCT email) AS dup FROM support.users")).toEqual([{ dup: "0" }]);
    const [named] = await q(
      "SELECT bool_and(lower(email) LIKE '%' || lower(regexp_replace(split_part(full_name, ' ', 2), '[^A-Za-z0-9]', '', 'g')) || '%') AS ok FROM support.users",
    );
    expect(named?.ok).toBe(true);
    const [alternating] = await q(`
      SELECT bool_and(role = CASE WHEN rn % 2 = 1 THEN 'user' ELSE 'assistant' END) AS ok
        FROM (SELECT role, row_number() OVER (PARTITION BY conversation_id ORDER BY created_at) AS rn FROM support.messages) m`);
    expect(alternating?.ok).toBe(true);
    const [increasing] = await q(`
      SELECT bool_and(created_at > prev) AS ok FROM (
        SELECT created_at, lag(created_at) OVER (PARTITION BY user_id ORDER BY created_at) AS prev FROM support.conversations) c
       WHERE prev IS NOT NULL`);
    expect(increasing?.ok).toBe(true);
    const [quoted] = await q(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM support.messages m WHERE m.conversation_id = e.conversation_id AND m.role = 'user' AND m.content = e.original_request))::int AS quoting
        FROM support.escalations e`);
    expect(quoted?.n).toBeGreaterThan(0);
    expect(quoted?.quoting).toBe(quoted?.n);
    const [share] = await q("SELECT (SELECT count(*) FROM support.escalations)::float / (SELECT count(*) FROM support.conversations) AS s");
    expect(share?.s).toBeLessThan(0.35);
  });
});
