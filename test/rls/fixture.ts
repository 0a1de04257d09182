// The rows the access matrix is checked against. One target row per table, all belonging to OWNER
// (in contact_center: about an agent OWNER supervises). Loaded once as the database owner.

export const ACTORS_IDS = {
  owner: "00000000-0000-4000-8000-0000000000a1",
  other: "00000000-0000-4000-8000-0000000000b2",
  supervisor: "00000000-0000-4000-8000-0000000000c3",
  admin: "00000000-0000-4000-8000-0000000000d4",
} as const;

const O = ACTORS_IDS.owner;

/** The target row's id per table (schema.table). */
export const TARGET: Record<string, string> = {
  "support.users": O,
  "support.conversations": "10000000-0000-4000-8000-000000000001",
  "support.messages": "10000000-0000-4000-8000-000000000002",
  "support.escalations": "10000000-0000-4000-8000-000000000003",
  "jobs.jobs": "20000000-0000-4000-8000-000000000001",
  "voice.agent_configurations": "30000000-0000-4000-8000-000000000001",
  "voice.test_calls": "30000000-0000-4000-8000-000000000002",
  "voice.call_results": "30000000-0000-4000-8000-000000000003",
  "agentflow.profiles": O,
  "agentflow.conversations": "40000000-0000-4000-8000-000000000001",
  "agentflow.messages": "40000000-0000-4000-8000-000000000002",
  "agentflow.leads": "40000000-0000-4000-8000-000000000003",
  "agentflow.workflow_executions": "40000000-0000-4000-8000-000000000004",
  "agentflow.agent_messages": "40000000-0000-4000-8000-000000000005",
  "agentflow.shared_memory": "40000000-0000-4000-8000-000000000006",
  "contact_center.users": O,
  "contact_center.agents": "50000000-0000-4000-8000-000000000001",
  "contact_center.interactions": "50000000-0000-4000-8000-000000000002",
  "contact_center.interaction_archives": "50000000-0000-4000-8000-000000000003",
  "contact_center.realtime_metrics": "50000000-0000-4000-8000-000000000004",
  "contact_center.tool_permissions": "50000000-0000-4000-8000-000000000005",
  "contact_center.agent_tools": "50000000-0000-4000-8000-000000000006",
};

const t = (table: string) => `'${TARGET[table]}'`;
const { other: X, supervisor: S, admin: A } = ACTORS_IDS;

