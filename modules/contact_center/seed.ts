// contact_center seed (source: contact_center.md): admins and voice/chat supervisors (Supabase
// Auth users), 1-3 agents per supervisor of the supervisor's type with a system prompt and MCP
// tools (agent_tools mirrors mcp_tools), customers who call or chat and sometimes come back
// (so first-contact resolution is exercised), interactions in LiveKit rooms, archives of completed
// interactions (AI-style summary, issues and tags JSON as the source shapes them, CSAT 0-100,
// fcr_status as the follow-up rule decides), realtime metrics every 5 seconds with a live feed
// line, sentiment and a satisfaction score that trends with the conversation, and tool permission
// requests answered by the supervisor within 6 minutes or timed out.
//
// Every interaction is planned once by `plan()` (deterministic per interaction index), and each
// table re-derives the plan it needs: children never query parents.
import { CONTACT_CENTER_STORIES } from "./stories";
import { logNormal } from "../../seedkit/distributions";
import { authUserTables, RESERVED_DOMAINS, type SeedUser, seedPerson } from "../../seedkit/auth";
import {
  AGENT_NAMES,
  CITIES,
  COMPANIES,
  type Company,
  FAMILY_LABEL,
  FAMILY_OF,
  type Family,
  ISSUE_KEYS,
  type IssueFacts,
  type IssueKey,
  issueFacts,
  moodTails,
  type Sentiment,
  STREETS,
  systemPrompt,
  TOOLS,
  type ToolDef,
  toolConfig,
} from "./data";
import { pools } from "../../seedkit/pools";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed, SeedTarget } from "../../seedkit/types";
import { nowOf } from "../../seedkit/clock";
import { FICTIONAL_NUMBERS, phoneFor } from "../../seedkit/phones";
import { DAY, MINUTE, SECOND, iso, volume } from "../../seedkit/volumes";

const K = keysOf("contact_center", {
  staff: "users", agent: "agents", tool: "agent_tools", customer: "customers", inter: "interactions", live: "live_interactions",
  archive: "interaction_archives", metric: "realtime_metrics", perm: "tool_permissions", company: "company"
});
const MAX_CONTACTS = 4;
const WINDOW = 6 * MINUTE; // a tool permission request times out after 6 minutes
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

interface Sizes {
  admins: number;
  supervisors: number;
  customers: number;
}
const sizes = (settings: SeedSettings): Sizes => ({ admins: volume(settings, 2), supervisors: volume(settings, 6), customers: volume(settings, 150) });

function company(seed: number): Company {
  return Rng.for(seed, K.company, 0).pick(COMPANIES);
}

interface Staff extends SeedUser {
  role: "admin" | "supervisor";
  name: string;
  username: string | null;
  type: "voice" | "chat" | null;
  updatedMs: number;
}

/** Staff member s: the first `admins` are admins, the rest supervisors alternating voice/chat. */
function staff(seed: number, now: number, s: number, admins: number): Staff {
  const { id, person: p, rng } = seedPerson(seed, K.staff, s, RESERVED_DOMAINS.slice(0, 3));
  const supervisor = s >= admins;
  const createdMs = now - rng.int(90, 400) * DAY + rng.int(13 * 60, 22 * 60) * MINUTE + rng.int(0, 59) * SECOND;
  const handle = rng.pick([`${p.first[0]}${p.last}`, `${p.first}.${p.last}`, `${p.first}_${p.last[0]}`]);
  return {
    id,
    email: p.email,
    fullName: p.fullName,
    name: p.fullName,
    createdMs,
    updatedMs: createdMs + rng.int(0, 60) * DAY + rng.int(0, 600) * MINUTE,
    role: supervisor ? "supervisor" : "admin",
    username: supervisor ? `${handle.toLowerCase().replace(/[^a-z0-9_.]/g, "")}${s}` : null,
    type: supervisor ? ((s - admins) % 2 === 0 ? "voice" : "chat") : null,
  };
}

interface Agent {
  index: number;
  id: string;
  supervisorIndex: number;
  type: "voice" | "chat";
  name: string;
  families: Family[];
  tools: ToolDef[];
  status: "idle" | "in_call" | "in_chat" | "paused";
  createdMs: number;
  updatedMs: number;
}

const FAMILIES: Family[] = ["billing", "orders", "account", "technical"];

