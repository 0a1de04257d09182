// support: members (Supabase users on reserved domains), their chat sessions with the support
// assistant (session ids shaped like the app's), messages that alternate member/assistant where
// each reply answers the turn before it (data.ts), and escalations for a minority of
// conversations: issue_type from the topic, original_request quoting the member's first message,
// contact_info matching the member, conversation_context summarising the conversation, and a status
// somewhere on pending -> notified -> in_progress -> resolved with updated_at to match.
import { authUserTables, type SeedUser, seedPerson, signedUpMs } from "../../seedkit/auth";
import { dialogue, type Facts, facts, memberFacts, type MemberFacts, TOPICS, type Topic } from "./data";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed, SeedTarget } from "../../seedkit/types";
import { DAY, HOUR, MINUTE, SECOND, iso, volume } from "../../seedkit/volumes";

const K = keysOf("support", {
  user: "users", conv: "conversations", convMeta: "conversations.meta", text: "messages.text", msg: "messages", esc: "escalations",
  escMeta: "escalations.meta"
});
/** Upper bounds that turn (parent, child) positions into global indexes. */
const MAX_CONVERSATIONS = 6;
const MAX_MESSAGES = 10;
const ESCALATION_STATES = ["pending", "notified", "in_progress", "resolved"] as const;
type EscalationState = (typeof ESCALATION_STATES)[number];

interface Member extends SeedUser, MemberFacts {
  updatedMs: number;
}

/** A phone number in the range NANP reserves for fiction (555-0100..0199), under a real area code. */
function fictionalPhone(rng: Rng): string {
  return `+1${rng.pick(["212", "312", "415", "503", "617", "702", "713", "305", "404", "206", "303", "612"])}5550${rng.int(100, 199)}`;
}

function member(seed: number, i: number): Member {
  const { id, person: p, rng } = seedPerson(seed, K.user, i);
  const createdMs = signedUpMs(rng, [30, 400]);
  return {
    id,
    email: p.email,
    fullName: p.fullName,
    first: p.first,
    // A quarter of the members left only an email.
    phone: rng.bool(0.75) ? fictionalPhone(rng) : null,
    createdMs,
    updatedMs: rng.bool(0.3) ? createdMs + rng.int(1, 20) * DAY : createdMs,
    ...memberFacts(rng),
  };
}

interface Conversation {
  index: number;
  id: string;
  sessionId: string;
  topic: Topic;
  /** When each turn was sent (turn k is the member's when k is even). */
  times: number[];
  /** The facts and the turns' texts, made only for the tables that need them. */
  text(): { facts: Facts; turns: { role: "user" | "assistant"; content: string }[] };
  status: "active" | "escalated" | "closed";
  updatedMs: number;
  escalation?: { state: EscalationState; createdMs: number; updatedMs: number };
}

function conversationCount(seed: number, i: number): number {
  return Rng.for(seed, K.convMeta, i * MAX_CONVERSATIONS + MAX_CONVERSATIONS - 1).int(1, 5);
}

/** The app's session id: `session_<epoch ms>_<9 base-36 chars>`, from the time the chat opened. */
function sessionId(rng: Rng, startMs: number): string {
  let tail = "";
  for (let k = 0; k < 9; k++) tail += "0123456789abcdefghijklmnopqrstuvwxyz"[rng.int(0, 35)];
  return `session_${startMs}_${tail}`;
}

