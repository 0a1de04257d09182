// Seed data of the agentflow module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("agentflow");
});
afterAll(async () => {
  await s?.drop();
});

describe("agentflow seed data", () => {
  it("agentflow: replies point at an earlier message of the same conversation; lead scores follow status", async () => {
    const bad = await q(`
      SELECT m.id FROM agentflow.messages m JOIN agentflow.messages p ON p.id = m.parent_message_id
       WHERE p.conversation_id <> m.conversation_id OR p.created_at >= m.created_at`);
    expect(bad).toEqual([]);
    const [scores] = await q(`SELECT avg(score) FILTER (WHERE status = 'won') > avg(score) FILTER (WHERE status = 'lost') AS ok FROM agentflow.leads`);
    expect(scores?.ok).toBe(true);
  });
});
