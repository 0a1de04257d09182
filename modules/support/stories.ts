// What a support chat must agree on (seed --check, issue 27): the member's greeting fits their
// local hour, and the assistant promises contact the way the member asked for it.
import { findRows, groupBy, type Row, type StoryRule, timeOf } from "../../seedkit/checks";
import { greetingFor, localHour } from "../../seedkit/localtime";
import { zoneOf } from "./data";

const GREETING = /^(Good morning|Good afternoon|Good evening|Evening|Morning)\b/;
/** The short forms of a greeting, as the full one. */
const SHORT_GREETINGS: Readonly<Record<string, string>> = { Evening: "Good evening", Morning: "Good morning" };
/** What the member asks for, and what the assistant's promise must then say. */
const ASKS: readonly (readonly [RegExp, RegExp])[] = [
  [/\bcall me\b/i, /by phone/],
  [/\btext me\b/i, /by text/],
  [/\bemail me\b/i, /by email/],
];

/** Each conversation's messages in time order. */
function threads(messages: readonly Row[]): Row[][] {
  return [...groupBy(messages, (m) => String(m.conversation_id)).values()].map((list) => list.sort((a, b) => (timeOf(a.created_at) ?? 0) - (timeOf(b.created_at) ?? 0)));
}

export const SUPPORT_STORIES: readonly StoryRule[] = [
  {
    name: "greeting-fits-local-hour",
    description: "a member who opens with a time-of-day greeting says the one of their local hour (zone from their number's area code)",
    check: (t) => {
      const users = new Map(t.rows("users").map((u) => [String(u.id), u] as const));
      const owner = new Map(t.rows("conversations").map((c) => [String(c.id), users.get(String(c.user_id))] as const));
      const openers = threads(t.rows("messages"))
        .map((list) => list.find((m) => m.role === "user"))
        .filter((m): m is Row => m !== undefined && typeof m.content === "string" && GREETING.test(m.content));
      return findRows("greeting-fits-local-hour", t.nameOf("messages"), "content", openers, (m) => {
        const phone = owner.get(String(m.conversation_id))?.phone;
        if (typeof phone !== "string") return null;
        const hour = localHour(zoneOf(phone, null), timeOf(m.created_at) ?? 0);
        const opening = GREETING.exec(m.content as string)?.[1] ?? "";
        const said = SHORT_GREETINGS[opening] ?? opening;
        return said !== greetingFor(hour) ? `${m.id}: "${said}" at ${hour}:00 local for ${phone}` : null;
      });
    },
  },
  {
    name: "reach-as-asked",
    description: "when a member asks to be called, texted or emailed, the assistant's next reply promises exactly that",
    check: (t) => {
      const pairs: [Row, Row, RegExp][] = [];
      for (const list of threads(t.rows("messages"))) {
        list.forEach((m, i) => {
          const next = list.slice(i + 1).find((x) => x.role === "assistant");
          const ask = m.role === "user" && typeof m.content === "string" ? ASKS.find(([q]) => q.test(m.content as string)) : undefined;
          if (ask && next) pairs.push([m, next, ask[1]]);
        });
      }
      return findRows("reach-as-asked", t.nameOf("messages"), "content", pairs, ([asked, reply, promise]) =>
        typeof reply.content === "string" && /will (contact|reach|follow up)/.test(reply.content) && !promise.test(reply.content) ? `${reply.id}: "${String(asked.content).slice(0, 60)}" answered "${reply.content.slice(0, 80)}"` : null,
      );
    },
  },
];