export const FIXTURE_SQL = `
INSERT INTO auth.users (id, email, role, aud) VALUES
  ('${O}', 'owner@example.com', 'authenticated', 'authenticated'),
  ('${X}', 'other@example.com', 'authenticated', 'authenticated'),
  ('${S}', 'supervisor@example.com', 'authenticated', 'authenticated'),
  ('${A}', 'admin@example.com', 'authenticated', 'authenticated');

INSERT INTO support.users (id, email, full_name) VALUES ('${O}', 'owner@example.com', 'Olive Owner'), ('${X}', 'other@example.com', 'Otto Other');
INSERT INTO support.conversations (id, user_id) VALUES (${t("support.conversations")}, '${O}');
INSERT INTO support.messages (id, conversation_id, role, content) VALUES (${t("support.messages")}, ${t("support.conversations")}, 'user', 'My order never arrived');
INSERT INTO support.escalations (id, conversation_id, user_id, reason, original_request)
  VALUES (${t("support.escalations")}, ${t("support.conversations")}, '${O}', 'Customer asked for a human', 'My order never arrived');

INSERT INTO jobs.jobs (id, user_id, job_type, name) VALUES (${t("jobs.jobs")}, '${O}', 'export', 'nightly export');

INSERT INTO voice.agent_configurations (id, name, scenario_type, prompt, created_by)
  VALUES (${t("voice.agent_configurations")}, 'Check-in agent', 'check-in', 'Ask the driver for location and ETA.', '${O}');
INSERT INTO voice.test_calls (id, configuration_id, scenario_type, driver_name, driver_phone, load_number, status, started_at, ended_at, duration_seconds, created_by)
  VALUES (${t("voice.test_calls")}, ${t("voice.agent_configurations")}, 'check-in', 'Dana Driver', '+15555550101', 'LD-1001', 'completed',
          '2026-10-01T10:00:00Z', '2026-10-01T10:02:30Z', 150, '${O}');
INSERT INTO voice.call_results (id, test_call_id, transcript, structured_data)
  VALUES (${t("voice.call_results")}, ${t("voice.test_calls")}, 'Agent: Where are you? Driver: Near Dallas, ETA 3pm.', '{"location": "Dallas"}');

INSERT INTO agentflow.profiles (id, email, full_name) VALUES ('${O}', 'owner@example.com', 'Olive Owner'), ('${X}', 'other@example.com', 'Otto Other');
INSERT INTO agentflow.conversations (id, profile_id, title) VALUES (${t("agentflow.conversations")}, '${O}', 'Pricing question');
INSERT INTO agentflow.messages (id, conversation_id, sender_type, content) VALUES (${t("agentflow.messages")}, ${t("agentflow.conversations")}, 'user', 'How much is the team plan?');
INSERT INTO agentflow.leads (id, assigned_to, conversation_id, full_name, email, score)
  VALUES (${t("agentflow.leads")}, '${O}', ${t("agentflow.conversations")}, 'Lee Lead', 'lee@example.com', 60);
INSERT INTO agentflow.workflow_executions (id, conversation_id, workflow_name) VALUES (${t("agentflow.workflow_executions")}, ${t("agentflow.conversations")}, 'qualify-lead');
INSERT INTO agentflow.agent_messages (id, workflow_execution_id, from_agent, to_agent, message_type)
  VALUES (${t("agentflow.agent_messages")}, ${t("agentflow.workflow_executions")}, 'router', 'sales', 'task');
INSERT INTO agentflow.shared_memory (id, conversation_id, memory_key, value) VALUES (${t("agentflow.shared_memory")}, ${t("agentflow.conversations")}, 'budget', '{"usd": 500}');

INSERT INTO contact_center.users (id, email, full_name, role, username, supervisor_type) VALUES
  ('${O}', 'owner@example.com', 'Olive Owner', 'supervisor', 'olive', 'voice'),
  ('${S}', 'supervisor@example.com', 'Sam Supervisor', 'supervisor', 'sam', 'voice'),
  ('${A}', 'admin@example.com', 'Ada Admin', 'admin', NULL, NULL);
INSERT INTO contact_center.agents (id, supervisor_id, name, agent_type) VALUES (${t("contact_center.agents")}, '${O}', 'Voice agent 1', 'voice');
INSERT INTO contact_center.agents (supervisor_id, name, agent_type) VALUES ('${S}', 'Voice agent 2', 'voice');
INSERT INTO contact_center.interactions (id, agent_id, channel, customer_phone, status, started_at, ended_at)
  VALUES (${t("contact_center.interactions")}, ${t("contact_center.agents")}, 'voice', '+15555550199', 'completed', '2026-10-01T09:00:00Z', '2026-10-01T09:05:00Z');
INSERT INTO contact_center.interaction_archives (id, interaction_id, phone_number, tags)
  VALUES (${t("contact_center.interaction_archives")}, ${t("contact_center.interactions")}, '+15555550199', '["billing"]');
INSERT INTO contact_center.realtime_metrics (id, interaction_id, recorded_at, sentiment)
  VALUES (${t("contact_center.realtime_metrics")}, ${t("contact_center.interactions")}, '2026-10-01T09:00:05Z', 0.4);
INSERT INTO contact_center.tool_permissions (id, agent_id, interaction_id, tool_name, requested_at)
  VALUES (${t("contact_center.tool_permissions")}, ${t("contact_center.agents")}, ${t("contact_center.interactions")}, 'refund', now());
INSERT INTO contact_center.agent_tools (id, agent_id, tool_name) VALUES (${t("contact_center.agent_tools")}, ${t("contact_center.agents")}, 'refund');
`;
