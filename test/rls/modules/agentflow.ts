// The agentflow module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, the SQL that loads those rows, and the
// column write rules (which columns each actor may set on INSERT and change on UPDATE) with a probe
// value per column.
//
// In agentflow the owner is a sales rep who also chats with the assistant (their conversation, its
// messages and memory, the workflow they initiated, the lead assigned to them); `other` is a member
// with a conversation of their own; `supervisor` is another sales rep; `admin` has profiles.role
// 'admin' ("Admin privileges" in the source): reads everything, manages leads.
import { ACTORS_IDS, type ColumnProbes, type ColumnRule, type ColumnRules, type Row } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;
const S = ACTORS_IDS.supervisor;
const A = ACTORS_IDS.admin;
/** An auth user with an agentflow profile who is none of the actors (probe for owner columns). */
const NOBODY = "00000000-0000-4000-8000-0000000000af";
/** An auth user without a profile (probe for profiles.id). */
const NEWCOMER = "00000000-0000-4000-8000-0000000000ae";

// Row-level cells (test/rls/access-matrix.test.ts). With column privileges in place, an API user's
// I (re-inserting the whole row, server-owned columns included) and U (`SET id = id`) are refused by
// privilege: what they may write column by column is in columnRules below.
const row = (owner: string, admin: string): Row => ({ anon: "----", owner, other: "----", supervisor: "----", admin, service_role: "SIUD", anonymous: "----" });