/** Conversation j of member m (index i): starts after the previous one ended. */
function conversation(seed: number, m: Member, i: number, j: number, previousEndMs: number): Conversation {
  const index = i * MAX_CONVERSATIONS + j;
  const rng = Rng.for(seed, K.convMeta, index);
  const startMs = Math.max(previousEndMs, m.createdMs) + rng.int(1, 25) * DAY + rng.int(0, 1439) * MINUTE;
  const topic = rng.pick(TOPICS);
  const escalated = rng.bool(0.2);
  const full = topic.exchanges.length;
  const exchanges = escalated ? rng.int(2, full) : rng.int(1, full);
  const text = () => {
    const r = Rng.for(seed, K.text, index);
    const f = facts(r, m, startMs);
    return { facts: f, turns: dialogue(topic, f, r, exchanges, escalated) };
  };
  // The first turn opens the chat; the member types for a while, the assistant answers within seconds.
  const times = [startMs];
  for (let k = 1; k < exchanges * 2; k++) times.push((times[k - 1] as number) + (k % 2 === 0 ? rng.int(20, 240) : rng.int(3, 20)) * SECOND);
  const lastMs = times[times.length - 1] as number;
  if (!escalated) {
    const status = exchanges === full || rng.bool(0.5) ? "closed" : "active";
    return { index, id: idFor(seed, K.conv, index), sessionId: sessionId(rng, startMs), topic, times, text, status, updatedMs: lastMs };
  }
  const state = rng.weighted(ESCALATION_STATES.map((s) => [s, s === "resolved" ? 40 : 20] as const));
  const step = ESCALATION_STATES.indexOf(state);
  const esc = Rng.for(seed, K.escMeta, index);
  // Each step forward happens later: notified within minutes, picked up within hours, resolved within days.
  let updatedMs = lastMs;
  if (step >= 1) updatedMs += esc.int(1, 10) * MINUTE;
  if (step >= 2) updatedMs += esc.int(1, 8) * HOUR;
  if (step >= 3) updatedMs += esc.int(2, 72) * HOUR;
  return {
    index,
    id: idFor(seed, K.conv, index),
    sessionId: sessionId(rng, startMs),
    topic,
    times,
    text,
    status: state === "resolved" ? "closed" : "escalated",
    updatedMs,
    escalation: { state, createdMs: lastMs, updatedMs },
  };
}

/** Every conversation of member i, in time order. */
function conversationsOf(seed: number, i: number): { member: Member; conversations: Conversation[] } {
  const m = member(seed, i);
  const list: Conversation[] = [];
  let end = m.updatedMs;
  for (let j = 0; j < conversationCount(seed, i); j++) {
    const c = conversation(seed, m, i, j, end);
    list.push(c);
    end = c.updatedMs;
  }
  return { member: m, conversations: list };
}

function* eachConversation(seed: number, members: number): Generator<{ member: Member; c: Conversation }> {
  for (let i = 0; i < members; i++) {
    const { member: m, conversations } = conversationsOf(seed, i);
    for (const c of conversations) yield { member: m, c };
  }
}

/** escalations.contact_info: how staff reach the member, as the member gave it. */
function contactInfo(m: Member, f: Facts): Record<string, string> {
  return { name: m.fullName, email: m.email, ...(m.phone ? { phone: m.phone } : {}), preferred_channel: f.preferred };
}

export function supportSeeder(target: SeedTarget): ModuleSeeder {
  return {
    module: "support",
    resetSql: target.resetSql,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const members = volume(settings, 60);
      const perMember = 3;
      return [
        ...authUserTables("support", members, (i) => member(seed, i)),
        {
          ...target.table("users"),
          estimate: members,
          *rows() {
            for (let i = 0; i < members; i++) {
              const m = member(seed, i);
              yield [m.id, m.email, m.fullName, m.phone, iso(m.createdMs), iso(m.updatedMs)];
            }
          },
        },
        {
          ...target.table("conversations"),
          estimate: members * perMember,
          *rows() {
            for (const { member: m, c } of eachConversation(seed, members)) {
              yield [c.id, m.id, c.sessionId, c.status, iso(c.times[0] as number), iso(c.updatedMs)];
            }
          },
        },
        {
          ...target.table("messages"),
          estimate: members * perMember * 5,
          *rows() {
            for (const { c } of eachConversation(seed, members)) {
              const { turns } = c.text();
              for (let k = 0; k < turns.length; k++) {
                const turn = turns[k] as (typeof turns)[number];
                yield [idFor(seed, K.msg, c.index * MAX_MESSAGES + k), c.id, turn.role, turn.content, iso(c.times[k] as number)];
              }
            }
          },
        },
        {
          ...target.table("escalations"),
          estimate: Math.round(members * perMember * 0.2),
          *rows() {
            for (const { member: m, c } of eachConversation(seed, members)) {
              if (!c.escalation) continue;
              const { facts: f, turns } = c.text();
              yield [
                idFor(seed, K.esc, c.index),
                c.id,
                c.topic.issueType,
                (turns[0] as { content: string }).content,
                c.escalation.state,
                contactInfo(m, f),
                c.topic.context(f, turns.length),
                iso(c.escalation.createdMs),
                iso(c.escalation.updatedMs),
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
              description: "A member with an escalated conversation whose escalation staff have not resolved yet",
              userId: m.id,
              email: m.email,
              refs: { conversationId: escalated.id, sessionId: escalated.sessionId, escalationId: idFor(settings.seed, K.esc, escalated.index) },
            },
          ];
        }
      }
      return [];
    },
  };
}
