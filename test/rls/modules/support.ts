// The support module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// A member owns their users row (id = auth.uid()), their conversations, the messages in them (they
// write only their own turns, role 'user') and the escalations of their conversations (they may
// open one, pending; status is staff work, service_role).
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;

export const matrix: Record<string, Row> = {
  "support.users": ownerOnly("SIU-"),
  "support.conversations": ownerOnly("SIUD"),
  "support.messages": ownerOnly("SI--"),
  "support.escalations": ownerOnly("SI--"),
};

export const targets: Record<string, string> = {
  "support.users": O,
  "support.conversations": "10000000-0000-4000-8000-000000000001",
  "support.messages": "10000000-0000-4000-8000-000000000002",
  "support.escalations": "10000000-0000-4000-8000-000000000003",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO support.users (id, email, name, phone) VALUES
  ('${O}', 'owner@example.com', 'Olive Owner', '+14155550142'),
  ('${X}', 'other@example.com', 'Otto Other', NULL);
INSERT INTO support.conversations (id, user_id, session_id, status)
  VALUES (${t("support.conversations")}, '${O}', 'session_1790000000000_k3j9x8a2b', 'escalated');
INSERT INTO support.conversations (user_id, session_id) VALUES ('${X}', 'session_1790000100000_p0q9r8s7t');
INSERT INTO support.messages (id, conversation_id, role, content)
  VALUES (${t("support.messages")}, ${t("support.conversations")}, 'user', 'My order MS-482193 never arrived');
INSERT INTO support.escalations (id, conversation_id, issue_type, original_request, contact_info, conversation_context)
  VALUES (${t("support.escalations")}, ${t("support.conversations")}, 'missing_delivery', 'My order MS-482193 never arrived',
          '{"name": "Olive Owner", "email": "owner@example.com", "phone": "+14155550142", "preferred_channel": "email"}',
          'Member Olive Owner reports order MS-482193 not delivered.');
`;
