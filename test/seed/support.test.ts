// Seed data of the support module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents, texts that are
// not templated (>= 90% distinct) and replies that answer the turn before them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESERVED_DOMAINS } from "../../seedkit/auth";
import { ISSUE_TYPES } from "../../modules/support/data";
import { supportSeeder } from "../../modules/support/seed";
import { seededModule, type SeededModule } from "./helpers";
import { builtinModule } from "../../modules/catalog";
import { seedTarget } from "../../modules/define";

/** The module's tables as its SQL files create them, in its own schema. */
const target = await seedTarget(builtinModule("support"));

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("support");
});
afterAll(async () => {
  await s?.drop();
});

/** Capitalised words that are not names of anything. */
const COMMON = new Set(["I", "I'd", "I'm", "I've", "I'll", "Hi", "Hello", "Hey", "Good", "Evening", "Yes", "No", "Thanks", "Thank", "The", "That", "That's", "This", "It", "It's", "Can", "Could", "Sure", "Done", "Please", "So", "And", "Just", "My", "Your", "You", "You're", "Order", "Member", "Great", "Perfect", "OK", "Of", "Understood", "Sorry", "Is", "Was", "Do", "Did", "What", "When", "Why", "How", "Where", "Will", "Refund", "Replacement", "All", "Either", "A", "Both", "Got", "Here", "Honestly", "None", "Store", "Settings", "Security"]);
/** The facts a turn names: tokens with a digit (order numbers, amounts, dates, emails, card digits) and proper names (carriers, plans, cities). */
function factTokens(text: string): Set<string> {
  const withDigits = (text.match(/[\w$.@#/-]*\d[\w$.@#/-]*/g) ?? []).map((t) => t.replace(/[.,;:!?]+$/, ""));
  const names = (text.match(/\b[A-Z][\w']{2,}/g) ?? []).filter((w) => !COMMON.has(w));
  return new Set([...withDigits, ...names]);
}
/** Word trigrams, for replies that answer in words ("the damage on the left side"). */
function trigrams(text: string): Set<string> {
  const w = text.toLowerCase().match(/[a-z']+/g) ?? [];
  return new Set(w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
}

describe("support seed data", () => {
  it("members: unique emails on reserved domains, names, fictional phones, coherent times", async () => {
    const users = await q("SELECT id, email, name, phone, created_at, updated_at FROM support.users");
    expect(users.length).toBeGreaterThanOrEqual(50);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    for (const u of users) {
      expect(RESERVED_DOMAINS.some((d) => (u.email as string).endsWith(`@${d}`)), u.email).toBe(true);
      expect(u.name).toMatch(/^\S+ \S+/);
      if (u.phone !== null) expect(u.phone).toMatch(/^\+1\d{3}55501\d\d$/);
      expect(u.updated_at >= u.created_at).toBe(true);
    }
    expect(users.filter((u) => u.phone === null).length).toBeLessThan(users.length / 2);
    const [auth] = await q("SELECT count(*)::int AS n FROM support.users u JOIN auth.users a ON a.id = u.id AND a.email = u.email");
    expect(auth?.n).toBe(users.length);
  });

  it("conversations: app-shaped session ids from their start, after the member joined, in order", async () => {
    const bad = await q(`
      SELECT c.id FROM support.conversations c JOIN support.users u ON u.id = c.user_id
       WHERE c.session_id !~ '^session_[0-9]{13}_[0-9a-z]{9}$'
          OR split_part(c.session_id, '_', 2)::bigint <> (extract(epoch FROM c.created_at) * 1000)::bigint
          OR c.created_at < u.created_at OR c.updated_at < c.created_at
          OR c.status NOT IN ('active', 'escalated', 'closed')
          OR c.created_at <> (SELECT min(m.created_at) FROM support.messages m WHERE m.conversation_id = c.id)`);
    expect(bad).toEqual([]);
    const [overlap] = await q(`
      SELECT count(*)::int AS n FROM (
        SELECT created_at, lag(updated_at) OVER (PARTITION BY user_id ORDER BY created_at) AS prev_end FROM support.conversations) c
       WHERE created_at < prev_end`);
    expect(overlap?.n).toBe(0);
  });

  it("messages: alternate member/assistant from the member's first turn, >= 90% distinct, each reply answering the turn before", async () => {
    const rows = await q("SELECT conversation_id, role, content, created_at FROM support.messages ORDER BY conversation_id, created_at");
    expect(rows.length).toBeGreaterThan(800);
    const distinct = new Set(rows.map((r) => r.content)).size / rows.length;
    console.log(`support: ${rows.length} messages, ${(distinct * 100).toFixed(1)}% distinct`);
    expect(distinct).toBeGreaterThanOrEqual(0.9);
    const incoherent: string[] = [];
    let k = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const prev = rows[i - 1];
      k = prev && prev.conversation_id === r.conversation_id ? k + 1 : 0;
      expect(r.role, `message ${k} of ${r.conversation_id}`).toBe(k % 2 === 0 ? "user" : "assistant");
      if (r.role !== "assistant" || !prev) continue;
      expect(r.created_at > prev.created_at).toBe(true);
      const facts = factTokens(prev.content);
      const words = trigrams(prev.content);
      const answers = [...factTokens(r.content)].some((t) => facts.has(t)) || [...trigrams(r.content)].some((t) => words.has(t));
      if (!answers) incoherent.push(`${prev.content} => ${r.content}`);
    }
    expect(incoherent, incoherent.slice(0, 5).join("\n")).toEqual([]);
    // The assistant never asks again for what the member has just given.
    const [asksAgain] = await q(`
      SELECT count(*)::int AS n FROM (
        SELECT role, content, lag(content) OVER (PARTITION BY conversation_id ORDER BY created_at) AS prev FROM support.messages) m
       WHERE role = 'assistant' AND prev ~ 'MS-[0-9]{6}' AND content ~* 'what (was|is) (your|the) (last )?order number'`);
    expect(asksAgain?.n).toBe(0);
  });

  it("a member keeps one card and one address across all their conversations", async () => {
    const rows = await q(`
      SELECT c.user_id, string_agg(m.content, ' ') AS text FROM support.messages m JOIN support.conversations c ON c.id = m.conversation_id GROUP BY c.user_id`);
    for (const r of rows) {
      const cards = new Set([...(r.text as string).matchAll(/card ending (\d{4})/g)].map((x) => x[1]));
      expect(cards.size, `cards of ${r.user_id}: ${[...cards]}`).toBeLessThanOrEqual(1);
      const plans = new Set([...(r.text as string).matchAll(/(Plus|Premier|Family) membership/g)].map((x) => x[1]));
      expect(plans.size, `plans of ${r.user_id}`).toBeLessThanOrEqual(1);
    }
  });

  it("escalations quote the member, reach them as they asked, summarise the conversation, and follow its status", async () => {
    const rows = await q(`
      SELECT e.*, u.email, u.phone, u.name, c.status AS conversation_status,
             (SELECT m.content FROM support.messages m WHERE m.conversation_id = e.conversation_id ORDER BY m.created_at LIMIT 1) AS first_message,
             (SELECT max(m.created_at) FROM support.messages m WHERE m.conversation_id = e.conversation_id) AS last_message_at,
             (SELECT m.content FROM support.messages m WHERE m.conversation_id = e.conversation_id ORDER BY m.created_at DESC LIMIT 1) AS last_reply
        FROM support.escalations e JOIN support.conversations c ON c.id = e.conversation_id JOIN support.users u ON u.id = c.user_id`);
    const [share] = await q("SELECT (SELECT count(*) FROM support.escalations)::float / (SELECT count(*) FROM support.conversations) AS s");
    expect(share?.s).toBeGreaterThan(0.05);
    expect(share?.s).toBeLessThan(0.35);
    expect(new Set(rows.map((e) => e.status))).toEqual(new Set(["pending", "notified", "in_progress", "resolved"]));
    for (const e of rows) {
      expect(ISSUE_TYPES).toContain(e.issue_type);
      expect(e.original_request).toBe(e.first_message);
      expect(e.contact_info.email).toBe(e.email);
      expect(e.contact_info.name).toBe(e.name);
      expect(e.contact_info.phone ?? null).toBe(e.phone);
      expect(["email", "phone", "sms"]).toContain(e.contact_info.preferred_channel);
      if (e.phone === null) expect(e.contact_info.preferred_channel).toBe("email");
      // The assistant's hand-over names the channel the member prefers.
      const reach = e.contact_info.preferred_channel === "email" ? e.email : e.phone;
      expect(e.last_reply).toContain(reach);
      expect(e.conversation_context).toContain(e.name);
      expect(e.created_at.getTime()).toBe(e.last_message_at.getTime());
      expect(e.updated_at >= e.created_at).toBe(true);
      expect(e.status === "pending" ? e.updated_at.getTime() === e.created_at.getTime() : e.updated_at > e.created_at).toBe(true);
      expect(e.conversation_status).toBe(e.status === "resolved" ? "closed" : "escalated");
    }
    const [orphans] = await q("SELECT count(*)::int AS n FROM support.conversations c WHERE c.status = 'escalated' AND NOT EXISTS (SELECT 1 FROM support.escalations e WHERE e.conversation_id = c.id)");
    expect(orphans?.n).toBe(0);
  });

  it("the qa persona is a member with an unresolved escalation", async () => {
    const [p] = supportSeeder(target).personas?.({ seed: 7, profile: "qa", scale: 1 }) ?? [];
    expect(p?.name).toBe("member-with-escalation");
    const rows = await q(
      "SELECT c.status, e.status AS escalation FROM support.conversations c JOIN support.escalations e ON e.conversation_id = c.id WHERE c.user_id = $1 AND c.id = $2 AND e.id = $3",
      [p?.userId, p?.refs.conversationId, p?.refs.escalationId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("escalated");
    expect(rows[0].escalation).not.toBe("resolved");
  });
});
