// The rules the agentflow module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document intended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../stacks/postgres/client";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { applyModuleSql } from "../../helpers/modules";
import { testUser as user } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("rules_agentflow");
  // Twice: every file is re-runnable (a table dropped by hand is restored by running it again).
  await applyModuleSql(db.url, ["agentflow"], 2);
});
afterAll(async () => {
  await db?.drop();
});

describe("agentflow", () => {
  it("replies stay in their conversation; shared memory keys are unique per scope; lead scores are 0-100", async () => {
    await withClient(db.url, async (c) => {
      const p = await user(c, 40);
      await c.query("INSERT INTO agentflow.profiles (id, email, full_name) VALUES ($1, 'p40@x.io', 'Pat')", [p]);
      const conv = async () => (await c.query("INSERT INTO agentflow.conversations (profile_id, title) VALUES ($1, 't') RETURNING id", [p])).rows[0].id as string;
      const [c1, c2] = [await conv(), await conv()];
      const root = await c.query("INSERT INTO agentflow.messages (conversation_id, sender_type, content) VALUES ($1, 'user', 'hi') RETURNING id", [c1]);
      await c.query("INSERT INTO agentflow.messages (conversation_id, parent_message_id, sender_type, agent_name, content) VALUES ($1, $2, 'agent', 'router', 'hello')", [c1, root.rows[0].id]);
      await expect(c.query("INSERT INTO agentflow.messages (conversation_id, parent_message_id, sender_type, content) VALUES ($1, $2, 'user', 'x')", [c2, root.rows[0].id])).rejects.toThrow(/another conversation/);
      await c.query("INSERT INTO agentflow.shared_memory (conversation_id, memory_key, scope, value) VALUES ($1, 'budget', 'conversation', '1')", [c1]);
      await c.query("INSERT INTO agentflow.shared_memory (conversation_id, memory_key, scope, value) VALUES ($1, 'budget', 'workflow', '2')", [c1]);
      await expect(c.query("INSERT INTO agentflow.shared_memory (conversation_id, memory_key, scope, value) VALUES ($1, 'budget', 'conversation', '3')", [c1])).rejects.toThrow(/shared_memory_key_scope_unique/);
      await expect(c.query("INSERT INTO agentflow.leads (full_name, email, score) VALUES ('L', 'l@x.io', 101)")).rejects.toThrow(/check constraint/);
    });
  });
});
