// support: members (Supabase users on reserved domains), their chat sessions with the support
// assistant (session ids shaped like the app's), messages that alternate member/assistant where
// each reply answers the turn before it (data.ts), and escalations for a minority of
// conversations: issue_type from the topic, original_request quoting the member's first message,
// contact_info matching the member, conversation_context summarizing the conversation, and a status
// somewhere on pending -> notified -> in_progress -> resolved with updated_at to match. Times follow
// the seed's now (seedkit/clock.ts): a member's past chats all ended before the hour before now and
// are closed (or escalated); a chat still "active" ("Active Conversations: ongoing chat sessions",
// the source's dashboard) is one whose last message is minutes old, and the first member always has
// one whose last message is within the minute before now.
import { SUPPORT_STORIES } from "./stories";
import { atLocalTime, CONSUMER_HOURS } from "../../seedkit/localtime";
import { authUserTables, type SeedUser, seedPerson, signedUpMs } from "../../seedkit/auth";
import { dialogue, type Facts, facts, memberFacts, type MemberFacts, TOPICS, type Topic, zoneOf } from "./data";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed, SeedTarget } from "../../seedkit/types";
import { nowOf } from "../../seedkit/clock";
import { fictionalPhone } from "../../seedkit/phones";
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
  /** The member's time zone: from their number's area code, else from their ZIP's region. */
  zone: string;
}

function member(seed: number, now: number, i: number): Member {
  const { id, person: p, rng } = seedPerson(seed, K.user, i);
  const createdMs = signedUpMs(rng, [30, 400], now);
  // A quarter of the members left only an email.
  const phone = rng.bool(0.75) ? fictionalPhone(rng) : null;
  const kept = memberFacts(rng);
  return {
    id,
    email: p.email,
    fullName: p.fullName,
    first: p.first,
    phone,
    createdMs,
    updatedMs: rng.bool(0.3) ? createdMs + rng.int(1, 20) * DAY : createdMs,
    zone: zoneOf(phone, kept.zip),
    ...kept,
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

/**
 * Conversation j of member m (index i): starts after the previous one ended; a live one (`liveLastMs`
 * given) is still under way, its last message sent at that time.
 */
function conversation(seed: number, m: Member, i: number, j: number, previousEndMs: number, liveLastMs?: number): Conversation {
  const index = i * MAX_CONVERSATIONS + j;
  const rng = Rng.for(seed, K.convMeta, index);
  // A later day, at an hour people write to support in their own time zone (evenings most).
  let startMs = atLocalTime(rng, Math.max(previousEndMs, m.createdMs) + rng.int(1, 25) * DAY, m.zone, CONSUMER_HOURS);
  const topic = rng.pick(TOPICS);
  const live = liveLastMs !== undefined;
  const escalated = !live && rng.bool(0.2);
  const full = topic.exchanges.length;
  const exchanges = escalated ? rng.int(2, full) : live ? rng.int(1, Math.max(1, full - 1)) : rng.int(1, full);
  // The first turn opens the chat; the member types for a while, the assistant answers within seconds.
  const gaps: number[] = [];
  for (let k = 1; k < exchanges * 2; k++) gaps.push((k % 2 === 0 ? rng.int(20, 240) : rng.int(3, 20)) * SECOND + rng.int(0, 999));
  if (live) startMs = (liveLastMs as number) - gaps.reduce((a, g) => a + g, 0);
  const text = () => {
    const r = Rng.for(seed, K.text, index);
    const f = facts(r, m, startMs, m.zone);
    return { facts: f, turns: dialogue(topic, f, r, exchanges, escalated) };
  };
  const times = [startMs];
  for (const g of gaps) times.push((times[times.length - 1] as number) + g);
  const lastMs = times[times.length - 1] as number;
  if (!escalated) {
    const status = live ? "active" : "closed";
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

/**
 * Every conversation of member i, in time order: past ones that ended (escalations included) before
 * the hour before now, then, for some members, one under way whose last message is minutes old.
 */
function conversationsOf(seed: number, now: number, i: number): { member: Member; conversations: Conversation[] } {
  const m = member(seed, now, i);
  const list: Conversation[] = [];
  let end = m.updatedMs;
  const count = conversationCount(seed, i);
  const meta = Rng.for(seed, K.convMeta, i * MAX_CONVERSATIONS + MAX_CONVERSATIONS - 2);
  const liveLastMs = i === 0 ? now - meta.int(5, 55) * SECOND - meta.int(0, 999) : meta.bool(0.1) ? now - Math.round(Math.exp(Math.log(5) + meta.float() * Math.log(360)) * SECOND) : undefined;
  const past = liveLastMs === undefined ? count : count - 1;
  for (let j = 0; j < past; j++) {
    const c = conversation(seed, m, i, j, end);
    if (c.updatedMs >= now - HOUR) break;
    list.push(c);
    end = c.updatedMs;
  }
  if (liveLastMs !== undefined) list.push(conversation(seed, m, i, list.length, end, liveLastMs));
  return { member: m, conversations: list };
}

function* eachConversation(seed: number, now: number, members: number): Generator<{ member: Member; c: Conversation }> {
  for (let i = 0; i < members; i++) {
    const { member: m, conversations } = conversationsOf(seed, now, i);
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
    stories: SUPPORT_STORIES,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const now = nowOf(settings);
      const members = volume(settings, 60);
      const perMember = 3;
      return [
        ...authUserTables("support", members, (i) => member(seed, now, i)),
        {
          ...target.table("users"),
          estimate: members,
          *rows() {
            for (let i = 0; i < members; i++) {
              const m = member(seed, now, i);
              yield [m.id, m.email, m.fullName, m.phone, iso(m.createdMs), iso(m.updatedMs)];
            }
          },
        },
        {
          ...target.table("conversations"),
          estimate: members * perMember,
          *rows() {
            for (const { member: m, c } of eachConversation(seed, now, members)) {
              yield [c.id, m.id, c.sessionId, c.status, iso(c.times[0] as number), iso(c.updatedMs)];
            }
          },
        },
        {
          ...target.table("messages"),
          estimate: members * perMember * 5,
          *rows() {
            for (const { c } of eachConversation(seed, now, members)) {
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
            for (const { member: m, c } of eachConversation(seed, now, members)) {
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
        const { member: m, conversations } = conversationsOf(settings.seed, nowOf(settings), i);
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
