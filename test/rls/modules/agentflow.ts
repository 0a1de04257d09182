// The agentflow module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;

export const matrix: Record<string, Row> = {
  "agentflow.profiles": ownerOnly("SIU-"),
  "agentflow.conversations": ownerOnly("SIUD"),
  "agentflow.messages": ownerOnly("SI--"),
  "agentflow.leads": ownerOnly("S-U-"),
  "agentflow.workflow_executions": ownerOnly("S---"),
  "agentflow.agent_messages": ownerOnly("S---"),
  "agentflow.shared_memory": ownerOnly("S---"),
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
INSERT INTO agentflow.profiles (id, email, full_name) VALUES ('${O}', 'owner@example.com', 'Olive Owner'), ('${X}', 'other@example.com', 'Otto Other');
INSERT INTO agentflow.conversations (id, profile_id, title) VALUES (${t("agentflow.conversations")}, '${O}', 'Pricing question');
INSERT INTO agentflow.messages (id, conversation_id, sender_type, content) VALUES (${t("agentflow.messages")}, ${t("agentflow.conversations")}, 'user', 'How much is the team plan?');
INSERT INTO agentflow.leads (id, assigned_to, conversation_id, full_name, email, score)
  VALUES (${t("agentflow.leads")}, '${O}', ${t("agentflow.conversations")}, 'Lee Lead', 'lee@example.com', 60);
INSERT INTO agentflow.workflow_executions (id, conversation_id, workflow_name) VALUES (${t("agentflow.workflow_executions")}, ${t("agentflow.conversations")}, 'qualify-lead');
INSERT INTO agentflow.agent_messages (id, workflow_execution_id, from_agent, to_agent, message_type)
  VALUES (${t("agentflow.agent_messages")}, ${t("agentflow.workflow_executions")}, 'router', 'sales', 'task');
INSERT INTO agentflow.shared_memory (id, conversation_id, memory_key, value) VALUES (${t("agentflow.shared_memory")}, ${t("agentflow.conversations")}, 'budget', '{"usd": 500}');
`;
