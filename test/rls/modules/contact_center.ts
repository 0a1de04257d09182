// The contact_center module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// The owner is a voice supervisor (the target agent is theirs), `supervisor` another voice supervisor,
// `admin` a contact_center admin, `other` a signed-in user with no contact_center profile.
// Writes of interactions, archives, realtime metrics and permission requests belong to the agent
// runtime (service_role). A supervisor's UPDATE of a tool permission request is an answer
// (status/supervisor_response): the matrix's no-op UPDATE (SET id = id) is not one, so it is refused.
import { ACTORS_IDS, all, type ColumnProbes, type ColumnRules, none, type Row } from "../actors";

const O = ACTORS_IDS.owner;
const { supervisor: S, admin: A } = ACTORS_IDS;

// With column-level grants, the row matrix's INSERT (every column, the id and times included) and
// UPDATE (SET id = id) are refused to authenticated callers by privilege; what they may write, column
// by column, is in columnRules below.
const row = (owner: string, admin: string): Row => ({ anon: none, owner, other: none, supervisor: none, admin, service_role: all, anonymous: none });
export const matrix: Record<string, Row> = {
  "contact_center.users": row("S---", "S--D"),
  // The target agent has an interaction: only an admin deletes it (its history goes with it).
  "contact_center.agents": row("S---", "S--D"),
  "contact_center.interactions": row("S---", "S--D"),
  "contact_center.interaction_archives": row("S---", "S---"),
  "contact_center.realtime_metrics": row("S---", "S---"),
  "contact_center.tool_permissions": row("S---", "S---"),
  "contact_center.agent_tools": row("S--D", "S--D"),
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
/** Fixture rows the probes point at: S's agent, O's second agent, a second interaction (no archive). */
const SAM_AGENT = "50000000-0000-4000-8000-000000000007";
const OWNER_AGENT_2 = "50000000-0000-4000-8000-000000000009";
const INTERACTION_2 = "50000000-0000-4000-8000-000000000008";
/** A third voice supervisor, none of the actors, without agents: where an admin may move an agent. */
const TESS = "00000000-0000-4000-8000-0000000000e7";

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO auth.users (id, email, role, aud) VALUES ('${TESS}', 'tess@example.com', 'authenticated', 'authenticated');
INSERT INTO contact_center.users (id, email, role, name, username, supervisor_type) VALUES ('${TESS}', 'tess@example.com', 'supervisor', 'Tess Third', 'tess', 'voice');
INSERT INTO contact_center.users (id, email, role, name, username, supervisor_type) VALUES
  ('${O}', 'owner@example.com', 'supervisor', 'Olive Owner', 'olive', 'voice'),
  ('${S}', 'supervisor@example.com', 'supervisor', 'Sam Supervisor', 'sam', 'voice'),
  ('${A}', 'admin@example.com', 'admin', 'Ada Admin', NULL, NULL);
INSERT INTO contact_center.agents (id, supervisor_id, name, agent_type, system_prompt, mcp_tools) VALUES
  (${t("contact_center.agents")}, '${O}', 'Ava · Billing (Voice)', 'voice', 'You are Ava, a voice support agent.',
   '{"tools": [{"name": "issue_refund", "description": "Refund a payment", "requires_permission": true, "config": {"endpoint": "https://api.example.com/refunds", "auth_type": "bearer"}}]}');
INSERT INTO contact_center.agents (id, supervisor_id, name, agent_type, system_prompt) VALUES
  ('${SAM_AGENT}', '${S}', 'Nova · Orders (Voice)', 'voice', 'You are Nova, a voice support agent.'),
  ('${OWNER_AGENT_2}', '${O}', 'Leo · Account Access (Voice)', 'voice', 'You are Leo, a voice support agent.');
INSERT INTO contact_center.interactions (id, agent_id, phone_number, interaction_type, livekit_room_id, status, started_at, ended_at, duration_seconds)
  VALUES (${t("contact_center.interactions")}, ${t("contact_center.agents")}, '+15555550199', 'voice', 'call-_+15555550199_Qw3rTy7uIo9P', 'completed', '2026-10-01T09:00:00Z', '2026-10-01T09:05:00Z', 300);
INSERT INTO contact_center.interactions (id, agent_id, phone_number, interaction_type, livekit_room_id, status, started_at, ended_at, duration_seconds)
  VALUES ('${INTERACTION_2}', '${OWNER_AGENT_2}', '+15555550142', 'voice', 'call-_+15555550142_Lk2mN8bV5cX1', 'completed', '2026-10-01T10:00:00Z', '2026-10-01T10:04:00Z', 240);
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

// Who may write which column of the owner's rows (issue 11), checked cell by cell by
// test/rls/columns.test.ts. owner = the voice supervisor of the target agent, supervisor = another
// voice supervisor, other = a signed-in user with no contact_center profile, admin = a contact_center
// admin. Not listed = denied (42501 by privilege, policy or trigger, or a stamped value).
const none2 = { insert: [], update: [] } as const;
const everything = (except: { insert?: string[]; update?: string[] } = {}, cols: string[]) => ({
  insert: cols.filter((c) => !(except.insert ?? []).includes(c)),
  update: cols.filter((c) => !(except.update ?? []).includes(c)),
});
const COLS = {
  users: ["id", "email", "role", "name", "username", "supervisor_type", "created_at", "updated_at"],
  agents: ["id", "supervisor_id", "name", "agent_type", "system_prompt", "mcp_tools", "status", "created_at", "updated_at"],
  interactions: ["id", "agent_id", "phone_number", "interaction_type", "livekit_room_id", "status", "started_at", "ended_at", "duration_seconds", "created_at"],
  interaction_archives: ["id", "interaction_id", "summary", "issues", "tags", "csat_score", "resolution_time_seconds", "fcr_status", "created_at"],
  realtime_metrics: ["id", "interaction_id", "timestamp", "sentiment", "satisfaction_score", "feed_text", "created_at"],
  tool_permissions: ["id", "interaction_id", "tool_name", "tool_description", "requested_at", "supervisor_response", "responded_at", "status", "created_at", "responded_by"],
  agent_tools: ["id", "agent_id", "tool_name", "tool_config", "requires_permission", "created_at"],
};

export const columnRules: ColumnRules = {
  // Supervisors change their name and username; admins manage users (role and type only while the
  // supervisor has no agents: the target supervisor has two); updated_at is stamped; ids never change.
  "contact_center.users": {
    owner: { insert: [], update: ["name", "username"] },
    other: none2,
    supervisor: none2,
    admin: { insert: ["id", "email", "role", "name", "username", "supervisor_type"], update: ["email", "name", "username"] },
    service_role: everything({ update: ["id", "role", "supervisor_type", "updated_at"] }, COLS.users),
  },
  // supervisor_id defaults to the caller, agent_type to the supervisor's (a different type is
  // refused); a supervisor cannot hand an agent to someone else; admins can.
  "contact_center.agents": {
    owner: { insert: ["name", "system_prompt", "mcp_tools", "status"], update: ["name", "system_prompt", "mcp_tools", "status"] },
    // Their own agent (supervisor_id defaults to them), not the owner's.
    supervisor: { insert: ["name", "system_prompt", "mcp_tools", "status"], update: [] },
    other: none2,
    admin: { insert: ["supervisor_id", "name", "system_prompt", "mcp_tools", "status"], update: ["supervisor_id", "name", "system_prompt", "mcp_tools", "status"] },
    service_role: everything({ insert: ["agent_type"], update: ["id", "agent_type", "updated_at"] }, COLS.agents),
  },
  // Written by the agent runtime only; interaction_type is the agent's.
  "contact_center.interactions": {
    owner: none2,
    supervisor: none2,
    other: none2,
    admin: none2,
    service_role: everything({ insert: ["interaction_type"], update: ["id", "interaction_type"] }, COLS.interactions),
  },
  "contact_center.interaction_archives": { owner: none2, supervisor: none2, other: none2, admin: none2, service_role: everything({ update: ["id"] }, COLS.interaction_archives) },
  "contact_center.realtime_metrics": { owner: none2, supervisor: none2, other: none2, admin: none2, service_role: everything({ update: ["id"] }, COLS.realtime_metrics) },
  // Supervisors and admins answer (status or supervisor_response); responded_at/responded_by are
  // stamped; a pending request has neither; nothing else is theirs to change.
  "contact_center.tool_permissions": {
    owner: { insert: [], update: ["status", "supervisor_response"] },
    supervisor: none2,
    other: none2,
    admin: { insert: [], update: ["status", "supervisor_response"] },
    service_role: everything({ insert: ["responded_at", "responded_by"], update: ["id", "responded_at", "responded_by"] }, COLS.tool_permissions),
  },
  "contact_center.agent_tools": {
    owner: { insert: ["agent_id", "tool_name", "tool_config", "requires_permission"], update: ["tool_name", "tool_config", "requires_permission"] },
    supervisor: none2,
    other: none2,
    admin: { insert: ["agent_id", "tool_name", "tool_config", "requires_permission"], update: ["tool_name", "tool_config", "requires_permission"] },
    service_role: everything({ update: ["id"] }, COLS.agent_tools),
  },
};

const LATER = "2030-01-01T00:00:00Z";
export const probes: ColumnProbes = {
  // A signed-up user with no profile yet (in auth.users).
  "contact_center.users.id": ACTORS_IDS.other,
  "contact_center.users.email": "olive.owner@example.com",
  "contact_center.users.role": "admin",
  "contact_center.users.name": "Olive O. Owner",
  "contact_center.users.username": "olive.o",
  "contact_center.users.supervisor_type": "chat",
  "contact_center.users.created_at": LATER,
  "contact_center.users.updated_at": LATER,
  "contact_center.agents.id": "50000000-0000-4000-8000-0000000000a1",
  "contact_center.agents.supervisor_id": TESS,
  "contact_center.agents.name": "Ava · Billing & Orders (Voice)",
  "contact_center.agents.agent_type": "chat",
  "contact_center.agents.system_prompt": "You are Ava. Keep every turn under two sentences.",
  "contact_center.agents.mcp_tools": { tools: [{ name: "lookup_invoice", description: "Look up invoices", requires_permission: false, config: { endpoint: "https://api.example.com/invoices" } }] },
  "contact_center.agents.status": "paused",
  "contact_center.agents.created_at": LATER,
  "contact_center.agents.updated_at": LATER,
  "contact_center.interactions.id": "50000000-0000-4000-8000-0000000000a2",
  "contact_center.interactions.agent_id": OWNER_AGENT_2,
  "contact_center.interactions.phone_number": "+15555550100",
  "contact_center.interactions.interaction_type": "chat",
  "contact_center.interactions.livekit_room_id": "call-_+15555550199_Aa1Bb2Cc3Dd4",
  "contact_center.interactions.status": "failed",
  "contact_center.interactions.started_at": "2026-10-01T08:58:00Z",
  "contact_center.interactions.ended_at": "2026-10-01T09:06:00Z",
  "contact_center.interactions.duration_seconds": 480,
  "contact_center.interactions.created_at": LATER,
  "contact_center.interaction_archives.id": "50000000-0000-4000-8000-0000000000a3",
  "contact_center.interaction_archives.interaction_id": INTERACTION_2,
  "contact_center.interaction_archives.summary": "Customer asked about a duplicate charge; the agent refunded it.",
  // A JSON array, sent as its text (the harness sends plain objects as JSON, arrays as PostgreSQL arrays).
  "contact_center.interaction_archives.issues": JSON.stringify([{ issue: "Duplicate charge", status: "unresolved", priority: "high" }]),
  "contact_center.interaction_archives.tags": { topics: ["billing"], sentiment: "negative", issues: [{ tag: "duplicate_charge", status: "unresolved" }] },
  "contact_center.interaction_archives.csat_score": 42.5,
  "contact_center.interaction_archives.resolution_time_seconds": 180,
  "contact_center.interaction_archives.fcr_status": false,
  "contact_center.interaction_archives.created_at": LATER,
  "contact_center.realtime_metrics.id": "5000000099",
  "contact_center.realtime_metrics.interaction_id": INTERACTION_2,
  "contact_center.realtime_metrics.timestamp": "2026-10-01T09:00:10Z",
  "contact_center.realtime_metrics.sentiment": "critical",
  "contact_center.realtime_metrics.satisfaction_score": 31.25,
  "contact_center.realtime_metrics.feed_text": "Caller sounds frustrated about the second charge",
  "contact_center.realtime_metrics.created_at": LATER,
  "contact_center.tool_permissions.id": "50000000-0000-4000-8000-0000000000a5",
  "contact_center.tool_permissions.interaction_id": INTERACTION_2,
  "contact_center.tool_permissions.tool_name": "retry_payment",
  "contact_center.tool_permissions.tool_description": "Retry the declined $42.17 payment",
  "contact_center.tool_permissions.requested_at": LATER,
  "contact_center.tool_permissions.supervisor_response": "denied",
  "contact_center.tool_permissions.responded_at": LATER,
  "contact_center.tool_permissions.status": "allowed",
  "contact_center.tool_permissions.created_at": LATER,
  "contact_center.tool_permissions.responded_by": A,
  "contact_center.agent_tools.id": "50000000-0000-4000-8000-0000000000a6",
  "contact_center.agent_tools.agent_id": OWNER_AGENT_2,
  "contact_center.agent_tools.tool_name": "lookup_invoice",
  "contact_center.agent_tools.tool_config": { endpoint: "https://api.example.com/invoices", method: "GET", auth_type: "bearer" },
  "contact_center.agent_tools.requires_permission": false,
  "contact_center.agent_tools.created_at": LATER,
};
