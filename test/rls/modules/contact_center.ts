// The contact_center module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
import { ACTORS_IDS, type Row, none, all, supervised } from "../actors";

const O = ACTORS_IDS.owner;
const { other: X, supervisor: S, admin: A } = ACTORS_IDS;

export const matrix: Record<string, Row> = {
  "contact_center.users": { anon: none, owner: "S---", other: none, supervisor: none, admin: all, service_role: all },
  "contact_center.agents": supervised("SIUD"),
  "contact_center.interactions": supervised("SIU-"),
  "contact_center.interaction_archives": supervised("SI--"),
  "contact_center.realtime_metrics": supervised("S---"),
  "contact_center.tool_permissions": supervised("S-U-"),
  "contact_center.agent_tools": supervised("SIUD"),
};

export const targets: Record<string, string> = {
  "contact_center.users": O,
  "contact_center.agents": "50000000-0000-4000-8000-000000000001",
  "contact_center.interactions": "50000000-0000-4000-8000-000000000002",
  "contact_center.interaction_archives": "50000000-0000-4000-8000-000000000003",
  "contact_center.realtime_metrics": "50000000-0000-4000-8000-000000000004",
  "contact_center.tool_permissions": "50000000-0000-4000-8000-000000000005",
  "contact_center.agent_tools": "50000000-0000-4000-8000-000000000006",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
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