/** 1-3 agents per supervisor (mostly 3 or 2), of the supervisor's type. */
function agentsOf(seed: number, now: number, sz: Sizes): Agent[] {
  const list: Agent[] = [];
  for (let v = 0; v < sz.supervisors; v++) {
    const s = sz.admins + v;
    const sup = staff(seed, now, s, sz.admins);
    const count = Rng.for(seed, K.agent, s * 4 + 3).weighted([
      [3, 50],
      [2, 35],
      [1, 15],
    ] as const);
    const first = Rng.for(seed, K.agent, s * 4 + 3).int(0, AGENT_NAMES.length - 1);
    for (let a = 0; a < count; a++) {
      const index = s * 4 + a;
      const r = Rng.for(seed, K.agent, index);
      const type = sup.type as "voice" | "chat";
      const primary = FAMILIES[(v + a) % FAMILIES.length] as Family;
      const families: Family[] = r.bool(0.5) ? [primary, FAMILIES[(v + a + 1 + r.int(0, 2)) % FAMILIES.length] as Family] : [primary];
      const uniq = [...new Set(families)];
      const tools = TOOLS.filter((t) => t.family === "common" || uniq.includes(t.family as Family));
      const createdMs = Math.max(sup.createdMs + DAY, now - r.int(45, 80) * DAY - r.int(0, 86_399) * SECOND);
      const label = uniq.map((f) => FAMILY_LABEL[f]).join(" & ");
      list.push({
        index,
        id: idFor(seed, K.agent, index),
        supervisorIndex: s,
        type,
        name: `${AGENT_NAMES[(first + a) % AGENT_NAMES.length]} · ${label} (${type === "voice" ? "Voice" : "Chat"})`,
        families: uniq,
        tools,
        // The first agent is always busy, so every seed has an interaction under way at now.
        status: list.length === 0 ? (type === "voice" ? "in_call" : "in_chat") : r.weighted([
          [type === "voice" ? "in_call" : "in_chat", 40],
          ["idle", 45],
          ["paused", 15],
        ] as const),
        createdMs,
        updatedMs: createdMs + r.int(1, 20) * DAY,
      });
    }
  }
  return list;
}

type Outcome = "allowed" | "denied" | "timeout" | "pending";
interface Permission {
  tool: ToolDef;
  description: string;
  requestedMs: number;
  outcome: Outcome;
  respondedMs: number | null;
}
interface Plan {
  index: number;
  id: string;
  phone: string;
  customer: { first: string; last: string };
  agent: Agent;
  status: "active" | "completed" | "failed";
  startMs: number;
  /** How long the conversation would take; the active/failed ones stop earlier. */
  plannedSec: number;
  /** Seconds of conversation that happened (until end, drop or the snapshot time). */
  elapsedSec: number;
  endMs: number | null;
  issue: IssueFacts;
  second: IssueFacts | null;
  usesTool: ToolDef | null;
  permission: Permission | null;
  resolved: boolean;
  resolvedAtSec: number | null;
  roomId: string;
  startScore: number;
  endScore: number;
  ticket: string;
}

function roomId(r: Rng, type: "voice" | "chat", phone: string): string {
  let tail = "";
  for (let i = 0; i < 12; i++) tail += BASE62[r.int(0, 61)];
  // LiveKit SIP dispatch rules name a caller's room <prefix>_<caller number>_<random>; chats get a room per session.
  return type === "voice" ? `call-_${phone}_${tail}` : `chat-${tail.toLowerCase()}`;
}


/** Per agents list, the agents of each type and, within those, of each family (pickAgent's pools, in list order). */
const agentPools = new WeakMap<Agent[], Map<string, { pool: Agent[]; fit: Map<Family, Agent[]> }>>();

function poolsOf(agents: Agent[], type: "voice" | "chat"): { pool: Agent[]; fit: Map<Family, Agent[]> } {
  let byType = agentPools.get(agents);
  if (!byType) agentPools.set(agents, (byType = new Map()));
  let entry = byType.get(type);
  if (!entry) {
    const sameType = agents.filter((a) => a.type === type);
    const pool = sameType.length > 0 ? sameType : agents;
    entry = { pool, fit: new Map(FAMILIES.map((f) => [f, pool.filter((a) => a.families.includes(f))])) };
    byType.set(type, entry);
  }
  return entry;
}

/** An agent of the type, most often one whose families cover the issue's (pools computed once per list: O(1) per call). */
function pickAgent(r: Rng, agents: Agent[], type: "voice" | "chat", family: Family): Agent {
  const { pool, fit: byFamily } = poolsOf(agents, type);
  const fit = byFamily.get(family) ?? pool.filter((a) => a.families.includes(family));
  return r.pick(fit.length > 0 && r.bool(0.85) ? fit : pool);
}

