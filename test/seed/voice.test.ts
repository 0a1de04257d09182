// Seed data of the voice module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("voice");
});
afterAll(async () => {
  await s?.drop();
});

describe("voice seed data", () => {
  it("voice: drivers reused, realistic statuses, retries only on failed calls, results agree with their scenario", async () => {
    const [calls] = await q("SELECT count(*)::int AS calls, count(DISTINCT driver_phone)::int AS drivers FROM voice.test_calls");
    expect(calls?.drivers).toBeLessThan(calls?.calls / 3);
    const statuses = Object.fromEntries((await q("SELECT status, count(*)::int AS n FROM voice.test_calls GROUP BY 1")).map((r) => [r.status, r.n]));
    expect(statuses.completed).toBeGreaterThan(calls?.calls / 2);
    for (const s of ["no_answer", "busy", "failed"]) expect(statuses[s]).toBeGreaterThan(0);
    expect(await q("SELECT count(*)::int AS n FROM voice.test_calls WHERE retry_count > 0 AND status <> 'failed'")).toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM voice.test_calls WHERE load_number !~ '^LD-[0-9]{6}$'")).toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.test_call_id WHERE c.status <> 'completed'")).toEqual([{ n: 0 }]);
    const disagree = await q(`
      SELECT c.id FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.test_call_id
       WHERE r.structured_data ->> 'scenario' <> c.scenario_type
          OR r.structured_data ->> 'load_number' <> c.load_number
          OR (c.scenario_type = 'check-in' AND (
                position(r.structured_data ->> 'current_location' IN r.transcript) = 0
             OR position('About ' || (r.structured_data ->> 'eta_hours') || ' hours' IN r.transcript) = 0
             OR ((r.structured_data ->> 'delayed')::boolean AND position(r.structured_data ->> 'delay_reason' IN r.transcript) = 0)))
          OR (c.scenario_type = 'emergency' AND (
                position(r.structured_data ->> 'location' IN r.transcript) = 0
             OR ((r.structured_data ->> 'injuries')::boolean <> (r.transcript LIKE '%I''m hurt%'))
             OR ((r.structured_data ->> 'driver_safe')::boolean <> (r.transcript LIKE '%pulled over on the shoulder%'))))`);
    expect(disagree).toEqual([]);
    expect(await q("SELECT count(*)::int AS n FROM voice.call_results WHERE structured_data @> '{\"scenario\": \"emergency\"}'")).not.toEqual([{ n: 0 }]);
  });
});
