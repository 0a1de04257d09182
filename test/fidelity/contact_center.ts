// contact_center.md ("Table Definitions" 1-9, "Analytics Views", "Database Functions", "Indexes for
// Performance", "Data Retention & Cleanup") written down as data: what the SOURCE says, for the
// fidelity test to hold the live database to. Where the module deliberately differs (a broken
// source construct), `accept` or a comment says so; docs/modules/contact_center.md has each row.
import type { SourceModule } from "./types";

const uuidPk = { name: "id", type: "uuid", notNull: true, default: "uuid_generate_v4()" } as const;
const tz = "timestamp with time zone";

export const source: SourceModule = {
  module: "contact_center",
  document: "contact_center.md",
  tables: [
    {
      name: "users",
      columns: [
        uuidPk,
        { name: "email", type: "character varying(255)", notNull: true },
        { name: "role", type: "character varying(20)", notNull: true, checkValues: ["admin", "supervisor"] },
        { name: "name", type: "character varying(255)", notNull: true },
        { name: "username", type: "character varying(100)" },
        { name: "supervisor_type", type: "character varying(20)", checkValues: ["voice", "chat"] },
        { name: "created_at", type: tz, default: "now()" },
        { name: "updated_at", type: tz, default: "now()" },
      ],
      unique: [["email"], ["username"]],
      // The module adds users.id -> auth.users(id) ON DELETE CASCADE ("Managed by Supabase Auth").
      indexes: [{ columns: ["username"], unique: true }, { columns: ["email"] }, { columns: ["role"] }, { columns: ["supervisor_type"] }],
    },
    {
      name: "agents",
      columns: [
        uuidPk,
        { name: "supervisor_id", type: "uuid", notNull: true },
        { name: "name", type: "character varying(255)", notNull: true },
        { name: "agent_type", type: "character varying(20)", notNull: true, checkValues: ["voice", "chat"] },
        { name: "system_prompt", type: "text", notNull: true },
        { name: "mcp_tools", type: "jsonb" },
        { name: "status", type: "character varying(20)", default: "'idle'", checkValues: ["idle", "in_call", "in_chat", "paused"] },
        { name: "created_at", type: tz, default: "now()" },
        { name: "updated_at", type: tz, default: "now()" },
      ],
      foreignKeys: [{ columns: ["supervisor_id"], references: "users", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [{ columns: ["supervisor_id"] }, { columns: ["status"] }, { columns: ["agent_type"] }],
    },
    {
      name: "interactions",
      columns: [
        uuidPk,
        { name: "agent_id", type: "uuid", notNull: true },
        { name: "phone_number", type: "character varying(50)", notNull: true },
        { name: "interaction_type", type: "character varying(20)", notNull: true, checkValues: ["voice", "chat"] },
        { name: "livekit_room_id", type: "character varying(255)" },
        { name: "status", type: "character varying(20)", default: "'active'", checkValues: ["active", "completed", "failed"] },
        { name: "started_at", type: tz, default: "now()" },
        { name: "ended_at", type: tz },
        { name: "duration_seconds", type: "integer" },
        { name: "created_at", type: tz, default: "now()" },
      ],
      foreignKeys: [{ columns: ["agent_id"], references: "agents", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [
        { columns: ["agent_id"] },
        { columns: ["phone_number"] },
        { columns: ["status"] },
        { columns: ["started_at"] },
        { columns: ["agent_id", "status", "started_at"] },
        { columns: ["phone_number", "started_at"] },
      ],
    },
    {
      name: "interaction_archives",
      columns: [
        uuidPk,
        { name: "interaction_id", type: "uuid", notNull: true },
        { name: "summary", type: "text", notNull: true },
        { name: "issues", type: "jsonb" },
        { name: "tags", type: "jsonb" },
        { name: "csat_score", type: "numeric(5,2)" },
        { name: "resolution_time_seconds", type: "integer" },
        { name: "fcr_status", type: "boolean", default: "true" },
        { name: "created_at", type: tz, default: "now()" },
      ],
      unique: [["interaction_id"]],
      foreignKeys: [{ columns: ["interaction_id"], references: "interactions", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [
        { columns: ["interaction_id"] },
        { columns: ["created_at"] },
        { columns: ["fcr_status"] },
        { columns: ["tags"], method: "gin" },
        { columns: ["issues"], method: "gin" },
      ],
    },
    {
      name: "realtime_metrics",
      columns: [
        { name: "id", type: "bigint", notNull: true, default: "nextval(" },
        { name: "interaction_id", type: "uuid", notNull: true },
        { name: "timestamp", type: tz, default: "now()" },
        { name: "sentiment", type: "character varying(20)", checkValues: ["good", "neutral", "critical"] },
        { name: "satisfaction_score", type: "numeric(5,2)" },
        { name: "feed_text", type: "text" },
        { name: "created_at", type: tz, default: "now()" },
      ],
      foreignKeys: [{ columns: ["interaction_id"], references: "interactions", refColumns: ["id"], onDelete: "CASCADE" }],
      // idx_realtime_metrics_cleanup: the source's predicate (created_at < NOW() - 24h) cannot be
      // created; the module keeps the index on created_at without it.
      indexes: [{ columns: ["interaction_id"] }, { columns: ["timestamp"] }, { columns: ["created_at"] }],
    },
    {
      name: "tool_permissions",
      columns: [
        uuidPk,
        { name: "interaction_id", type: "uuid", notNull: true },
        { name: "tool_name", type: "character varying(255)", notNull: true },
        { name: "tool_description", type: "text" },
        { name: "requested_at", type: tz, default: "now()" },
        { name: "supervisor_response", type: "character varying(20)", checkValues: ["allowed", "denied", "timeout"] },
        { name: "responded_at", type: tz },
        { name: "status", type: "character varying(20)", default: "'pending'", checkValues: ["pending", "allowed", "denied", "timeout"] },
        { name: "created_at", type: tz, default: "now()" },
      ],
      foreignKeys: [{ columns: ["interaction_id"], references: "interactions", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [{ columns: ["interaction_id"] }, { columns: ["status"] }, { columns: ["requested_at"] }],
    },
    {
      name: "agent_tools",
      columns: [
        uuidPk,
        { name: "agent_id", type: "uuid", notNull: true },
        { name: "tool_name", type: "character varying(255)", notNull: true },
        { name: "tool_config", type: "jsonb" },
        { name: "requires_permission", type: "boolean", default: "false" },
        { name: "created_at", type: tz, default: "now()" },
      ],
      unique: [["agent_id", "tool_name"]],
      foreignKeys: [{ columns: ["agent_id"], references: "agents", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [{ columns: ["agent_id"] }, { columns: ["requires_permission"] }],
    },
  ],
  views: [
    {
      name: "supervisor_performance",
      columns: ["supervisor_id", "supervisor_name", "supervisor_type", "total_agents", "total_interactions", "active_interactions", "avg_csat", "avg_resolution_time", "fcr_percentage"],
    },
    { name: "agent_performance", columns: ["agent_id", "agent_name", "supervisor_id", "status", "total_interactions", "avg_csat", "avg_handle_time", "fcr_percentage"] },
  ],
  functions: [
    { name: "update_fcr_on_followup", args: "" },
    { name: "calculate_performance_score", args: "uuid, character varying" },
    { name: "cleanup_old_archives", args: "integer" },
  ],
  // The source's check_fcr_on_new_interaction (AFTER INSERT ON interactions) reads an archive that
  // cannot exist yet; the module fires update_fcr_on_followup when the archive is inserted.
  triggers: [{ table: "interaction_archives", name: "check_fcr_on_new_archive" }],
};