/** The plan of one interaction. `live` interactions are the ones running at the seed's now. */
function plan(seed: number, now: number, index: number, phone: string, who: { first: string; last: string }, issueKey: IssueKey, startMs: number, type: "voice" | "chat", agent: Agent, live: boolean, sameIssue: IssueFacts | null): Plan {
  const r = Rng.for(seed, live ? K.live : K.inter, index);
  const city = r.pick(CITIES);
  const issue = sameIssue ?? issueFacts(issueKey, r, { city: city.city, state: city.state, street: r.pick(STREETS), company: company(seed) });
  const secondKey = r.bool(0.15) ? r.pick(ISSUE_KEYS.filter((k) => k !== issueKey && FAMILY_OF[k] === FAMILY_OF[issueKey])) : undefined;
  const second = secondKey ? issueFacts(secondKey, r, { city: city.city, state: city.state, street: r.pick(STREETS), company: company(seed) }) : null;
  // Handle times are long-tailed: most calls take a few minutes, some run past twenty (chats longer, typing).
  let plannedSec = Math.round(type === "voice" ? logNormal(r, 260, 0.55, 60, 2400) : logNormal(r, 380, 0.55, 90, 3000));
  // A live interaction is still going at the snapshot: it was planned to last longer than it has so far.
  if (live) plannedSec = Math.max(plannedSec, Math.round((now - startMs) / SECOND) + r.int(30, 240));
  const status: Plan["status"] = live ? "active" : r.bool(0.07) ? "failed" : "completed";
  let elapsedSec = plannedSec;
  if (status === "failed") elapsedSec = Math.max(20, Math.round(plannedSec * (0.1 + r.float() * 0.5)));
  if (status === "active") elapsedSec = Math.floor((now - startMs) / SECOND);
  const tool = agent.tools.find((t) => t.name === issue.tool) ?? null;
  let permission: Permission | null = null;
  let resolved = false;
  let resolvedAtSec: number | null = null;
  const requestSec = Math.round(plannedSec * (0.42 + r.float() * 0.1));
  if (tool?.requires_permission && requestSec < elapsedSec) {
    const requestedMs = startMs + requestSec * SECOND;
    let outcome: Outcome = r.weighted([
      ["allowed", 72],
      ["denied", 12],
      ["timeout", 16],
    ] as const);
    const maxWait = Math.min(300, Math.max(8, Math.round(plannedSec * 0.2)));
    let respondedMs: number | null = outcome === "timeout" ? requestedMs + WINDOW : requestedMs + Math.round(logNormal(r, Math.min(25, maxWait / 2), 0.8, 5, maxWait)) * SECOND;
    // The supervisor's answer (or the timeout) comes while the interaction is still open: a finished
    // one lasts until a little after it.
    if (status !== "active" && respondedMs !== null && respondedMs >= startMs + elapsedSec * SECOND) {
      elapsedSec = Math.round((respondedMs - startMs) / SECOND) + r.int(15, 90);
      plannedSec = Math.max(plannedSec, elapsedSec);
    }
    if (status === "active" && (respondedMs as number) > now) {
      // Not answered yet at the snapshot: pending while inside its window, timed out after it.
      if (now - requestedMs < WINDOW) [outcome, respondedMs] = ["pending", null];
      else [outcome, respondedMs] = ["timeout", requestedMs + WINDOW];
    }
    permission = { tool, description: issue.toolDescription, requestedMs, outcome, respondedMs };
    if (outcome === "allowed" && status === "completed") {
      resolved = r.bool(0.95);
      resolvedAtSec = Math.min(plannedSec - 5, Math.round(((respondedMs as number) - startMs) / SECOND) + r.int(8, 30));
    }
  } else if (tool && !tool.requires_permission && status === "completed") {
    resolved = r.bool(0.85);
    resolvedAtSec = Math.round(plannedSec * (0.6 + r.float() * 0.2));
  } else if (!tool && status === "completed") {
    resolved = r.bool(0.2); // no tool for it: sometimes solved by explanation, otherwise a ticket
    resolvedAtSec = Math.round(plannedSec * (0.65 + r.float() * 0.15));
  }
  if (!resolved) resolvedAtSec = null;
  const startScore = r.int(42, 70);
  const endScore =
    status === "failed" ? r.int(20, 45) : resolved ? r.int(76, 97) : permission?.outcome === "pending" || status === "active" ? r.int(45, 70) : r.int(15, 48);
  return {
    index,
    id: idFor(seed, live ? K.live : K.inter, index),
    phone,
    customer: who,
    agent,
    status,
    startMs,
    plannedSec,
    elapsedSec,
    endMs: status === "active" ? null : startMs + elapsedSec * SECOND,
    issue,
    second,
    usesTool: tool,
    permission,
    resolved,
    resolvedAtSec,
    roomId: roomId(r, type, phone),
    startScore,
    endScore,
    ticket: `CS-${r.int(100000, 999999)}`,
  };
}

