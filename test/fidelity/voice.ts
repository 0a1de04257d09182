// voice.md (section 2.1 "Core Tables", 4 "Row Level Security", 5.2 "JSONB Indexing") written down as
// data: what the SOURCE says, for the fidelity test to hold the live database to.
import type { SourceModule } from "./types";

export const source: SourceModule = {
  module: "voice",
  document: "voice.md",
  tables: [
    {
      name: "agent_configurations",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "name", type: "character varying(255)", notNull: true },
        { name: "system_prompt", type: "text", notNull: true },
        { name: "scenario_type", type: "character varying(50)", notNull: true, checkValues: ["check-in", "emergency"] },
        { name: "retell_settings", type: "jsonb", default: '"voice_id": "default"' },
        { name: "conversation_config", type: "jsonb", default: '"emergency_keywords": ["accident", "blowout", "breakdown", "injured"]' },
        { name: "created_at", type: "timestamp with time zone", default: "now()" },
        { name: "updated_at", type: "timestamp with time zone", default: "now()" },
        { name: "created_by", type: "uuid" },
        { name: "is_active", type: "boolean", default: "true" },
      ],
      foreignKeys: [{ columns: ["created_by"], references: "auth.users", refColumns: ["id"], onDelete: "SET NULL" }],
      indexes: [{ columns: ["scenario_type"] }, { columns: ["is_active"] }, { columns: ["created_at"] }],
    },
    {
      name: "test_calls",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "agent_config_id", type: "uuid", notNull: true },
        { name: "driver_name", type: "character varying(255)", notNull: true },
        { name: "phone_number", type: "character varying(20)", notNull: true },
        { name: "load_number", type: "character varying(100)", notNull: true },
        { name: "retell_call_id", type: "character varying(255)" },
        { name: "retell_agent_id", type: "character varying(255)" },
        {
          name: "status",
          type: "character varying(50)",
          notNull: true,
          default: "'initiated'",
          checkValues: ["initiated", "ringing", "in_progress", "completed", "failed", "no_answer", "busy"],
        },
        { name: "duration_seconds", type: "integer" },
        { name: "started_at", type: "timestamp with time zone" },
        { name: "ended_at", type: "timestamp with time zone" },
        { name: "error_message", type: "text" },
        { name: "retry_count", type: "integer", default: "0" },
        { name: "created_at", type: "timestamp with time zone", default: "now()" },
        { name: "updated_at", type: "timestamp with time zone", default: "now()" },
      ],
      unique: [["retell_call_id"]],
      foreignKeys: [{ columns: ["agent_config_id"], references: "agent_configurations", refColumns: ["id"], onDelete: "CASCADE" }],
      indexes: [{ columns: ["agent_config_id"] }, { columns: ["status"] }, { columns: ["retell_call_id"] }, { columns: ["created_at"] }, { columns: ["phone_number"] }],
    },
    {
      name: "call_results",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "call_id", type: "uuid", notNull: true },
        { name: "transcript", type: "text", notNull: true },
        { name: "transcript_object", type: "jsonb" },
        { name: "structured_data", type: "jsonb", notNull: true },
        { name: "extraction_model", type: "character varying(100)" },
        { name: "extraction_confidence", type: "numeric(3,2)" },
        { name: "extraction_timestamp", type: "timestamp with time zone", default: "now()" },
        { name: "sentiment_score", type: "numeric(3,2)" },
        { name: "call_quality_score", type: "numeric(3,2)" },
        { name: "recording_url", type: "text" },
        { name: "created_at", type: "timestamp with time zone", default: "now()" },
      ],
      foreignKeys: [{ columns: ["call_id"], references: "test_calls", refColumns: ["id"], onDelete: "CASCADE" }],
      // The source creates the GIN index twice (sections 2.1 and 5.2) under two names; one is kept.
      indexes: [{ columns: ["call_id"] }, { columns: ["created_at"] }, { columns: ["structured_data"], method: "gin" }],
    },
  ],
  functions: [{ name: "update_updated_at_column", args: "" }],
  triggers: [
    { table: "agent_configurations", name: "update_agent_config_updated_at" },
    { table: "test_calls", name: "update_test_calls_updated_at" },
  ],
};
