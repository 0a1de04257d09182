// Seed data of the jobs module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("jobs");
});
afterAll(async () => {
  await s?.drop();
});

describe("jobs seed data", () => {
  it("jobs: timestamps agree with status", async () => {
    const bad = await q(`
      SELECT id FROM jobs.jobs WHERE (status = 'pending' AND started_at IS NOT NULL) OR (status = 'running' AND completed_at IS NOT NULL)
         OR (status = 'failed' AND error_message IS NULL)`);
    expect(bad).toEqual([]);
  });
});
