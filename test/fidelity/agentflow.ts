// agentflow.md written as data. The document lists columns, not SQL ("Schema Details"), so what it
// says is: the six tables and their columns with types, the CHECK-like value lists in parentheses,
// the defaults of the three "missing columns added" to conversations, UNIQUE(conversation_id,
// memory_key, scope), the five foreign keys of "Foreign Key Constraints", the lead_status enum by
// name (its values are the module's choice, see docs/modules/agentflow.md), and GIN indexes for
// JSONB fields. It says nothing about NOT NULL (beyond primary keys) or ON DELETE (so NO ACTION):
// every place the module is stricter is an `accept` with its reason (and a row in the docs).
import type { SourceColumn, SourceForeignKey, SourceModule } from "./types";

const id: SourceColumn = { name: "id", type: "uuid", notNull: true };
const ts = (name: string): SourceColumn => ({ name, type: "timestamp with time zone", accept: { notNull: true, reason: "always stamped (DEFAULT now()); a row without its creation/update time is meaningless" } });
const json = (name: string, why = "DEFAULT '{}'; an absent value is the empty object, so readers never test for NULL"): SourceColumn => ({ name, type: "jsonb", accept: { notNull: true, reason: why } });
const keyed = (name: string, type: string, reason: string, extra: Partial<SourceColumn> = {}): SourceColumn => ({ name, type, ...extra, accept: { notNull: true, reason } });
const fk = (columns: string[], references: string, onDelete: SourceForeignKey["onDelete"], reason: string, refColumns?: string[]): SourceForeignKey => ({
  columns,
  references,
  ...(refColumns ? { refColumns } : {}),
  onDelete: "NO ACTION",
  accept: { onDelete, reason },
});

