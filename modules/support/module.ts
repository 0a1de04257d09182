// support: the Member Support Agent (source: support.md). A member is a Supabase user — usually an
// anonymous sign-in, which is how the source's "anonymous user sessions" become safe: the user gets
// a real auth.uid() and role authenticated (JWT claim is_anonymous) — and owns their users row
// (id = auth.uid()), their conversations, the messages in them and the escalations of those
// conversations. A member writes only their own turns (role 'user'); assistant turns, escalation
// status and everything staff do are the backend's, with the service key (service_role).
// Every write a member makes is declared for anonymous sign-ins (`anonymous` on each table): the
// chat is meant for them. users.email is the member's own JWT email or NULL (an anonymous member
// has none), so nobody squats another's address on the UNIQUE column.
// anon gets nothing: the source's "Allow anonymous insert ... WITH CHECK (true)" would let anyone
// holding the public key create rows (docs/modules/support.md).
import { CALLER, ownEmail, ownRows } from "../policies";
import { defineModule } from "../define";
import { moduleSqlDir } from "../files";

const me = CALLER;
const ownConversation = (s: string) => `conversation_id IN (SELECT c.id FROM ${s}.conversations c WHERE c.user_id = ${me})`;

export const support = defineModule({
  name: "support",
  sql: moduleSqlDir("support"),
  description: "Member support chat: users, conversations, messages, escalations",
  // Column-level writes (docs/modules/support.md, "Write rules"): a member never sets times
  // (created_at/updated_at come from the clock), never moves an id, never writes an escalation's
  // status; id and user_id may be sent but policies hold them to the member's own uid.
  tables: [
    {
      name: "users",
      grants: { authenticated: ["SELECT"] },
      columns: { authenticated: { INSERT: ["id", "email", "name", "phone"], UPDATE: ["email", "name", "phone"] } },
      // The anonymous chat (source: "Anonymous user sessions and contact info"): a member is usually an anonymous sign-in.
      anonymous: ["INSERT", "UPDATE"],
    },
    {
      name: "conversations",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: { authenticated: { INSERT: ["id", "user_id", "session_id", "status"], UPDATE: ["status"] } },
      anonymous: ["INSERT", "UPDATE", "DELETE"],
    },
    {
      name: "messages",
      grants: { authenticated: ["SELECT"] },
      columns: { authenticated: { INSERT: ["id", "conversation_id", "role", "content"] } },
      anonymous: ["INSERT"],
    },
    {
      name: "escalations",
      grants: { authenticated: ["SELECT"] },
      columns: { authenticated: { INSERT: ["id", "conversation_id", "issue_type", "original_request", "contact_info", "conversation_context"] } },
      // An anonymous member leaves their contact details here (contact_info), not as an identity.
      anonymous: ["INSERT"],
    },
  ],
  policies: (s) => [
    // Source: "Allow user read own data" (auth.uid()::text = id::text), compared as uuids.
    ...ownRows("users", `id = ${me}`, {
      SELECT: "members read their own profile",
      // The email is the member's own (JWT) or none: a member cannot put another's address on their profile.
      INSERT: { name: "members create their own profile", withCheck: `id = ${me} AND ${ownEmail()}` },
      UPDATE: { name: "members update their own profile", withCheck: `id = ${me} AND ${ownEmail()}` },
    }),
    ...ownRows("conversations", `user_id = ${me}`, {
      // A member without a users row is refused here (RLS), not by the foreign key.
      ALL: { name: "members manage their own conversations", withCheck: `user_id = ${me} AND EXISTS (SELECT 1 FROM ${s}.users u WHERE u.id = ${me})` },
    }),
    ...ownRows("messages", ownConversation(s), {
      SELECT: "members read messages of their conversations",
      INSERT: { name: "members write their own turns", withCheck: `role = 'user' AND ${ownConversation(s)}` },
    }),
    ...ownRows("escalations", ownConversation(s), {
      SELECT: "members read escalations of their conversations",
      // status is not theirs to write (no column grant): it is the default, pending.
      INSERT: { name: "members escalate their own conversations", withCheck: `status = 'pending' AND ${ownConversation(s)}` },
    }),
  ],
  views: [],
  functions: [],
  // The generator and its data load only when the module is seeded, never in the Pulumi program.
  generator: (target) => import("./seed.js").then((m) => m.supportSeeder(target)),
});
