// The agentflow module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// In agentflow the owner is a sales rep who also chats with the assistant (their conversation, its
// messages and memory, the workflow they initiated, the lead assigned to them); `other` is a member
// with a conversation of their own; `supervisor` is another sales rep; `admin` has profiles.role
// 'admin' ("Admin privileges" in the source): reads everything, manages leads.
import { ACTORS_IDS, type Row } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;
const S = ACTORS_IDS.supervisor;
const A = ACTORS_IDS.admin;

const row = (owner: string, admin: string): Row => ({ anon: "----", owner, other: "----", supervisor: "----", admin, service_role: "SIUD" });

export const matrix: Record<string, Row> = {
  "agentflow.profiles": row("SIU-", "S---"),
  "agentflow.conversations": row("SIUD", "S---"),
  "agentflow.messages": row("SI--", "S---"),
  "agentflow.leads": row("SIU-", "SIUD"),
  "agentflow.workflow_executions": row("S---", "S---"),
  "agentflow.agent_messages": row("S---", "S---"),
  "agentflow.shared_memory": row("S---", "S---"),
};

export const targets: Record<string, string> = {
  "agentflow.profiles": O,
  "agentflow.conversations": "40000000-0000-4000-8000-000000000001",
  "agentflow.messages": "40000000-0000-4000-8000-000000000002",
  "agentflow.leads": "40000000-0000-4000-8000-000000000003",
  "agentflow.workflow_executions": "40000000-0000-4000-8000-000000000004",
  "agentflow.agent_messages": "40000000-0000-4000-8000-000000000005",
  "agentflow.shared_memory": "40000000-0000-4000-8000-000000000006",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO agentflow.profiles (id, email, full_name, role) VALUES
  ('${O}', 'owner@example.com', 'Olive Owner', 'sales'),
  ('${X}', 'other@example.com', 'Otto Other', 'member'),
  ('${S}', 'supervisor@example.com', 'Sam Sales', 'sales'),
  ('${A}', 'admin@example.com', 'Ada Admin', 'admin');
INSERT INTO agentflow.conversations (id, conversation_id, user_id, session_id, role, content) VALUES
  (${t("agentflow.conversations")}, 'conv_owner_0001', '${O}', 'sess_owner', 'user', 'How much is the Growth plan?'),
  ('40000000-0000-4000-8000-0000000000f1', 'conv_other_0001', '${X}', 'sess_other', 'user', 'Do you integrate with Zendesk?');
INSERT INTO agentflow.messages (id, conversation_id, sender_type, sender_id, content) VALUES
  (${t("agentflow.messages")}, 'conv_owner_0001', 'user', '${O}', 'How much is the Growth plan?'),
  ('40000000-0000-4000-8000-0000000000f2', 'conv_other_0001', 'user', '${X}', 'Do you integrate with Zendesk?');
INSERT INTO agentflow.leads (id, name, email, company, status, lead_score, assigned_to)
  VALUES (${t("agentflow.leads")}, 'Lee Lead', 'lee@acme.test', 'Acme', 'qualified', 60, '${O}');
INSERT INTO agentflow.workflow_executions (id, conversation_id, workflow_type, current_state, current_step, participating_agents, initiated_by)
  VALUES (${t("agentflow.workflow_executions")}, 'conv_owner_0001', 'lead_qualification', 'pending', 'intake', '{orchestrator}', '${O}');
INSERT INTO agentflow.agent_messages (id, workflow_execution_id, agent_name, message_type, content)
  VALUES (${t("agentflow.agent_messages")}, ${t("agentflow.workflow_executions")}, 'orchestrator', 'system', 'Plan: intake -> score_lead');
INSERT INTO agentflow.shared_memory (id, conversation_id, memory_key, memory_value, scope)
  VALUES (${t("agentflow.shared_memory")}, 'conv_owner_0001', 'budget', '{"usd": 500}', 'session');
`;