/** The same moment, or the next one inside US business hours (13:00-23:00 UTC). */
function businessHours(ms: number, r: Rng): number {
  const dayStart = ms - (ms % DAY);
  const minute = Math.floor((ms - dayStart) / MINUTE);
  if (minute >= 13 * 60 && minute < 23 * 60) return ms;
  const next = minute < 13 * 60 ? dayStart : dayStart + DAY;
  return next + (13 * 60 + r.int(0, 180)) * MINUTE + r.int(0, 59) * SECOND;
}

/** A customer's contacts in time order: the first about an issue, follow-ups often about the same one. */
function customerPlans(seed: number, now: number, c: number, agents: Agent[]): Plan[] {
  const r = Rng.for(seed, K.customer, c);
  const p = pools(seed);
  const who = { first: r.pick(p.firstNames), last: r.pick(p.lastNames) };
  // The customer's own fictional number (phones.ts), the same on each of their contacts.
  const phone = phoneFor(c, 104_729);
  const count = r.weighted([
    [1, 55],
    [2, 25],
    [3, 13],
    [4, 7],
  ] as const);
  const preferred: "voice" | "chat" = r.bool(0.55) ? "voice" : "chat";
  // Business hours in US time (13:00-23:00 UTC), within the 4 weeks before the snapshot.
  let t = Math.floor(now / DAY) * DAY - r.int(3, 28) * DAY + r.int(13 * 60, 22 * 60) * MINUTE + r.int(0, 59) * SECOND;
  let issueKey = r.pick(ISSUE_KEYS);
  const list: Plan[] = [];
  for (let k = 0; k < count; k++) {
    const index = c * MAX_CONTACTS + k;
    const ir = Rng.for(seed, K.inter, index);
    const type = ir.bool(0.8) ? preferred : preferred === "voice" ? "chat" : "voice";
    const previous = list[k - 1];
    // Unresolved problems come back within days about the same issue; resolved ones sometimes do too.
    const same = previous !== undefined && ir.bool(previous.resolved ? 0.3 : 0.75);
    if (previous && !same) issueKey = ir.pick(ISSUE_KEYS);
    const agent = pickAgent(ir, agents, type, FAMILY_OF[issueKey]);
    const pl = plan(seed, now, index, phone, who, issueKey, t, type, agent, false, same && previous ? previous.issue : null);
    list.push(pl);
    t = businessHours((pl.endMs as number) + ir.int(2 * 60, 5 * 24 * 60) * MINUTE, ir);
    if (t > now - 2 * 60 * MINUTE) break;
  }
  return list;
}

/** Interactions running at the snapshot, one per busy agent. */
function livePlans(seed: number, now: number, agents: Agent[]): Plan[] {
  const p = pools(seed);
  return agents
    .filter((a) => a.status === "in_call" || a.status === "in_chat")
    .map((a) => {
      const r = Rng.for(seed, K.live, a.index * 7 + 1);
      const issueKey = a.families.length > 0 && r.bool(0.8) ? r.pick(ISSUE_KEYS.filter((k) => a.families.includes(FAMILY_OF[k]))) : r.pick(ISSUE_KEYS);
      const startMs = now - r.int(40, 11 * 60) * SECOND - r.int(0, 999);
      // Callers on the line now have numbers from the other end of the fictional range than the customers'.
      return plan(seed, now, a.index, phoneFor(FICTIONAL_NUMBERS - 1 - a.index, 104_729), { first: r.pick(p.firstNames), last: r.pick(p.lastNames) }, issueKey, startMs, a.type, a, true, null);
    });
}

function* allPlans(seed: number, now: number, sz: Sizes, agents: Agent[]): Generator<Plan> {
  for (let c = 0; c < sz.customers; c++) yield* customerPlans(seed, now, c, agents);
  yield* livePlans(seed, now, agents);
}

/** Archive k of a customer was not resolved at first contact if a later contact within 3 days shares an issue tag. */
function fcr(plans: Plan[], k: number): boolean {
  const me = plans[k] as Plan;
  // Left unresolved (a ticket, a callback): not resolved on first contact, whatever follows.
  if (!me.resolved) return false;
  const tags = new Set([me.issue.tag, ...(me.second ? [me.second.tag] : [])]);
  return !plans.some((o, j) => j !== k && o.status === "completed" && o.startMs > me.startMs && o.startMs <= me.startMs + 3 * DAY && [o.issue.tag, o.second?.tag].some((t) => t !== undefined && tags.has(t)));
}

