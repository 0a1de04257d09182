// support.md's application (the Member Support Agent) as it ran: 60 members, 90 conversations,
// 270 messages and 56 escalations (476 rows). Its backend wrote what its forms sent, so 12 rows
// break the module's added CHECKs (issue 24: "12 of 476 support rows"): 3 members with a malformed
// email (users_email_format), 2 conversations with a blank session id
// (conversations_session_id_not_blank), 4 blank messages (messages_content_not_blank) and 3
// escalations whose contact_info is not an object (escalations_contact_info_object).
import { daysAgo, iso, legacyRng, MINUTE, SECOND, token, type LegacyGenerator } from "./types";
import { legacyUsers } from "./people";

const BAD_EMAILS = ["maria.lopez@gmail", "john smith@example.com", "n/a"] as const;
const ISSUES = ["billing", "account_access", "claims", "benefits", "technical"] as const;
const REQUESTS = [
  "I was charged twice for my membership this month.",
  "I cannot log in since I changed my phone number.",
  "My claim from March still shows as pending.",
  "Which plan covers physiotherapy?",
  "The app crashes when I upload a receipt.",
] as const;

export const generate: LegacyGenerator = (seed) => {
  const rng = legacyRng("support", seed);
  const users = legacyUsers(rng, seed, "support", 60);
  const members = users.map((u, i) => ({
    id: u.id,
    email: i % 20 === 3 ? BAD_EMAILS[(i - 3) / 20] : u.email,
    name: u.fullName,
    phone: rng.bool(0.7) ? `+1555010${String(i % 100).padStart(2, "0")}` : null,
    created_at: iso(u.createdMs),
    updated_at: iso(u.createdMs + rng.int(0, 30) * MINUTE),
  }));
  const conversations = Array.from({ length: 90 }, (_, i) => {
    const member = rng.pick(members);
    const created = daysAgo(rng, 0, 100);
    return {
      id: rng.uuid(),
      user_id: member.id,
      // Two sessions the widget opened before it had an id (blank; distinct, the column is UNIQUE).
      session_id: i === 17 ? "" : i === 61 ? "   " : `sess_${token(rng, 20)}`,
      status: rng.weighted([["active", 20], ["closed", 60], ["escalated", 20]] as const),
      created_at: iso(created),
      updated_at: iso(created + rng.int(1, 40) * MINUTE),
    };
  });
  const messages = conversations.flatMap((c, ci) =>
    [0, 1, 2].map((k) => {
      const blank = (ci * 3 + k) % 67 === 5; // 4 of 270: an empty send the backend stored
      return {
        id: rng.uuid(),
        conversation_id: c.id,
        role: k % 2 === 0 ? "user" : "assistant",
        content: blank ? (ci % 2 === 0 ? "" : " ") : k % 2 === 0 ? rng.pick(REQUESTS) : "Thanks, let me look into that for you.",
        created_at: iso(Date.parse(c.created_at) + k * rng.int(5, 60) * SECOND),
      };
    }),
  );
  const escalations = Array.from({ length: 56 }, (_, i) => {
    const c = rng.pick(conversations);
    const member = members.find((m) => m.id === c.user_id)!;
    const created = Date.parse(c.created_at) + rng.int(1, 10) * MINUTE;
    // 3 of 56: contact_info stored as a bare string, an array and a number (not an object).
    const contact = i === 9 ? member.name : i === 30 ? [member.phone ?? "+15550100"] : i === 44 ? 15550100 : { email: member.email, phone: member.phone };
    return {
      id: rng.uuid(),
      conversation_id: c.id,
      issue_type: rng.pick(ISSUES),
      original_request: rng.pick(REQUESTS),
      status: rng.weighted([["pending", 15], ["notified", 15], ["in_progress", 10], ["resolved", 16]] as const),
      contact_info: contact,
      conversation_context: "Member asked the agent, which escalated after two attempts.",
      created_at: iso(created),
      updated_at: iso(created + rng.int(0, 3000) * MINUTE),
    };
  });
  return {
    users,
    tables: [
      { table: "users", rows: members },
      { table: "conversations", rows: conversations },
      { table: "messages", rows: messages },
      { table: "escalations", rows: escalations },
    ],
  };
};
