// The support module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, the SQL that loads those rows, and the
// column write rules (issue 11) with a probe value per column.
// A member owns their users row (id = auth.uid()), their conversations, the messages in them (they
// write only their own turns, role 'user') and the escalations of their conversations (they may
// open one; its status is staff work, service_role).
//
// In `matrix`, I and U are whole-row operations (INSERT of every column of the target row; UPDATE
// SET id = id): a member holds column-level INSERT/UPDATE only, without created_at/updated_at/id,
// so those are denied to them even on their own rows; what each actor may write column by column
// is `columnRules`, tried cell by cell by test/rls/columns.test.ts.
import { ACTORS_IDS, type ColumnProbes, type ColumnRules, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;
/** A users row the backend keeps for a session of its own (nobody's auth.uid()). */
const KEPT = "00000000-0000-4000-8000-00000000f1e2";
/** The owner's second conversation: where a probe moves a message or an escalation. */
const SECOND = "10000000-0000-4000-8000-000000000004";

export const matrix: Record<string, Row> = {
  "support.users": ownerOnly("S---"),
  "support.conversations": ownerOnly("S--D"),
  "support.messages": ownerOnly("S---"),
  "support.escalations": ownerOnly("S---"),
};

export const targets: Record<string, string> = {
  "support.users": O,
  "support.conversations": "10000000-0000-4000-8000-000000000001",
  "support.messages": "10000000-0000-4000-8000-000000000002",
  "support.escalations": "10000000-0000-4000-8000-000000000003",
};

const t = (table: string) => `'${targets[table]}'`;

// Only the owner has a support.users row among the actors: the others may create theirs.
export const fixtureSql = `
INSERT INTO support.users (id, email, name, phone) VALUES
  ('${O}', 'owner@example.com', 'Olive Owner', '+14155550142'),
  ('${KEPT}', 'kept-session@example.net', 'Kim Kept', NULL);
INSERT INTO support.conversations (id, user_id, session_id, status) VALUES
  (${t("support.conversations")}, '${O}', 'session_1790000000000_k3j9x8a2b', 'escalated'),
  ('${SECOND}', '${O}', 'session_1790000500000_m4n5b6v7c', 'active');
INSERT INTO support.messages (id, conversation_id, role, content)
  VALUES (${t("support.messages")}, ${t("support.conversations")}, 'user', 'My order MS-482193 never arrived');
INSERT INTO support.escalations (id, conversation_id, issue_type, original_request, contact_info, conversation_context)
  VALUES (${t("support.escalations")}, ${t("support.conversations")}, 'missing_delivery', 'My order MS-482193 never arrived',
          '{"name": "Olive Owner", "email": "owner@example.com", "phone": "+14155550142", "preferred_channel": "email"}',
          'Member Olive Owner reports order MS-482193 not delivered.');
`;

const everyone = (rule: { insert: string[]; update: string[] }) => ({ owner: rule, other: rule, supervisor: rule, admin: rule });

export const columnRules: ColumnRules = {
  // Anyone signed in may create their own profile (id = their uid, by default), anonymous sign-ins
  // included (the source's anonymous chat); only the owner changes it; times come from the clock;
  // nobody moves an id. The email is the member's own JWT email or none (issue 26): the probe is
  // nobody's, so no actor may write it, and an anonymous sign-in (no email in its JWT) has none.
  "support.users": {
    ...everyone({ insert: ["name", "phone"], update: [] }),
    owner: { insert: ["name", "phone"], update: ["name", "phone"] },
    anonymous: { insert: ["name", "phone"], update: [] },
    service_role: { insert: "*", update: ["email", "name", "phone", "created_at"] },
  },
  // The owner opens conversations (user_id = their uid) and may change their status; the other
  // actors have no users row, so they may not open one (refused by RLS, not the foreign key).
  "support.conversations": {
    owner: { insert: ["id", "session_id", "status"], update: ["status"] },
    service_role: { insert: "*", update: ["user_id", "session_id", "status", "created_at"] },
  },
  // The owner writes their own turns into their own conversations; role stays 'user'.
  "support.messages": {
    owner: { insert: ["id", "conversation_id", "content"], update: [] },
    service_role: { insert: "*", update: ["conversation_id", "role", "content", "created_at"] },
  },
  // The owner opens escalations on their own conversations, always pending; staff move the status.
  "support.escalations": {
    owner: { insert: ["id", "conversation_id", "issue_type", "original_request", "contact_info", "conversation_context"], update: [] },
    service_role: {
      insert: "*",
      update: ["conversation_id", "issue_type", "original_request", "status", "contact_info", "conversation_context", "created_at"],
    },
  },
};

const PAST = "2026-01-01T00:00:00Z";
const FUTURE = "2030-01-01T00:00:00Z";

export const probes: ColumnProbes = {
  "support.users.id": "00000000-0000-4000-8000-00000000f1e3",
  "support.users.email": "probe@example.org",
  "support.users.name": "Pat Probe",
  "support.users.phone": "+13125550177",
  "support.users.created_at": PAST,
  "support.users.updated_at": FUTURE,
  "support.conversations.id": "10000000-0000-4000-8000-0000000000ff",
  "support.conversations.user_id": KEPT,
  "support.conversations.session_id": "session_1790000900000_z9y8x7w6v",
  "support.conversations.status": "closed",
  "support.conversations.created_at": PAST,
  "support.conversations.updated_at": FUTURE,
  "support.messages.id": "10000000-0000-4000-8000-0000000000fe",
  "support.messages.conversation_id": SECOND,
  "support.messages.role": "assistant",
  "support.messages.content": "Your refund RF-48213 is approved.",
  "support.messages.created_at": PAST,
  "support.escalations.id": "10000000-0000-4000-8000-0000000000fd",
  "support.escalations.conversation_id": SECOND,
  "support.escalations.issue_type": "billing_dispute",
  "support.escalations.original_request": "I was charged $99.00 twice on Sep 3.",
  "support.escalations.status": "notified",
  "support.escalations.contact_info": { name: "Pat Probe", email: "probe@example.org", preferred_channel: "email" },
  "support.escalations.conversation_context": "Member disputes a duplicate $99.00 charge.",
  "support.escalations.created_at": PAST,
  "support.escalations.updated_at": FUTURE,
};