const sentimentOf = (score: number): Sentiment => (score >= 65 ? "good" : score < 38 ? "critical" : "neutral");
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Satisfaction at second `sec`: a dip while the problem is told, then toward the outcome. */
function scoreAt(pl: Plan, sec: number, noise: number): number {
  const f = sec / pl.plannedSec;
  const dip = pl.startScore - 8;
  const turnAt = (pl.resolvedAtSec ?? (pl.permission?.respondedMs ? (pl.permission.respondedMs - pl.startMs) / SECOND : pl.plannedSec * 0.75)) / pl.plannedSec;
  const turn = Math.min(0.85, Math.max(0.3, turnAt));
  let v: number;
  if (f < 0.25) v = pl.startScore + (dip - pl.startScore) * (f / 0.25);
  else if (f < turn) v = dip + (((pl.startScore + pl.endScore) / 2 - dip) * (f - 0.25)) / Math.max(0.05, turn - 0.25);
  else v = (pl.startScore + pl.endScore) / 2 + ((pl.endScore - (pl.startScore + pl.endScore) / 2) * Math.min(1, (f - turn) / Math.max(0.05, 1 - turn))) ;
  if (pl.status === "failed" && sec >= pl.elapsedSec - 10) v = pl.endScore;
  return Math.min(100, Math.max(0, round2(v + noise)));
}

type Phase = "greet" | "problem" | "verify" | "work" | "resolve" | "close";
const phaseAt = (f: number): Phase => (f < 0.08 ? "greet" : f < 0.24 ? "problem" : f < 0.38 ? "verify" : f < 0.74 ? "work" : f < 0.9 ? "resolve" : "close");

/** The feed line templates of a phase, from the interaction's facts. */
function templates(pl: Plan, co: Company, phase: Phase): string[] {
  const A = pl.agent.name.split(" · ")[0] as string;
  const C = pl.customer.first;
  const full = `${pl.customer.first} ${pl.customer.last}`;
  const I = pl.issue;
  const voice = pl.agent.type === "voice";
  const says = voice ? "says" : "writes";
  const last4 = pl.phone.slice(-4);
  switch (phase) {
    case "greet":
      return [
        `${A} greets ${C} on behalf of ${co.name}`,
        `${C} ${voice ? "is connected to" : "is now chatting with"} ${A}`,
        `${A} asks how it can help ${C} today`,
        `${C} ${says} they need help with ${I.about}`,
        `${A} notes the number ending ${last4} for the record`,
        `${C} ${says} hello and mentions ${I.about}`,
      ];
    case "problem":
      return [
        `${C} ${I.says}`,
        `${C} adds that ${I.detail}`,
        `${A} repeats the problem back to ${C}: ${I.about}`,
        `${A} apologizes to ${C} for ${I.about}`,
        `${A} asks ${C} when ${I.about} started`,
        `${C} ${says} it has been going on since last week`,
        `${C} explains this is about ${I.about}${pl.second ? ` and also ${pl.second.about}` : ""}`,
        `${A} asks ${C} a clarifying question about ${I.about}`,
        `${C} ${says} it is urgent because ${I.detail}`,
        `${A} tells ${C} it will look into ${I.about} right away`,
      ];
    case "verify":
      return [
        `${A} asks ${C} for their full name to verify the account`,
        `${C} confirms the name ${full}`,
        `${A} looks up ${full} with get_customer_details`,
        `Account for ${full} found, number ending ${last4} matches`,
        `${A} runs check_account_status for ${full}: account active`,
        `${A} confirms ${C}'s ${co.product} and billing email`,
        `${A} thanks ${C} for verifying the number ending ${last4}`,
        `${C} ${says} the account is under ${full}`,
      ];
    case "work": {
      const lines = [
        `${A} checks ${I.check} for ${C}`,
        `Looking at ${full}'s account, ${A} finds ${I.finds}`,
        `${A} explains to ${C} that ${I.finds}`,
        `${A} asks ${C} if it can ${I.fix}`,
        `${C} agrees that ${A} should ${I.fix}`,
        `${A} keeps ${C} updated while it reviews ${I.check}`,
        `${C} asks how long it will take to ${I.fix}`,
        `${A} reviews the notes on ${full}'s account`,
        `${C} ${says} again that ${I.detail}`,
        `${A} confirms the details of ${I.about} with ${C}`,
      ];
      if (pl.second) lines.push(`${A} also checks ${pl.second.check}`, `${A} notes ${pl.second.finds}`);
      if (!pl.usesTool) lines.push(`${A} has no tool to ${I.fix} and considers a ticket`, `${A} tells ${C} this needs the back office`);
      return lines;
    }
    case "resolve":
      return pl.resolved
        ? [
            `${A} ${I.fixed} for ${C}`,
            `${A} confirms to ${C} that it ${I.fixed}`,
            `${C} ${says} that fixes ${I.about}`,
            `${A} tells ${C} what happens next after it ${I.fixed}`,
            `${C} thanks ${A} for sorting out ${I.about}`,
            `${A} double-checks ${I.check} for ${full} after the change`,
            `${A} sends ${C} a confirmation for ${I.about}`,
          ]
        : [
            `${A} cannot ${I.fix} on this ${voice ? "call" : "chat"} with ${C}`,
            `${A} opens ticket ${pl.ticket} about ${I.about}`,
            `${A} gives ${C} ticket number ${pl.ticket}`,
            `${C} ${says} they are unhappy that ${I.about} is not fixed`,
            `${A} promises a follow-up on ticket ${pl.ticket} within 48 hours`,
            `${C} asks to be called back about ${I.about}`,
            `${A} records ${C}'s callback request on ticket ${pl.ticket}`,
          ];
    case "close":
      return [
        `${A} summarizes for ${C}: ${pl.resolved ? I.fixed : `ticket ${pl.ticket} opened for ${I.about}`}`,
        `${A} asks ${C} if there is anything else`,
        `${C} ${says} that is all for today`,
        `${A} thanks ${C} for contacting ${co.name}`,
        `${C} ${says} goodbye to ${A}`,
        `${A} ${voice ? "ends the call" : "closes the chat"} with ${C}`,
        `${C} ${pl.resolved ? "sounds satisfied" : "is still unhappy"} at the end of the ${voice ? "call" : "chat"}`,
      ];
  }
}

