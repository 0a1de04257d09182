// The rules the agentflow module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document intended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../providers/postgres/client";
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
  it("replies stay in their conversation and come after their parent; conversation ids are unique", async () => {
    await withClient(db.url, async (c) => {
      const p = await user(c, 40);
      await c.query("INSERT INTO agentflow.profiles (id, email, full_name) VALUES ($1, 'p40@example.com', 'Pat Doe')", [p]);
      const conv = async (key: string) => (await c.query("INSERT INTO agentflow.conversations (conversation_id, user_id, role, content) VALUES ($1, $2, 'user', 'hi') RETURNING conversation_id", [key, p])).rows[0].conversation_id as string;
      const [c1, c2] = [await conv("conv_rules_1"), await conv("conv_rules_2")];
      await expect(conv("conv_rules_1")).rejects.toThrow(/conversations_conversation_id_key/);
      const generated = await c.query("INSERT INTO agentflow.conversations (user_id) VALUES ($1) RETURNING conversation_id, status, channel, metadata", [p]);
      expect(generated.rows[0]).toMatchObject({ status: "active", channel: "web", metadata: {} });
      expect(generated.rows[0].conversation_id).toMatch(/^conv_[0-9a-f]{32}$/);
      const root = (await c.query("INSERT INTO agentflow.messages (conversation_id, sender_type, content) VALUES ($1, 'user', 'hi') RETURNING id", [c1])).rows[0].id as string;
      await c.query("INSERT INTO agentflow.messages (conversation_id, parent_message_id, sender_type, sender_id, content) VALUES ($1, $2, 'assistant', 'agentflow-assistant', 'hello')", [c1, root]);
      await expect(c.query("INSERT INTO agentflow.messages (conversation_id, parent_message_id, sender_type, content) VALUES ($1, $2, 'user', 'x')", [c2, root])).rejects.toThrow(/another conversation/);
      await expect(c.query("INSERT INTO agentflow.messages (conversation_id, parent_message_id, content, created_at) VALUES ($1, $2, 'x', now() - interval '1 day')", [c1, root])).rejects.toThrow(/older than the message it replies to/);
      await expect(c.query("INSERT INTO agentflow.messages (conversation_id, content) VALUES ('conv_nobody', 'x')")).rejects.toThrow(/foreign key/);
      // A conversation's messages and memory go with it.
      await c.query("INSERT INTO agentflow.shared_memory (conversation_id, memory_key, memory_value) VALUES ($1, 'k', '1')", [c2]);
      await c.query("DELETE FROM agentflow.conversations WHERE conversation_id = $1", [c2]);
      expect((await c.query("SELECT count(*)::int AS n FROM agentflow.shared_memory WHERE conversation_id = $1", [c2])).rows[0].n).toBe(0);
    });
  });

  it("shared memory keys are unique per (conversation, key, scope); access counts are never negative", async () => {
    await withClient(db.url, async (c) => {
      const p = await user(c, 41);
      await c.query("INSERT INTO agentflow.profiles (id) VALUES ($1)", [p]);
      await c.query("INSERT INTO agentflow.conversations (conversation_id, user_id) VALUES ('conv_rules_mem', $1)", [p]);
      const put = (scope: string, value: string) => c.query("INSERT INTO agentflow.shared_memory (conversation_id, memory_key, scope, memory_value) VALUES ('conv_rules_mem', 'budget', $1, $2)", [scope, value]);
      await put("session", "1");
      await put("workflow", "2");
      await expect(put("session", "3")).rejects.toThrow(/shared_memory_conversation_id_memory_key_scope_key/);
      await expect(put("conversation", "3")).rejects.toThrow(/check constraint/);
      await expect(c.query("UPDATE agentflow.shared_memory SET access_count = -1 WHERE conversation_id = 'conv_rules_mem'")).rejects.toThrow(/check constraint/);
    });
  });

  it("lead scores are 0-100, statuses come from lead_status; workflow timestamps are in order; updated_at follows updates", async () => {
    await withClient(db.url, async (c) => {
      await expect(c.query("INSERT INTO agentflow.leads (name, email, lead_score) VALUES ('L', 'l@example.com', 101)")).rejects.toThrow(/check constraint/);
      await expect(c.query("INSERT INTO agentflow.leads (name, status) VALUES ('L', 'hot')")).rejects.toThrow(/invalid input value for enum/);
      const lead = await c.query("INSERT INTO agentflow.leads (name, services_interested) VALUES ('L', ARRAY['AI support agent']) RETURNING id, status, lead_score, updated_at");
      expect(lead.rows[0]).toMatchObject({ status: "new", lead_score: 0 });
      await c.query("SELECT pg_sleep(0.01)");
      const after = await c.query("UPDATE agentflow.leads SET status = 'contacted' WHERE id = $1 RETURNING updated_at", [lead.rows[0].id]);
      expect(after.rows[0].updated_at.getTime()).toBeGreaterThanOrEqual(lead.rows[0].updated_at.getTime());
      await expect(c.query("INSERT INTO agentflow.workflow_executions (workflow_type, completed_at) VALUES ('lead_qualification', now())")).rejects.toThrow(/workflow_executions_completion_order/);
      await expect(c.query("INSERT INTO agentflow.workflow_executions (workflow_type, started_at, completed_at) VALUES ('lead_qualification', now() + interval '1 minute', now())")).rejects.toThrow(/check constraint/);
      const wf = await c.query("INSERT INTO agentflow.workflow_executions (workflow_type) VALUES ('lead_qualification') RETURNING id, current_state, participating_agents");
      expect(wf.rows[0]).toMatchObject({ current_state: "pending", participating_agents: [] });
      await expect(c.query("INSERT INTO agentflow.agent_messages (workflow_execution_id, agent_name, message_type) VALUES ($1, 'crm_agent', 'handoff')", [wf.rows[0].id])).rejects.toThrow(/check constraint/);
    });
  });
});
