// Seed data of the contact_center module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("contact_center");
});
afterAll(async () => {
  await s?.drop();
});

describe("contact_center seed data", () => {
  it("contact_center: at most 3 agents per supervisor of its type, metrics every 5 s, permissions within 6 minutes, FCR applied", async () => {
    expect(
      await q(`SELECT count(*)::int AS n FROM (SELECT supervisor_id FROM contact_center.agents GROUP BY 1 HAVING count(*) > 3) x`),
    ).toEqual([{ n: 0 }]);
    expect(
      await q(`SELECT count(*)::int AS n FROM contact_center.agents a JOIN contact_center.users u ON u.id = a.supervisor_id WHERE u.supervisor_type <> a.agent_type`),
    ).toEqual([{ n: 0 }]);
    const [gaps] = await q(`
      SELECT count(*) FILTER (WHERE gap <> interval '5 seconds')::int AS bad FROM (
        SELECT recorded_at - lag(recorded_at) OVER (PARTITION BY interaction_id ORDER BY recorded_at) AS gap FROM contact_center.realtime_metrics) g
       WHERE gap IS NOT NULL`);
    expect(gaps?.bad).toBe(0);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.tool_permissions WHERE status = 'timed_out'")).not.toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.interaction_archives WHERE NOT first_contact_resolved")).not.toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.interaction_archives WHERE csat NOT BETWEEN 0 AND 100 OR jsonb_typeof(tags) <> 'array'")).toEqual([{ n: 0 }]);
  });
});