/** The live feed: one line per 5-second tick, without repeating a line within the interaction. */
function* feed(seed: number, pl: Plan, co: Company): Generator<{ ms: number; text: string; sentiment: Sentiment; score: number }> {
  const r = Rng.for(seed, K.metric, pl.index * 2 + (pl.status === "active" ? 1 : 0));
  const used = new Set<string>();
  const usedBase = new Set<string>();
  const pools = new Map<Phase, string[]>();
  const A = pl.agent.name.split(" · ")[0] as string;
  const perm = pl.permission;
  const ticks = Math.floor(pl.elapsedSec / 5);
  let noise = 0;
  for (let n = 0; n <= ticks; n++) {
    const ms = pl.startMs + n * 5 * SECOND;
    noise = Math.max(-4, Math.min(4, noise + (r.float() - 0.5) * 2));
    const score = scoreAt(pl, n * 5, noise);
    const sentiment = sentimentOf(score);
    const phase = phaseAt((n * 5) / pl.plannedSec);
    let text: string | null = null;
    // The agent collects the phone number first (the source: "asked by agent").
    if (n === 0) text = pl.agent.type === "voice" ? `${A} answers ${pl.customer.first}'s call for ${co.name} support` : `${pl.customer.first} opens a chat with ${A} at ${co.name}`;
    else if (n === 1) text = `${A} asks ${pl.customer.first} for the phone number on the account`;
    else if (n === 2) text = `${pl.customer.first} gives the number ending in ${pl.phone.slice(-4)}`;
    else if (perm && ms >= perm.requestedMs && ms < perm.requestedMs + 5 * SECOND) text = `${A} asks the supervisor for permission to use ${perm.tool.name} for ${pl.customer.first} ${pl.customer.last}: ${perm.description}`;
    else if (perm && perm.respondedMs !== null && ms >= perm.respondedMs && ms < perm.respondedMs + 5 * SECOND)
      text =
        perm.outcome === "allowed"
          ? `Supervisor allowed ${perm.tool.name} for ${pl.customer.first} ${pl.customer.last}; ${A} goes ahead to ${pl.issue.fix}`
          : perm.outcome === "denied"
            ? `Supervisor denied ${perm.tool.name} for ${pl.customer.first} ${pl.customer.last}; ${A} says it cannot ${pl.issue.fix} today`
            : `No supervisor answer on ${perm.tool.name} for ${pl.customer.first} ${pl.customer.last} after 6 minutes; the request timed out`;
    else if (pl.status === "failed" && n === ticks) text = `${pl.agent.type === "voice" ? "Call with" : "Chat with"} ${pl.customer.first} ${pl.customer.last} ${pl.agent.type === "voice" ? "dropped" : "disconnected"} while discussing ${pl.issue.about}`;
    else if (perm && phase === "work" && ms > perm.requestedMs && (perm.respondedMs === null || ms < perm.respondedMs) && r.bool(0.5)) {
      // How long the request has waited, as a live feed shows it: every tick's line is its own.
      const waited = Math.round((ms - perm.requestedMs) / SECOND);
      const so = `${waited} s so far`;
      const waits = [
        `${A} is waiting for approval of ${perm.tool.name} for ${pl.customer.first} (${so})`,
        `${A} tells ${pl.customer.first} it is still checking with a supervisor (${so})`,
        `${pl.customer.first} waits while ${perm.tool.name} is pending approval (${so})`,
        `${A} keeps ${pl.customer.first} on a short hold pending ${perm.tool.name} (${so})`,
        `${A} explains to ${pl.customer.first} why ${perm.tool.name} needs a supervisor (${so})`,
      ];
      text = r.pick(waits);
    }
    if (text === null || used.has(text)) {
      // A line not said yet in this interaction; once a phase's lines are used up, one with a new mood tail.
      let pool = pools.get(phase);
      if (!pool) pools.set(phase, (pool = templates(pl, co, phase)));
      const fresh = pool.filter((l) => !usedBase.has(l));
      const base = fresh.length > 0 ? r.pick(fresh) : r.pick(pool);
      usedBase.add(base);
      const tails = moodTails(sentiment, pl.agent.type === "voice");
      for (let tries = 0; tries < 12; tries++) {
        const candidate = `${tries < 6 ? base : r.pick(pool)}${r.pick(tails)}`;
        text = candidate;
        if (!used.has(candidate)) break;
      }
    }
    used.add(text as string);
    yield { ms, text: text as string, sentiment, score };
  }
}