export const source: SourceModule = {
  module: "agentflow",
  document: "agentflow.md",
  enums: [{ name: "lead_status", values: ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"] }],
  tables: [
    {
      // Referenced by the source ("Foreign Key to profiles"), never listed: the module defines it.
      name: "profiles",
      columns: [id, { name: "email", type: "text" }, { name: "full_name", type: "text" }, keyed("role", "text", "what admin privileges are decided by; DEFAULT 'member'", { checkValues: ["member", "sales", "admin"] }), ts("created_at"), ts("updated_at")],
      foreignKeys: [fk(["id"], "auth.users", "CASCADE", "a profile is the auth user's own record; it goes when the user is deleted")],
    },
    {
      name: "conversations",
      columns: [
        id,
        keyed("conversation_id", "text", "the key messages, shared_memory and workflow_executions use to name the conversation; generated when omitted (DEFAULT 'conv_' || uuid)"),
        { name: "user_id", type: "uuid" },
        { name: "session_id", type: "text" },
        { name: "role", type: "text", checkValues: ["user", "assistant", "system"] },
        { name: "content", type: "text" },
        { name: "status", type: "text", default: "'active'", checkValues: ["active", "inactive", "pending", "completed", "failed", "cancelled"], accept: { notNull: true, reason: "has a default; NULL is not a status" } },
        { name: "channel", type: "text", default: "'web'", checkValues: ["web", "mobile", "api"], accept: { notNull: true, reason: "has a default; NULL is not a channel" } },
        { name: "metadata", type: "jsonb", default: "'{}'", accept: { notNull: true, reason: "has a default; NULL and {} would mean the same" } },
        ts("created_at"),
        ts("updated_at"),
      ],
      unique: [["conversation_id"]],
      foreignKeys: [fk(["user_id"], "profiles", "CASCADE", "conversations are the user's own data and go with their profile")],
      indexes: [{ columns: ["user_id", "created_at"] }, { columns: ["metadata"], method: "gin" }],
    },
    {
      name: "messages",
      columns: [
        id,
        keyed("conversation_id", "text", "a message belongs to a conversation; ownership (RLS) is derived from it"),
        { name: "parent_message_id", type: "uuid" },
        keyed("sender_type", "text", "every message has a sender; DEFAULT 'user'", { checkValues: ["user", "assistant", "system", "agent"] }),
        { name: "sender_id", type: "text" },
        { name: "content", type: "text" },
        keyed("message_type", "text", "DEFAULT 'text'", { checkValues: ["text", "image", "file", "system"] }),
        keyed("status", "text", "DEFAULT 'sent'", { checkValues: ["sent", "delivered", "read", "failed"] }),
        json("metadata"),
        ts("created_at"),
        ts("updated_at"),
      ],
      foreignKeys: [
        fk(["parent_message_id"], "messages", "CASCADE", "a reply goes with the message it answers (both go with their conversation)"),
        fk(["conversation_id"], "conversations", "CASCADE", "added: the TEXT conversation_id must name an existing conversation (unique there), which is how ownership is derived", ["conversation_id"]),
      ],
      indexes: [{ columns: ["conversation_id", "created_at"] }, { columns: ["parent_message_id"] }, { columns: ["metadata"], method: "gin" }],
    },
    {
      name: "leads",
      columns: [
        id,
        { name: "name", type: "text" },
        { name: "email", type: "text" },
        { name: "phone", type: "text" },
        { name: "company", type: "text" },
        { name: "status", type: "lead_status", checkValues: ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"], accept: { type: "agentflow.lead_status", notNull: true, reason: "the enum lives in the module's schema (format_type qualifies it); DEFAULT 'new'" } },
        keyed("lead_score", "integer", "DEFAULT 0; CHECK 0-100 as the source says"),
        keyed("services_interested", "text[]", "DEFAULT '{}'; no services is the empty array"),
        { name: "budget_range", type: "text" },
        { name: "timeline", type: "text" },
        { name: "source", type: "text" },
        { name: "notes", type: "text" },
        { name: "assigned_to", type: "uuid" },
        json("metadata"),
        ts("created_at"),
        ts("updated_at"),
      ],
      foreignKeys: [fk(["assigned_to"], "profiles", "SET NULL", "a lead outlives the sales rep it was assigned to")],
      indexes: [{ columns: ["assigned_to"] }, { columns: ["services_interested"], method: "gin" }, { columns: ["metadata"], method: "gin" }],
    },
    {
      name: "workflow_executions",
      columns: [
        id,
        { name: "conversation_id", type: "text" },
        keyed("workflow_type", "text", "an execution of no workflow cannot run"),
        keyed("current_state", "text", "DEFAULT 'pending'"),
        { name: "current_step", type: "text" },
        keyed("participating_agents", "text[]", "DEFAULT '{}'"),
        { name: "initiated_by", type: "uuid" },
        json("workflow_config"),
        json("execution_plan"),
        { name: "results", type: "jsonb" },
        { name: "error_message", type: "text" },
        { name: "started_at", type: "timestamp with time zone" },
        { name: "completed_at", type: "timestamp with time zone" },
        ts("updated_at"),
        ts("created_at"),
      ],
      foreignKeys: [fk(["initiated_by"], "profiles", "SET NULL", "executions and their agent messages are records staff keep: they survive the initiating user's delete (detached)")],
      indexes: [{ columns: ["conversation_id", "created_at"] }, { columns: ["initiated_by"] }, { columns: ["participating_agents"], method: "gin" }, { columns: ["results"], method: "gin" }],
    },
    {
      name: "agent_messages",
      columns: [
        id,
        keyed("workflow_execution_id", "uuid", "an agent message belongs to an execution"),
        keyed("agent_name", "text", "every agent message has its agent"),
        keyed("message_type", "text", "every agent message has a type", { checkValues: ["input", "output", "system", "error", "tool_call"] }),
        { name: "content", type: "text" },
        keyed("status", "text", "DEFAULT 'pending'", { checkValues: ["pending", "processing", "completed", "failed"] }),
        json("tool_calls", "DEFAULT '[]'; no tool calls is the empty array"),
        json("context_data"),
        { name: "error_details", type: "text" },
        ts("created_at"),
        ts("updated_at"),
        { name: "processed_at", type: "timestamp with time zone" },
      ],
      foreignKeys: [fk(["workflow_execution_id"], "workflow_executions", "CASCADE", "agent messages are part of their execution (executions themselves are never deleted by users)")],
      indexes: [{ columns: ["workflow_execution_id", "created_at"] }, { columns: ["tool_calls"], method: "gin" }, { columns: ["context_data"], method: "gin" }],
    },
    {
      name: "shared_memory",
      columns: [
        id,
        keyed("conversation_id", "text", "memory is keyed per conversation (the UNIQUE starts with it); ownership is derived from it"),
        keyed("memory_key", "text", "part of the UNIQUE key"),
        keyed("memory_value", "jsonb", "a memory entry holds a value; DEFAULT '{}'"),
        keyed("scope", "text", "part of the UNIQUE key; DEFAULT 'session'", { checkValues: ["workflow", "session", "global", "agent"] }),
        keyed("access_count", "integer", "DEFAULT 0, never negative"),
        { name: "last_accessed_at", type: "timestamp with time zone" },
        json("metadata"),
        ts("created_at"),
        ts("updated_at"),
      ],
      unique: [["conversation_id", "memory_key", "scope"]],
      foreignKeys: [fk(["conversation_id"], "conversations", "CASCADE", "added: memory belongs to an existing conversation and goes with it", ["conversation_id"])],
      indexes: [{ columns: ["memory_value"], method: "gin" }],
    },
  ],
  // "Analytics views created" without definitions: the module's two (docs/modules/agentflow.md).
  views: [
    { name: "lead_pipeline", columns: ["status", "leads", "avg_lead_score", "unassigned"] },
    { name: "workflow_stats", columns: ["workflow_type", "executions", "completed", "failed", "in_progress", "avg_duration_seconds"] },
  ],
  functions: [
    { name: "is_admin", args: "" },
    { name: "my_role", args: "" },
  ],
  triggers: [
    { table: "messages", name: "messages_check_parent" },
    { table: "messages", name: "messages_stamp_sender" },
    { table: "conversations", name: "conversations_set_updated_at" },
    { table: "messages", name: "messages_set_updated_at" },
    { table: "leads", name: "leads_set_updated_at" },
    { table: "workflow_executions", name: "workflow_executions_set_updated_at" },
    { table: "agent_messages", name: "agent_messages_set_updated_at" },
    { table: "shared_memory", name: "shared_memory_set_updated_at" },
  ],
};
