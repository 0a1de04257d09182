// The support module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
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
INSERT INTO support.users (id, email, full_name) VALUES ('${O}', 'owner@example.com', 'Olive Owner'), ('${X}', 'other@example.com', 'Otto Other');
INSERT INTO support.conversations (id, user_id) VALUES (${t("support.conversations")}, '${O}');
INSERT INTO support.messages (id, conversation_id, role, content) VALUES (${t("support.messages")}, ${t("support.conversations")}, 'user', 'My order never arrived');
INSERT INTO support.escalations (id, conversation_id, user_id, reason, original_request)
  VALUES (${t("support.escalations")}, ${t("support.conversations")}, '${O}', 'Customer asked for a human', 'My order never arrived');
`;