function summary(pl: Plan, co: Company, r: Rng, secondResolved = false): string {
  const I = pl.issue;
  const C = `${pl.customer.first} ${pl.customer.last}`;
  const channel = pl.agent.type === "voice" ? "called" : "started a chat";
  const opening = r.pick([`${C} ${channel} about ${I.about}.`, `Customer ${C} ${channel} regarding ${I.about}.`, `${C} contacted ${co.name} support (${pl.agent.type}) about ${I.about}.`]);
  const found = r.pick([`The agent verified the account and found ${I.finds}.`, `After verifying the ${pl.agent.type === "voice" ? "caller" : "customer"}, the agent reviewed ${I.check} and found ${I.finds}.`, `Account verified by phone and name; review of ${I.check} showed ${I.finds}.`]);
  const perm = pl.permission;
  const permLine = perm
    ? perm.outcome === "allowed"
      ? ` The supervisor approved ${perm.tool.name} after ${Math.max(1, Math.round(((perm.respondedMs as number) - perm.requestedMs) / SECOND))} seconds.`
      : perm.outcome === "denied"
        ? ` The supervisor denied the request to use ${perm.tool.name}.`
        : ` The permission request for ${perm.tool.name} timed out after 6 minutes.`
    : "";
  const outcome = pl.resolved
    ? r.pick([`The agent ${I.fixed} and the customer confirmed the issue is resolved.`, `Resolved: the agent ${I.fixed}; no follow-up needed.`, `The agent ${I.fixed}; the customer was satisfied.`])
    : r.pick([`The issue was not resolved; ticket ${pl.ticket} was opened for follow-up.`, `Unresolved: the agent could not ${I.fix} and logged ticket ${pl.ticket}.`, `Not resolved on first contact; the customer expects a callback on ticket ${pl.ticket}.`]);
  const extra = pl.second ? (secondResolved ? ` The customer also mentioned ${pl.second.about}; the agent ${pl.second.fixed} as well.` : ` The customer also mentioned ${pl.second.about}, left for a follow-up.`) : "";
  return `${opening} ${found}${permLine} ${outcome}${extra}`;
}

