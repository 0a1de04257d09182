// jobs.md ("Database Schema", "Indexes and Performance", "Database Views", "Database Functions")
// written down as data: what the SOURCE says (docs/modules/jobs.md lists where the module differs).
import type { SourceModule } from "./types";

const ts = "timestamp with time zone";

export const source: SourceModule = {
  module: "jobs",
  document: "jobs.md",
  enums: [{ name: "job_status", values: ["pending", "running", "completed", "failed", "cancelled"] }],
  tables: [
    {
      name: "jobs",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "user_id", type: "uuid" },
        { name: "agent_identifier", type: "text", notNull: true },
        {
          name: "status",
          type: "job_status",
          notNull: true,
          default: "'pending'",
          checkValues: ["pending", "running", "completed", "failed", "cancelled"],
          // The same enum: format_type() prints it schema-qualified because the module's schema is not on the search_path.
          accept: { type: "jobs.job_status", reason: "the source's enum, in the module's schema (format_type qualifies it)" },
        },
        { name: "job_data", type: "jsonb" },
        { name: "result", type: "jsonb" },
        { name: "error_message", type: "text" },
        { name: "created_at", type: ts, default: "now()" },
        { name: "updated_at", type: ts, default: "now()" },
        { name: "started_at", type: ts },
        { name: "completed_at", type: ts },
      ],
      foreignKeys: [{ columns: ["user_id"], references: "auth.users", onDelete: "CASCADE" }],
      indexes: [
        { columns: ["user_id"] },
        { columns: ["status"] },
        { columns: ["created_at"] },
        { columns: ["agent_identifier"] },
        { columns: ["updated_at"] },
        { columns: ["user_id", "status"] },
        { columns: ["user_id", "created_at"] },
        { columns: ["status", "created_at"] },
        { columns: ["job_data"], method: "gin" },
      ],
    },
  ],
  views: [
    {
      name: "job_stats",
      columns: ["total_jobs", "pending_jobs", "running_jobs", "completed_jobs", "failed_jobs", "cancelled_jobs", "avg_processing_time"],
    },
  ],
  functions: [{ name: "get_job_stats", args: "uuid" }],
  // "updated_at ... (auto-updated)": the source says so without showing the trigger; the module's is this one.
  triggers: [{ table: "jobs", name: "jobs_set_updated_at" }],
};
