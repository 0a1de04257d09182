// support.md ("Database Schema", "Performance Optimization") written down as data: what the SOURCE
// says. Deliberate differences are in `accept`, each with its reason (and in docs/modules/support.md).
import type { SourceModule } from "./types";

const ts = "timestamp with time zone";

export const source: SourceModule = {
  module: "support",
  document: "support.md",
  tables: [
    {
      name: "users",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "email", type: "character varying(255)" },
        { name: "name", type: "character varying(255)" },
        { name: "phone", type: "character varying(50)" },
        { name: "created_at", type: ts, default: "now()" },
        { name: "updated_at", type: ts, default: "now()" },
      ],
      unique: [["email"]],
      indexes: [{ columns: ["email"] }],
    },
    {
      name: "conversations",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "user_id", type: "uuid" },
        { name: "session_id", type: "character varying(255)", notNull: true },
        { name: "status", type: "character varying(50)", default: "'active'" },
        { name: "created_at", type: ts, default: "now()" },
        { name: "updated_at", type: ts, default: "now()" },
      ],
      unique: [["session_id"]],
      foreignKeys: [{ columns: ["user_id"], references: "users", onDelete: "CASCADE" }],
      indexes: [{ columns: ["session_id"] }],
    },
    {
      name: "messages",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "conversation_id", type: "uuid" },
        { name: "role", type: "character varying(20)", notNull: true, checkValues: ["user", "assistant"] },
        { name: "content", type: "text", notNull: true },
        { name: "created_at", type: ts, default: "now()" },
      ],
      foreignKeys: [{ columns: ["conversation_id"], references: "conversations", onDelete: "CASCADE" }],
      indexes: [{ columns: ["conversation_id"] }],
    },
    {
      name: "escalations",
      columns: [
        { name: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
        { name: "conversation_id", type: "uuid" },
        { name: "issue_type", type: "character varying(50)", notNull: true },
        { name: "original_request", type: "text", notNull: true },
        { name: "status", type: "character varying(50)", default: "'pending'", checkValues: ["pending", "notified", "in_progress", "resolved"] },
        { name: "contact_info", type: "jsonb" },
        { name: "conversation_context", type: "text" },
        { name: "created_at", type: ts, default: "now()" },
        { name: "updated_at", type: ts, default: "now()" },
      ],
      foreignKeys: [
        {
          columns: ["conversation_id"],
          references: "conversations",
          onDelete: "CASCADE",
          accept: {
            onDelete: "SET NULL",
            reason: "a member deleting a conversation must not erase the escalation staff are working on; it keeps its own original_request, contact_info and conversation_context (issue 11)",
          },
        },
      ],
    },
  ],
};