export function contactCenterSeeder(target: SeedTarget): ModuleSeeder {
  return {
    module: "contact_center",
    resetSql: target.resetSql,
    stories: CONTACT_CENTER_STORIES,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const now = nowOf(settings);
      const sz = sizes(settings);
      const people = sz.admins + sz.supervisors;
      const co = company(seed);
      const agents = agentsOf(seed, now, sz);
      const contactsEstimate = sz.customers * 1.7 + agents.length * 0.4;
      const everyone = function* () {
        for (let s = 0; s < people; s++) yield staff(seed, now, s, sz.admins);
      };
      return [
        ...authUserTables("contact_center", people, (s) => staff(seed, now, s, sz.admins)),
        {
          ...target.table("users"),
          estimate: people,
          *rows() {
            for (const u of everyone()) yield [u.id, u.email, u.role, u.name, u.username, u.type, iso(u.createdMs), iso(u.updatedMs)];
          },
        },
        {
          ...target.table("agents"),
          estimate: agents.length,
          *rows() {
            for (const a of agents) {
              const r = Rng.for(seed, K.tool, a.index);
              const prompt = systemPrompt(Rng.for(seed, K.agent, a.index * 3 + 1), a.name.split(" · ")[0] as string, a.type, co, a.families, a.tools);
              const tools = a.tools.map((t) => ({ name: t.name, description: t.description, requires_permission: t.requires_permission, config: toolConfig(t, co.host, r) }));
              yield [a.id, idFor(seed, K.staff, a.supervisorIndex), a.name, a.type, prompt, { tools }, a.status, iso(a.createdMs), iso(a.updatedMs)];
            }
          },
        },
        {
          ...target.table("agent_tools"),
          estimate: agents.length * 7,
          *rows() {
            for (const a of agents) {
              // The same PRNG sequence as the agent's mcp_tools, so tool_config equals mcp_tools[].config.
              const r = Rng.for(seed, K.tool, a.index);
              let t = 0;
              for (const tool of a.tools) yield [idFor(seed, K.tool, a.index * 32 + t++), a.id, tool.name, toolConfig(tool, co.host, r), tool.requires_permission, iso(a.createdMs)];
            }
          },
        },
        {
          ...target.table("interactions"),
          estimate: contactsEstimate,
          *rows() {
            for (const pl of allPlans(seed, now, sz, agents)) {
              yield [pl.id, pl.agent.id, pl.phone, pl.agent.type, pl.roomId, pl.status, iso(pl.startMs), pl.endMs === null ? null : iso(pl.endMs), pl.endMs === null ? null : pl.elapsedSec, iso(pl.startMs)];
            }
          },
        },
        {
          ...target.table("interaction_archives"),
          estimate: sz.customers * 1.55,
          *rows() {
            for (let c = 0; c < sz.customers; c++) {
              const plans = customerPlans(seed, now, c, agents).filter((p) => p.status === "completed");
              for (let k = 0; k < plans.length; k++) {
                const pl = plans[k] as Plan;
                const r = Rng.for(seed, K.archive, pl.index);
                const status = pl.resolved ? "resolved" : "unresolved";
                const issues = [{ issue: pl.issue.label, status, priority: pl.issue.priority }];
                const tagIssues = [{ tag: pl.issue.tag, status }];
                // A second issue is sorted out on the same contact only when the first was.
                const s2 = pl.second && pl.resolved && r.bool(0.5) ? "resolved" : "unresolved";
                if (pl.second) {
                  issues.push({ issue: pl.second.label, status: s2, priority: pl.second.priority });
                  tagIssues.push({ tag: pl.second.tag, status: s2 });
                }
                const topics = [...new Set([pl.issue.topic, ...(pl.second ? [pl.second.topic] : [])])];
                const csat = Math.min(100, Math.max(0, round2(pl.endScore + (r.float() - 0.5) * 12)));
                const tags = { topics, sentiment: csat >= 70 ? "positive" : csat < 40 ? "negative" : "neutral", issues: tagIssues };
                yield [idFor(seed, K.archive, pl.index), pl.id, summary(pl, co, r, s2 === "resolved"), issues, tags, csat.toFixed(2), pl.resolvedAtSec, fcr(plans, k) && (!pl.second || s2 === "resolved"), iso((pl.endMs as number) + r.int(20, 90) * SECOND)];
              }
            }
          },
        },
        {
          ...target.table("realtime_metrics"),
          estimate: contactsEstimate * 75,
          *rows() {
            for (const pl of allPlans(seed, now, sz, agents)) {
              for (const m of feed(seed, pl, co)) yield [pl.id, iso(m.ms), m.sentiment, m.score.toFixed(2), m.text, iso(Math.min(m.ms + 150 + (m.text.length % 200), now))];
            }
          },
        },
        {
          ...target.table("tool_permissions"),
          estimate: contactsEstimate * 0.7,
          *rows() {
            for (const pl of allPlans(seed, now, sz, agents)) {
              const p = pl.permission;
              if (!p) continue;
              const response = p.outcome === "pending" ? null : p.outcome;
              const by = p.outcome === "allowed" || p.outcome === "denied" ? idFor(seed, K.staff, pl.agent.supervisorIndex) : null;
              yield [idFor(seed, K.perm, pl.index * 2 + (pl.status === "active" ? 1 : 0)), pl.id, p.tool.name, p.description, iso(p.requestedMs), response, p.respondedMs === null ? null : iso(p.respondedMs), p.outcome, iso(p.requestedMs), by];
            }
          },
        },
      ];
    },
    personas(settings: SeedSettings): Persona[] {
      const sz = sizes(settings);
      const now = nowOf(settings);
      const agents = agentsOf(settings.seed, now, sz);
      const full = [...new Set(agents.map((a) => a.supervisorIndex))].find((s) => agents.filter((a) => a.supervisorIndex === s).length === 3);
      const out: Persona[] = [];
      const admin = staff(settings.seed, now, 0, sz.admins);
      out.push({ module: "contact_center", name: "admin", description: "An admin who sees every supervisor, agent and interaction", userId: admin.id, email: admin.email, refs: {} });
      if (full !== undefined) {
        const s = staff(settings.seed, now, full, sz.admins);
        out.push({
          module: "contact_center",
          name: "supervisor-with-three-agents",
          description: `A ${s.type} supervisor with three agents (the maximum)`,
          userId: s.id,
          email: s.email,
          refs: { username: s.username ?? "", agentIds: agents.filter((a) => a.supervisorIndex === full).map((a) => a.id) },
        });
      }
      return out;
    },
  };
}
