// support: members with unique emails derived from their names, conversations at increasing
// times, messages alternating user/assistant, and escalations for a minority of conversations that
// quote a member's message and sit somewhere on pending -> notified -> in_progress -> resolved.
import { pools } from "./data/pools";
import { authResetSql, authUserTables, personaPassword, personaPasswords, RESERVED_DOMAINS } from "./data/auth";
import { person } from "./data/people";
import { PRIORITIES, STAFF, SUPPORT_TOPICS, type SupportTopic } from "./data/support";
import { idFor, key, Rng } from "./engine/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "./engine/types";
import { DAY, EPOCH, iso, MINUTE, volume } from "./engine/volumes";

const K = {
  user: key("support.users"),
  conv: key("support.conversations"),
  convMeta: key("support.conversations.meta"),
  msg: key("support.messages"),
  msgText: key("support.messages.text"),
  esc: key("support.escalations"),
};
/** Upper bounds that turn (parent, child) positions into global indexes. */
const MAX_CONVERSATIONS = 6;
const MAX_MESSAGES = 12;
const ESCALATION_STATES = ["pending", "notified", "in_progress", "resolved"] as const;

interface Member {
  id: string;
  email: string;
  fullName: string;
  phone: string;
  createdMs: number;
  plan: string;
}

function member(seed: number, i: number): Member {
  const rng = Rng.for(seed, K.user, i);
  const p = person(rng, pools(seed), i, RESERVED_DOMAINS);
  return {
    id: idFor(seed, K.user, i),
    email: p.email,
    fullName: p.fullName,
    phone: p.phone,
    createdMs: EPOCH - rng.int(20, 400) * DAY - rng.int(0, 1439) * MINUTE,
    plan: rng.weighted([
      ["basic", 30],
      ["standard", 55],
      ["premium", 15],
    ]),
  };
}

interface Conversation {
  index: number;
  id: string;
  userId: string;
  topic: SupportTopic;
  channel: string;
  startMs: number;
  messageTimes: number[];
  status: "open" | "escalated" | "closed";
  closedMs?: number;
  /** Escalation state, when the conversation was escalated. */
  escalation?: (typeof ESCALATION_STATES)[number];
}

function conversationCount(seed: number, i: number): number {
  return Rng.for(seed, K.convMeta, i * MAX_CONVERSATIONS + MAX_CONVERSATIONS - 1).int(1, 5);
}

/** Conversation j of member i: times increase with j; everything but message text. */
function conversation(seed: number, m: Member, i: number, j: number, previousEndMs: number): Conversation {
  const index = i * MAX_CONVERSATIONS + j;
  const rng = Rng.for(seed, K.convMeta, index);
  const startMs = Math.max(previousEndMs, m.createdMs) + rng.int(1, 20) * DAY + rng.int(0, 1439) * MINUTE;
  const count = rng.int(2, MAX_MESSAGES);
  const messageTimes: number[] = [];
  let t = startMs;
  for (let k = 0; k < count; k++) {
    messageTimes.push(t);
    t += rng.int(5, 240) * 1000;
  }
  const escalated = rng.bool(0.18);
  const escalation = escalated ? rng.weighted(ESCALATION_STATES.map((s, n) => [s, n === 3 ? 40 : 20] as const)) : undefined;
  const open = rng.bool(0.2);
  // An escalated conversation is never left 'open': the escalation trigger would flip it (and
  // stamp updated_at with the clock), so it is 'escalated' until resolved, then 'closed'.
  let status: Conversation["status"] = "closed";
  if (escalation && escalation !== "resolved") status = "escalated";
  else if (!escalation && open) status = "open";
  const last = messageTimes[messageTimes.length - 1] as number;
  return {
    index,
    id: idFor(seed, K.conv, index),
    userId: m.id,
    topic: rng.pick(SUPPORT_TOPICS),
    channel: rng.weighted([
      ["chat", 75],
      ["email", 15],
      ["sms", 10],
    ]),
    startMs,
    messageTimes,
    status,
    closedMs: status === "closed" ? last + rng.int(1, 30) * MINUTE : undefined,
    escalation,
  };
}

/** Every conversation of member i, in time order. */
function conversationsOf(seed: number, i: number): { member: Member; conversations: Conversation[] } {
  const m = member(seed, i);
  const list: Conversation[] = [];
  let end = m.createdMs;
  for (let j = 0; j < conversationCount(seed, i); j++) {
    const c = conversation(seed, m, i, j, end);
    list.push(c);
    end = c.closedMs ?? (c.messageTimes[c.messageTimes.length - 1] as number);
  }
  return { member: m, conversations: list };
}

/** The text of message k: members ask and follow up, the assistant answers. */
function messageText(seed: number, c: Conversation, k: number): string {
  const rng = Rng.for(seed, K.msgText, c.index * MAX_MESSAGES + k);
  if (k === 0) return rng.pick(c.topic.questions);
  return k % 2 === 0 ? rng.pick(c.topic.followUps) : rng.pick(c.topic.answers);
}

