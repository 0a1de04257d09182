// support: member-support chat. A member owns their users row (id = auth.uid()), their
// conversations, the messages in them and their escalations; escalation status is staff work
// (service_role). anon gets nothing.
import type { ModuleSpec } from "./spec";

const ownConversation = "conversation_id IN (SELECT c.id FROM support.conversations c WHERE c.user_id = (SELECT auth.uid()))";

export const supportModule: ModuleSpec = {
  name: "support",
  schema: "support",
  description: "Member-support chat: users, conversations, messages, escalations",
  tables: [
    { name: "users", grants: { authenticated: ["SELECT", "INSERT", "UPDATE"] } },
    { name: "conversations", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "messages", grants: { authenticated: ["SELECT", "INSERT"] } },
    { name: "escalations", grants: { authenticated: ["SELECT", "INSERT"] } },
  ],
  policies: [
    { table: "users", name: "members read their own profile", command: "SELECT", roles: ["authenticated"], using: "id = (SELECT auth.uid())" },
    { table: "users", name: "members create their own profile", command: "INSERT", roles: ["authenticated"], withCheck: "id = (SELECT auth.uid())" },
    {
      table: "users",
      name: "members update their own profile",
      command: "UPDATE",
      roles: ["authenticated"],
      using: "id = (SELECT auth.uid())",
      withCheck: "id = (SELECT auth.uid())",
    },
    {
      table: "conversations",
      name: "members manage their own conversations",
      command: "ALL",
      roles: ["authenticated"],
      using: "user_id = (SELECT auth.uid())",
      withCheck: "user_id = (SELECT auth.uid())",
    },
    { table: "messages", name: "members read messages of their conversations", command: "SELECT", roles: ["authenticated"], using: ownConversation },
    { table: "messages", name: "members write to their conversations", command: "INSERT", roles: ["authenticated"], withCheck: ownConversation },
    { table: "escalations", name: "members read their own escalations", command: "SELECT", roles: ["authenticated"], using: "user_id = (SELECT auth.uid())" },
    {
      table: "escalations",
      name: "members escalate their own conversations",
      command: "INSERT",
      roles: ["authenticated"],
      withCheck: `user_id = (SELECT auth.uid()) AND status = 'pending' AND ${ownConversation}`,
    },
  ],
  views: [
    {
      name: "conversation_summaries",
      definition: `SELECT c.id, c.user_id, c.title, c.channel, c.status, c.created_at,
       count(m.id) AS message_count,
       max(m.created_at) AS last_message_at,
       EXISTS (SELECT 1 FROM support.escalations e WHERE e.conversation_id = c.id AND e.status <> 'resolved') AS open_escalation
  FROM support.conversations c
  LEFT JOIN support.messages m ON m.conversation_id = c.id
 GROUP BY c.id`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [],
};