export const matrix: Record<string, Row> = {
  "agentflow.profiles": row("S---", "S---"),
  "agentflow.conversations": row("S--D", "S---"),
  "agentflow.messages": row("S---", "S---"),
  "agentflow.leads": row("S---", "S--D"),
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
INSERT INTO auth.users (id, email, role, aud) VALUES
  ('${NOBODY}', 'nobody@agentflow.test', 'authenticated', 'authenticated'),
  ('${NEWCOMER}', 'newcomer@agentflow.test', 'authenticated', 'authenticated');
INSERT INTO agentflow.profiles (id, email, full_name, role) VALUES
  ('${O}', 'owner@example.com', 'Olive Owner', 'sales'),
  ('${X}', 'other@example.com', 'Otto Other', 'member'),
  ('${S}', 'supervisor@example.com', 'Sam Sales', 'sales'),
  ('${A}', 'admin@example.com', 'Ada Admin', 'admin'),
  ('${NOBODY}', 'nobody@agentflow.test', 'Noa Body', 'member');
INSERT INTO agentflow.conversations (id, conversation_id, user_id, session_id, role, content, channel, metadata) VALUES
  (${t("agentflow.conversations")}, 'conv_owner_0001', '${O}', 'sess_owner', 'user', 'How much is the Growth plan?', 'web', '{"topic": "pricing"}'),
  ('40000000-0000-4000-8000-0000000000f4', 'conv_owner_0002', '${O}', 'sess_owner2', 'user', 'Can you book a demo?', 'web', '{}'),
  ('40000000-0000-4000-8000-0000000000f1', 'conv_other_0001', '${X}', 'sess_other', 'user', 'Do you integrate with Zendesk?', 'web', '{}');
INSERT INTO agentflow.messages (id, conversation_id, sender_type, sender_id, content, created_at, updated_at) VALUES
  ('40000000-0000-4000-8000-0000000000f3', 'conv_owner_0001', 'user', '${O}', 'Hi there', now() - interval '1 hour', now() - interval '1 hour');
INSERT INTO agentflow.messages (id, conversation_id, sender_type, sender_id, content) VALUES
  (${t("agentflow.messages")}, 'conv_owner_0001', 'user', '${O}', 'How much is the Growth plan?'),
  ('40000000-0000-4000-8000-0000000000f2', 'conv_other_0001', 'user', '${X}', 'Do you integrate with Zendesk?');
INSERT INTO agentflow.leads (id, name, email, company, status, lead_score, services_interested, assigned_to)
  VALUES (${t("agentflow.leads")}, 'Lee Lead', 'lee@acme.test', 'Acme', 'qualified', 60, '{"AI support agent"}', '${O}');
INSERT INTO agentflow.workflow_executions (id, conversation_id, workflow_type, current_state, current_step, participating_agents, initiated_by, started_at) VALUES
  (${t("agentflow.workflow_executions")}, 'conv_owner_0001', 'lead_qualification', 'running', 'intake', '{orchestrator}', '${O}', now()),
  ('40000000-0000-4000-8000-0000000000f5', 'conv_owner_0002', 'meeting_scheduling', 'pending', 'collect_availability', '{orchestrator}', '${O}', NULL);
INSERT INTO agentflow.agent_messages (id, workflow_execution_id, agent_name, message_type, content)
  VALUES (${t("agentflow.agent_messages")}, ${t("agentflow.workflow_executions")}, 'orchestrator', 'system', 'Plan: intake -> score_lead');
INSERT INTO agentflow.shared_memory (id, conversation_id, memory_key, memory_value, scope)
  VALUES (${t("agentflow.shared_memory")}, 'conv_owner_0001', 'budget', '{"usd": 500}', 'session');
`;

// ---------------------------------------------------------------------------------------------
// Column write rules (issue 11). Columns not listed for an actor are refused: by privilege (42501),
// by a policy (owner columns such as user_id/assigned_to must be the caller; a member's turns are
// role/sender_type 'user'), or overwritten (messages.sender_id is stamped with the caller's id).

const ALL_BUT_UPDATED_AT = (columns: string[]): ColumnRule => ({ insert: "*", update: columns.filter((c) => c !== "updated_at") });
const service = (columns: string[]) => ({ service_role: ALL_BUT_UPDATED_AT(columns) });

const COLUMNS = {
  profiles: ["id", "email", "full_name", "role", "created_at", "updated_at"],
  conversations: ["id", "conversation_id", "user_id", "session_id", "role", "content", "status", "channel", "metadata", "created_at", "updated_at"],
  messages: ["id", "conversation_id", "parent_message_id", "sender_type", "sender_id", "content", "message_type", "status", "metadata", "created_at", "updated_at"],
  leads: ["id", "name", "email", "phone", "company", "status", "lead_score", "services_interested", "budget_range", "timeline", "source", "notes", "assigned_to", "metadata", "created_at", "updated_at"],
  workflow_executions: [
    "id",
    "conversation_id",
    "workflow_type",
    "current_state",
    "current_step",
    "participating_agents",
    "initiated_by",
    "workflow_config",
    "execution_plan",
    "results",
    "error_message",
    "started_at",
    "completed_at",
    "updated_at",
    "created_at",
  ],
  agent_messages: ["id", "workflow_execution_id", "agent_name", "message_type", "content", "status", "tool_calls", "context_data", "error_details", "created_at", "updated_at", "processed_at"],
  shared_memory: ["id", "conversation_id", "memory_key", "memory_value", "scope", "access_count", "last_accessed_at", "metadata", "created_at", "updated_at"],
};

/** A conversation of one's own: where it came from and the opening text (its conversation_id is generated; role and user_id are the caller's). */
const OPEN_CONVERSATION = ["session_id", "content", "channel", "metadata"];
/** What a sales rep writes on a lead of their own (assigned_to stays theirs; only admins reassign). */
const WORK_LEAD = ["name", "email", "phone", "company", "status", "lead_score", "services_interested", "budget_range", "timeline", "source", "notes", "metadata"];
const nothing: ColumnRule = { insert: [], update: [] };

export const columnRules: ColumnRules = {
  // Roles are never user-writable: a profile's role is set by the service role only. The email
  // mirrors the auth user's: the owner keeps their own (copied with the row) but cannot set another
  // address (the probe is nobody's JWT email), so email itself is not theirs to write.
  "agentflow.profiles": {
    owner: { insert: ["full_name"], update: ["full_name"] },
    other: nothing,
    supervisor: nothing,
    admin: nothing,
    ...service(COLUMNS.profiles),
  },
  // Anyone signed in opens conversations of their own; only the owner changes status/metadata.
  "agentflow.conversations": {
    owner: { insert: OPEN_CONVERSATION, update: ["status", "metadata"] },
    other: { insert: OPEN_CONVERSATION, update: [] },
    supervisor: { insert: OPEN_CONVERSATION, update: [] },
    admin: { insert: OPEN_CONVERSATION, update: [] },
    ...service(COLUMNS.conversations),
  },
  // A member writes their own turns in their own conversations; messages are never edited by users.
  "agentflow.messages": {
    owner: { insert: ["conversation_id", "parent_message_id", "content", "message_type", "metadata"], update: [] },
    other: nothing,
    supervisor: nothing,
    admin: nothing,
    ...service(COLUMNS.messages),
  },
  // Sales reps add and work their own leads; admins write every lead column, assignment included.
  "agentflow.leads": {
    owner: { insert: WORK_LEAD, update: WORK_LEAD },
    other: nothing,
    supervisor: { insert: WORK_LEAD, update: [] },
    admin: { insert: [...WORK_LEAD, "assigned_to"], update: [...WORK_LEAD, "assigned_to"] },
    ...service(COLUMNS.leads),
  },
  // Written by the backend's agents only.
  "agentflow.workflow_executions": { ...service(COLUMNS.workflow_executions) },
  "agentflow.agent_messages": { ...service(COLUMNS.agent_messages) },
  "agentflow.shared_memory": { ...service(COLUMNS.shared_memory) },
};

const LATER = "2030-01-01T00:00:00Z";
const EARLIER = "2020-01-01T00:00:00Z";

export const probes: ColumnProbes = {
  "agentflow.profiles.id": NEWCOMER,
  "agentflow.profiles.email": "probe@example.org",
  "agentflow.profiles.full_name": "Pat Probe",
  "agentflow.profiles.role": "admin",
  "agentflow.profiles.created_at": EARLIER,
  "agentflow.profiles.updated_at": LATER,

  "agentflow.conversations.id": "40000000-0000-4000-8000-0000000000a1",
  "agentflow.conversations.conversation_id": "conv_probe_0001",
  "agentflow.conversations.user_id": NOBODY,
  "agentflow.conversations.session_id": "sess_probe",
  "agentflow.conversations.role": "assistant",
  "agentflow.conversations.content": "A forged opening turn",
  "agentflow.conversations.status": "completed",
  "agentflow.conversations.channel": "mobile",
  "agentflow.conversations.metadata": { probe: true },
  "agentflow.conversations.created_at": EARLIER,
  "agentflow.conversations.updated_at": LATER,

  "agentflow.messages.id": "40000000-0000-4000-8000-0000000000a2",
  // Another conversation of the owner's, and an earlier message of the target's conversation.
  "agentflow.messages.conversation_id": "conv_owner_0002",
  "agentflow.messages.parent_message_id": "40000000-0000-4000-8000-0000000000f3",
  "agentflow.messages.sender_type": "assistant",
  "agentflow.messages.sender_id": "agentflow-assistant",
  "agentflow.messages.content": "probe text",
  "agentflow.messages.message_type": "image",
  "agentflow.messages.status": "read",
  "agentflow.messages.metadata": { probe: true },
  "agentflow.messages.created_at": EARLIER,
  "agentflow.messages.updated_at": LATER,

  "agentflow.leads.id": "40000000-0000-4000-8000-0000000000a3",
  "agentflow.leads.name": "Pat Probe",
  "agentflow.leads.email": "pat@probe.test",
  "agentflow.leads.phone": "+15555550100",
  "agentflow.leads.company": "Probe Inc",
  "agentflow.leads.status": "won",
  "agentflow.leads.lead_score": 99,
  "agentflow.leads.services_interested": ["CRM integration"],
  "agentflow.leads.budget_range": "$5k-$10k per month",
  "agentflow.leads.timeline": "this quarter",
  "agentflow.leads.source": "referral",
  "agentflow.leads.notes": "probe note",
  "agentflow.leads.assigned_to": NOBODY,
  "agentflow.leads.metadata": { probe: true },
  "agentflow.leads.created_at": EARLIER,
  "agentflow.leads.updated_at": LATER,

  "agentflow.workflow_executions.id": "40000000-0000-4000-8000-0000000000a4",
  "agentflow.workflow_executions.conversation_id": "conv_owner_0002",
  "agentflow.workflow_executions.workflow_type": "research_brief",
  "agentflow.workflow_executions.current_state": "completed",
  "agentflow.workflow_executions.current_step": "review",
  "agentflow.workflow_executions.participating_agents": ["orchestrator", "research_agent"],
  "agentflow.workflow_executions.initiated_by": NOBODY,
  "agentflow.workflow_executions.workflow_config": { model: "gpt-4o" },
  "agentflow.workflow_executions.execution_plan": { steps: [{ order: 1, name: "review" }] },
  "agentflow.workflow_executions.results": { ok: true },
  "agentflow.workflow_executions.error_message": "probe error",
  "agentflow.workflow_executions.started_at": LATER,
  "agentflow.workflow_executions.completed_at": LATER,
  "agentflow.workflow_executions.updated_at": LATER,
  "agentflow.workflow_executions.created_at": EARLIER,

  "agentflow.agent_messages.id": "40000000-0000-4000-8000-0000000000a5",
  "agentflow.agent_messages.workflow_execution_id": "40000000-0000-4000-8000-0000000000f5",
  "agentflow.agent_messages.agent_name": "crm_agent",
  "agentflow.agent_messages.message_type": "tool_call",
  "agentflow.agent_messages.content": "probe",
  "agentflow.agent_messages.status": "completed",
  // A JSON array, sent as text (the harness sends JS arrays as PostgreSQL arrays).
  "agentflow.agent_messages.tool_calls": '[{"id": "call_probe", "type": "function"}]',
  "agentflow.agent_messages.context_data": { step: "probe" },
  "agentflow.agent_messages.error_details": "probe error",
  "agentflow.agent_messages.created_at": EARLIER,
  "agentflow.agent_messages.updated_at": LATER,
  "agentflow.agent_messages.processed_at": LATER,

  "agentflow.shared_memory.id": "40000000-0000-4000-8000-0000000000a6",
  "agentflow.shared_memory.conversation_id": "conv_owner_0002",
  "agentflow.shared_memory.memory_key": "timeline",
  "agentflow.shared_memory.memory_value": { value: "probe" },
  "agentflow.shared_memory.scope": "global",
  "agentflow.shared_memory.access_count": 7,
  "agentflow.shared_memory.last_accessed_at": LATER,
  "agentflow.shared_memory.metadata": { probe: true },
  "agentflow.shared_memory.created_at": EARLIER,
  "agentflow.shared_memory.updated_at": LATER,
};