function* eachConversation(seed: number, members: number): Generator<{ member: Member; c: Conversation }> {
  for (let i = 0; i < members; i++) {
    const { member: m, conversations } = conversationsOf(seed, i);
    for (const c of conversations) yield { member: m, c };
  }
}

export const supportSeeder: ModuleSeeder = {
  module: "support",
  resetSql: [
    "TRUNCATE support.escalations, support.messages, support.conversations, support.users CASCADE",
    authResetSql("support"),
  ],
  tables(settings: SeedSettings): TableSeed[] {
    const { seed } = settings;
    const members = volume(settings, 60);
    const perMember = 3;
    const withPassword = personaPasswords(settings, supportSeeder.personas?.(settings) ?? []);
    return [
      ...authUserTables("support", members, function* () {
        for (let i = 0; i < members; i++) yield withPassword(member(seed, i));
      }),
      {
        schema: "support",
        table: "users",
        columns: ["id", "email", "full_name", "phone", "member_id", "plan", "created_at", "updated_at"],
        estimate: members,
        *rows() {
          for (let i = 0; i < members; i++) {
            const m = member(seed, i);
            const at = iso(m.createdMs);
            yield [m.id, m.email, m.fullName, m.phone, `M${String(i + 1).padStart(8, "0")}`, m.plan, at, at];
          }
        },
      },
      {
        schema: "support",
        table: "conversations",
        columns: ["id", "user_id", "title", "channel", "status", "created_at", "updated_at", "closed_at"],
        estimate: members * perMember,
        *rows() {
          for (const { c } of eachConversation(seed, members)) {
            const last = c.closedMs ?? (c.messageTimes[c.messageTimes.length - 1] as number);
            yield [c.id, c.userId, c.topic.title, c.channel, c.status, iso(c.startMs), iso(last), c.closedMs ? iso(c.closedMs) : null];
          }
        },
      },
      {
        schema: "support",
        table: "messages",
        columns: ["id", "conversation_id", "role", "content", "metadata", "created_at"],
        estimate: members * perMember * 7,
        *rows() {
          for (const { c } of eachConversation(seed, members)) {
            for (let k = 0; k < c.messageTimes.length; k++) {
              const role = k % 2 === 0 ? "user" : "assistant";
              yield [
                idFor(seed, K.msg, c.index * MAX_MESSAGES + k),
                c.id,
                role,
                messageText(seed, c, k),
                role === "assistant" ? { model: "support-assistant-v2", latency_ms: 400 + ((c.index * 7 + k * 13) % 900) } : {},
                iso(c.messageTimes[k] as number),
              ];
            }
          }
        },
      },
      {
        schema: "support",
        table: "escalations",
        columns: ["id", "conversation_id", "user_id", "reason", "original_request", "priority", "status", "assigned_to", "resolution_notes", "created_at", "updated_at", "notified_at", "resolved_at"],
        estimate: Math.round(members * perMember * 0.18),
        *rows() {
          for (const { c } of eachConversation(seed, members)) {
            if (!c.escalation) continue;
            const rng = Rng.for(seed, K.esc, c.index);
            const createdMs = (c.messageTimes[1] ?? c.messageTimes[0]) as number;
            const step = ESCALATION_STATES.indexOf(c.escalation);
            const notifiedMs = step >= 1 ? createdMs + rng.int(1, 30) * MINUTE : undefined;
            const resolvedMs = step >= 3 ? (notifiedMs as number) + rng.int(1, 48) * 60 * MINUTE : undefined;
            const updatedMs = resolvedMs ?? notifiedMs ?? createdMs;
            yield [
              idFor(seed, K.esc, c.index),
              c.id,
              c.userId,
              c.topic.escalationReason,
              messageText(seed, c, 0),
              rng.weighted(PRIORITIES),
              c.escalation,
              step >= 2 ? rng.pick(STAFF) : null,
              step >= 3 ? "Resolved with the member by phone; follow-up email sent." : null,
              iso(createdMs),
              iso(updatedMs),
              notifiedMs ? iso(notifiedMs) : null,
              resolvedMs ? iso(resolvedMs) : null,
            ];
          }
        },
      },
    ];
  },
  personas(settings: SeedSettings): Persona[] {
    const members = volume(settings, 60);
    for (let i = 0; i < members; i++) {
      const { member: m, conversations } = conversationsOf(settings.seed, i);
      const escalated = conversations.find((c) => c.status === "escalated");
      if (escalated) {
        return [
          {
            module: "support",
            name: "member-with-escalation",
            description: "A member with an open escalated conversation",
            userId: m.id,
            email: m.email,
            password: personaPassword(settings.seed, m.id),
            refs: { conversationId: escalated.id, escalationId: idFor(settings.seed, K.esc, escalated.index) },
          },
        ];
      }
    }
    return [];
  },
};
