// support: the Member Support Agent (source: support.md). A member is a Supabase user — usually an
// anonymous sign-in, which is how the source's "anonymous user sessions" become safe: the user gets
// a real auth.uid() and role authenticated (JWT claim is_anonymous) — and owns their users row
// (id = auth.uid()), their conversations, the messages in them and the escalations of those
// conversations. A member writes only their own turns (role 'user'); assistant turns, escalation
// status and everything staff do are the backend's, with the service key (service_role).
// anon gets nothing: the source's "Allow anonymous insert ... WITH CHECK (true)" would let anyone
// holding the public key create rows (docs/modules/support.md).
import type { ModuleSpec } from "./spec";

const me = "(SELECT auth.uid())";
const ownConversation = `conversation_id IN (SELECT c.id FROM support.conversations c WHERE c.user_id = ${me})`;

export const supportModule: ModuleSpec = {
  name: "support",
  schema: "support",
  description: "Member support chat: users, conversations, messages, escalations",
  tables: [
    { name: "users", grants: { authenticated: ["SELECT", "INSERT", "UPDATE"] } },
    { name: "conversations", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } },
    { name: "messages", grants: { authenticated: ["SELECT", "INSERT"] } },
    { name: "escalations", grants: { authenticated: ["SELECT", "INSERT"] } },
  ],
  policies: [
    // Source: "Allow user read own data" (auth.uid()::text = id::text), compared as uuids.
    { table: "users", name: "members read their own profile", command: "SELECT", roles: ["authenticated"], using: `id = ${me}` },
    { table: "users", name: "members create their own profile", command: "INSERT", roles: ["authenticated"], withCheck: `id = ${me}` },
    { table: "users", name: "members update their own profile", command: "UPDATE", roles: ["authenticated"], using: `id = ${me}`, withCheck: `id = ${me}` },
    {
      table: "conversations",
      name: "members manage their own conversations",
      command: "ALL",
      roles: ["authenticated"],
      using: `user_id = ${me}`,
      withCheck: `user_id = ${me}`,
    },
    { table: "messages", name: "members read messages of their conversations", command: "SELECT", roles: ["authenticated"], using: ownConversation },
    {
      table: "messages",
      name: "members write their own turns",
      command: "INSERT",
      roles: ["authenticated"],
      withCheck: `role = 'user' AND ${ownConversation}`,
    },
    { table: "escalations", name: "members read escalations of their conversations", command: "SELECT", roles: ["authenticated"], using: ownConversation },
    {
      table: "escalations",
      name: "members escalate their own conversations",
      command: "INSERT",
      roles: ["authenticated"],
      withCheck: `status = 'pending' AND ${ownConversation}`,
    },
  ],
  views: [],
  functions: [],
};
