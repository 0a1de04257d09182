// The contact_center module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// The owner is a voice supervisor (the target agent is theirs), `supervisor` another voice supervisor,
// `admin` a contact_center admin, `other` a signed-in user with no contact_center profile.
// Writes of interactions, archives, realtime metrics and permission requests belong to the agent
// runtime (service_role). A supervisor's UPDATE of a tool permission request is an answer
// (status/supervisor_response): the matrix's no-op UPDATE (SET id = id) is not one, so it is refused.
import { ACTORS_IDS, all, none, type Row, supervised } from "../actors";

const O = ACTORS_IDS.owner;
const { supervisor: S, admin: A } = ACTORS_IDS;

export const matrix: Record<string, Row> = {
  "contact_center.users": { anon: none, owner: "S-U-", other: none, supervisor: none, admin: all, service_role: all },
  "contact_center.agents": supervised("SIUD"),
  "contact_center.interactions": { ...supervised("S---"), admin: "S--D" },
  "contact_center.interaction_archives": supervised("S---"),
  "contact_center.realtime_metrics": supervised("S---"),
  "contact_center.tool_permissions": supervised("S---"),
  "contact_center.agent_tools": supervised("SIUD"),
};

export const targets: Record<string, string> = {
  "contact_center.users": O,
  "contact_center.agents": "50000000-0000-4000-8000-000000000001",
  "contact_center.interactions": "50000000-0000-4000-8000-000000000002",
  "contact_center.interaction_archives": "50000000-0000-4000-8000-000000000003",
  "contact_center.realtime_metrics": "5000000004",
  "contact_center.tool_permissions": "50000000-0000-4000-8000-000000000005",
  "contact_center.agent_tools": "50000000-0000-4000-8000-000000000006",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO contact_center.users (id, email, role, name, username, supervisor_type) VALUES
  ('${O}', 'owner@example.com', 'supervisor', 'Olive Owner', 'olive', 'voice'),
  ('${S}', 'supervisor@example.com', 'supervisor', 'Sam Supervisor', 'sam', 'voice'),
  ('${A}', 'admin@example.com', 'admin', 'Ada Admin', NULL, NULL);
INSERT INTO contact_center.agents (id, supervisor_id, name, agent_type, system_prompt, mcp_tools) VALUES
  (${t("contact_center.agents")}, '${O}', 'Ava · Billing (Voice)', 'voice', 'You are Ava, a voice support agent.',
   '{"tools": [{"name": "issue_refund", "description": "Refund a payment", "requires_permission": true, "config": {"endpoint": "https://api.example.com/refunds", "auth_type": "bearer"}}]}');
INSERT INTO contact_center.agents (supervisor_id, name, agent_type, system_prompt) VALUES ('${S}', 'Nova · Orders (Voice)', 'voice', 'You are Nova, a voice support agent.');
INSERT INTO contact_center.interactions (id, agent_id, phone_number, interaction_type, livekit_room_id, status, started_at, ended_at, duration_seconds)
  VALUES (${t("contact_center.interactions")}, ${t("contact_center.agents")}, '+15555550199', 'voice', 'call-_+15555550199_Qw3rTy7uIo9P', 'completed', '2026-10-01T09:00:00Z', '2026-10-01T09:05:00Z', 300);
INSERT INTO contact_center.interaction_archives (id, interaction_id, summary, issues, tags, csat_score, resolution_time_seconds)
  VALUES (${t("contact_center.interaction_archives")}, ${t("contact_center.interactions")}, 'Customer asked about a duplicate charge; refunded.',
          '[{"issue": "Duplicate charge", "status": "resolved", "priority": "high"}]',
          '{"topics": ["billing"], "sentiment": "positive", "issues": [{"tag": "duplicate_charge", "status": "resolved"}]}', 88.5, 240);
INSERT INTO contact_center.realtime_metrics (id, interaction_id, "timestamp", sentiment, satisfaction_score, feed_text)
  VALUES (${t("contact_center.realtime_metrics")}, ${t("contact_center.interactions")}, '2026-10-01T09:00:05Z', 'neutral', 55, 'Ava asks for the phone number on the account');
INSERT INTO contact_center.tool_permissions (id, interaction_id, tool_name, tool_description, requested_at)
  VALUES (${t("contact_center.tool_permissions")}, ${t("contact_center.interactions")}, 'issue_refund', 'Refund the duplicate $42.17 charge', now());
INSERT INTO contact_center.agent_tools (id, agent_id, tool_name, tool_config, requires_permission)
  VALUES (${t("contact_center.agent_tools")}, ${t("contact_center.agents")}, 'issue_refund', '{"endpoint": "https://api.example.com/refunds", "method": "POST", "auth_type": "bearer"}', true);
`;
