// agentflow: profiles (members who chat with the AgentFlow assistant, sales reps who work leads, an
// admin), conversations whose messages form one thread (each reply points at the turn it answers),
// the workflow executions those conversations triggered with the messages their agents exchanged,
// shared memory the agents kept per conversation, and a sales pipeline of leads.
// Every child re-derives its parent's facts from the parent's own PRNG; nothing is queried.
import { AGENTFLOW_STORIES } from "./stories";
import { logNormal } from "../../seedkit/distributions";
import { atLocalTime, OFFICE_HOURS } from "../../seedkit/localtime";
import { attachmentMeta, type ConversationFacts, BUDGETS, budgetTop, commas, CITIES, cutLength, ERRORS, INDUSTRIES, LANGUAGES, LEAD_SOURCES, LEAD_STAGES, MODELS, SCENARIOS, SCRIPT_SENDERS, SERVICES, openingText, script, TIMELINES, TIMES, WEEKDAYS, WORKFLOWS } from "./data";
import { authUserTables, RESERVED_DOMAINS, type SeedUser } from "../../seedkit/auth";
import { nowOf } from "../../seedkit/clock";
import { phoneFor } from "../../seedkit/phones";
import { pools } from "../../seedkit/pools";
import type { CopyValue, ModuleSeeder, Persona, SeedSettings, SeedTarget, TableSeed } from "../../seedkit/types";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import { DAY, MINUTE, SECOND, iso, volume } from "../../seedkit/volumes";

const K = keysOf("agentflow", {
  profile: "profiles", conv: "conversations", convMeta: "conversations.meta", convKey: "conversations.conversation_id",
  msg: "messages", text: "messages.content", lead: "leads", wf: "workflow_executions", am: "agent_messages", mem: "shared_memory"
});
const MAX_CONV = 5;
const MAX_MSG = 16;
const MAX_WF = 2;
const MAX_AM = 16;
const ASSISTANT_ID = "agentflow-assistant";
const ENGINE_ID = "workflow-engine";

// ---------------------------------------------------------------------------------------------
// profiles

type Role = "member" | "sales" | "admin";

/** Index 1 is an admin, every fifth from 2 a sales rep, the rest members (index 0, the persona, too). */
function roleOf(i: number): Role {
  return i === 1 ? "admin" : i % 5 === 2 ? "sales" : "member";
}

function profile(seed: number, now: number, i: number): SeedUser & { role: Role } {
  const rng = Rng.for(seed, K.profile, i);
  const p = pools(seed);
  const first = rng.pick(p.firstNames);
  const last = rng.pick(p.lastNames);
  const local = `${first}.${last}`
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9.]+/g, "")
    .toLowerCase();
  return {
    id: idFor(seed, K.profile, i),
    email: `${local}${i}@${rng.pick(RESERVED_DOMAINS)}`,
    fullName: `${first} ${last}`,
    createdMs: now - rng.int(40, 400) * DAY - rng.int(0, 86_399) * SECOND,
    role: roleOf(i),
  };
}

function salesIndexes(profiles: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < profiles; i++) if (roleOf(i) === "sales") out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------
// conversations and their messages

/** A turn of a conversation without its text (texts are made only where a table needs them). */
interface Message {
  sender: "user" | "assistant" | "agent" | "system";
  senderId: string;
  at: number;
  /** Position in the full script (workflow triggers are keyed on it); -1 for the calling-off turns. */
  step: number;
}

interface Conv {
  index: number;
  id: string;
  conversationId: string;
  userId: string;
  sessionId: string;
  status: string;
  channel: "web" | "mobile" | "api";
  facts: ConversationFacts;
  messages: Message[];
  kept: number;
  cancelled: boolean;
}

/** A text[] in PostgreSQL's array literal form (COPY sends text, and JSON arrays are not arrays). */
function textArray(items: readonly string[]): string {
  return `{${items.map((x) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function token(r: Rng, n: number): string {
  let out = "";
  for (let k = 0; k < n; k++) out += BASE62[r.next() % 62];
  return out;
}

function facts(seed: number, index: number, first: string): ConversationFacts {
  const r = Rng.for(seed, K.convMeta, index);
  const scenario = r.pick(SCENARIOS);
  const budget = r.pick(BUDGETS);
  const openHour = r.int(7, 9);
  return {
    first,
    company: r.pick(pools(seed).companies),
    scenario,
    tool: r.pick(scenario.tools),
    industry: r.pick(INDUSTRIES),
    city: r.pick(CITIES),
    volume: r.int(3, 160) * 25,
    team: r.int(2, 38),
    language: r.pick(LANGUAGES),
    budget: budget.label,
    budgetLow: budget.low,
    timeline: r.pick(TIMELINES),
    day: r.pick(WEEKDAYS),
    time: r.pick(TIMES),
    openHour,
    closeHour: openHour + r.int(8, 11),
    meetingId: `${r.int(100, 999)}-${r.int(100, 999)}-${r.int(1000, 9999)}`,
    attachment: r.weighted([
      [null, 80],
      ["file", 12],
      ["image", 8],
    ] as const),
  };
}

const CONV_STATUSES = [
  ["active", 25],
  ["completed", 30],
  ["inactive", 15],
  ["pending", 10],
  ["cancelled", 12],
  ["failed", 8],
] as const;

/**
 * Conversation j of profile i. An open one (active, pending) is under way at the seed's now: it and
 * the workflow runs it triggered are placed so that their last event is minutes before now (the
 * first conversation's within the minute before it); a finished one lies days back.
 */
function conversation(seed: number, now: number, i: number, j: number): Conv {
  const p = profile(seed, now, i);
  const index = i * MAX_CONV + j;
  const r = Rng.for(seed, K.conv, index);
  const f = facts(seed, index, p.fullName.split(" ")[0] ?? "there");
  const drawn = r.weighted(CONV_STATUSES);
  const status = index === 0 ? "active" : drawn;
  const channel = r.weighted([
    ["web", 65],
    ["mobile", 25],
    ["api", 10],
  ] as const);
  const sessionId = channel === "web" ? `sess_${token(r, 22)}` : channel === "mobile" ? `${r.bool(0.55) ? "ios" : "android"}_${token(r, 20)}` : `api_${token(r, 24)}`;
  // Open conversations are recent; finished ones may be older (but after sign-up).
  const recent = status === "active" || status === "pending";
  // How long before now an open conversation's last event was: long-tailed, 5 s..30 min (pending ones up to 2 h).
  const liveAgeMs = index === 0 ? r.int(5, 55) * SECOND : Math.round(Math.exp(Math.log(5) + r.float() * Math.log(status === "pending" ? 1440 : 360)) * SECOND);
  // A finished conversation opened on a working day's hour where the member's business is (f.city).
  const startMs = recent ? now - DAY : atLocalTime(r, Math.max(p.createdMs + DAY, now - r.int(3, 120) * DAY) - DAY, f.city.iana, OFFICE_HOURS);
  const { kept, cancelled } = cutLength(r, status);
  const senders = cancelled ? [...SCRIPT_SENDERS.slice(0, kept), { sender: "user" as const }, { sender: "assistant" as const }] : SCRIPT_SENDERS.slice(0, kept);
  let at = startMs;
  const messages = senders.map((t, k): Message => {
    // A person types for a while (long-tailed: a minute or so, sometimes a quarter of an hour); the engine and the assistant answer in seconds.
    if (k > 0) at += Math.round((t.sender === "user" ? logNormal(r, 60, 0.8, 8, 1800) : t.sender === "system" ? logNormal(r, 1.5, 0.4, 0.4, 5) : logNormal(r, 5, 0.5, 1.5, 40)) * SECOND);
    return {
      sender: t.sender,
      senderId: t.sender === "user" ? p.id : t.sender === "agent" ? (t.agent ?? "agent") : t.sender === "system" ? ENGINE_ID : ASSISTANT_ID,
      at,
      step: k < kept ? k : -1,
    };
  });
  const conversationId = `conv_${idFor(seed, K.convKey, index).replace(/-/g, "").slice(0, 24)}`;
  const c: Conv = { index, id: idFor(seed, K.conv, index), conversationId, userId: p.id, sessionId, status, channel, facts: f, messages, kept, cancelled };
  // The scheduling agent posts the booking once its workflow has finished it: the confirmation and
  // everything after it wait for the run's last event.
  const meeting = triggers(c).findIndex((t) => t.type === "meeting_scheduling");
  const confirmation = messages.findIndex((m) => m.step === 8);
  if (meeting >= 0 && confirmation >= 0) {
    const wait = lastEventMs(run(seed, c, meeting)) + r.int(500, 3000) - (messages[confirmation] as Message).at;
    if (wait > 0) for (let k = confirmation; k < messages.length; k++) (messages[k] as Message).at += wait;
  }
  if (!recent) return c;
  // Laid out from a provisional start a day back; shifted so the latest event (a message, or a
  // step of a workflow it triggered) lands liveAgeMs before now. Runs derive their times from the
  // messages', so they move with them.
  let latest = (messages[messages.length - 1] as Message).at;
  for (let w = 0; w < triggers(c).length; w++) latest = Math.max(latest, lastEventMs(run(seed, c, w)));
  const shift = now - liveAgeMs - latest;
  return { ...c, messages: messages.map((m) => ({ ...m, at: m.at + shift })) };
}

/** The latest time a workflow run shows (its completion, or its last message's processing). */
function lastEventMs(w: Run): number {
  let latest = Math.max(w.createdAt, w.startedAt ?? 0, w.completedAt ?? 0);
  for (const m of w.messages) latest = Math.max(latest, m.at, m.processedAt ?? 0);
  return latest;
}

/** The id of the k-th message of a conversation. */
const messageId = (seed: number, c: Conv, k: number) => idFor(seed, K.msg, c.index * MAX_MSG + k);

/** The texts of a conversation's messages, in order (from the conversation's own text stream). */
const textsOf = (seed: number, c: Conv) => script(Rng.for(seed, K.text, c.index), c.facts, c.kept, c.cancelled);

function conversationCount(seed: number, i: number): number {
  if (roleOf(i) !== "member") return 0;
  return Rng.for(seed, K.convMeta, i * MAX_CONV + MAX_CONV - 1).int(1, 4);
}

function* eachConv(seed: number, now: number, profiles: number): Generator<Conv> {
  for (let i = 0; i < profiles; i++) for (let j = 0; j < conversationCount(seed, i); j++) yield conversation(seed, now, i, j);
}

function conversationMetadata(r: Rng, c: Conv): Record<string, unknown> {
  const topic = `${c.facts.scenario.service} for ${c.facts.company}`;
  if (c.channel === "web") return { topic, landing_page: r.pick(["/pricing", "/solutions/support", "/solutions/sales", "/", "/integrations"]), referrer: r.pick(["https://www.google.com/", "https://www.linkedin.com/", "direct", "https://www.bing.com/"]), browser: r.pick(["Chrome 129", "Safari 18.0", "Edge 129", "Firefox 131"]), locale: "en-US" };
  if (c.channel === "mobile") return { topic, app_version: r.pick(["3.8.2", "3.9.0", "3.9.1"]), platform: c.sessionId.startsWith("ios") ? r.pick(["iOS 18.0", "iOS 17.6"]) : r.pick(["Android 14", "Android 15"]), locale: "en-US" };
  return { topic, client: r.pick(["zapier", "make", "custom-backend"]), api_key_prefix: `af_live_${token(r, 4)}` };
}

/** The status of message k: what the reader did with it. */
function messageStatus(c: Conv, k: number): string {
  const last = k === c.messages.length - 1;
  const m = c.messages[k] as Message;
  if (!last) return m.sender === "system" ? "delivered" : "read";
  if (c.status === "failed") return "failed";
  if (m.sender === "user") return "delivered";
  return c.status === "active" ? "delivered" : "read";
}

// ---------------------------------------------------------------------------------------------
// workflow executions and their agent messages

interface AgentMessage {
  agent: string;
  type: "input" | "output" | "system" | "error" | "tool_call";
  content: string;
  status: "pending" | "processing" | "completed" | "failed";
  toolCalls: unknown[];
  context: Record<string, unknown>;
  error: string | null;
  at: number;
  processedAt: number | null;
}

interface Run {
  index: number;
  id: string;
  conv: Conv;
  type: string;
  state: "pending" | "running" | "completed" | "failed" | "cancelled";
  step: string;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  config: Record<string, unknown>;
  plan: Record<string, unknown>;
  results: Record<string, unknown> | null;
  error: string | null;
  messages: AgentMessage[];
}

/** Which workflows a conversation triggered: its scenario's (at the system notice) and, once a slot was booked, meeting scheduling. */
function triggers(c: Conv): { type: string; at: number }[] {
  const out: { type: string; at: number }[] = [];
  const notice = c.messages.find((m) => m.step === 5);
  if (notice) out.push({ type: c.facts.scenario.workflow, at: notice.at });
  const slot = c.messages.find((m) => m.step === 7);
  if (slot && c.messages.some((m) => m.step === 8)) out.push({ type: "meeting_scheduling", at: slot.at + SECOND });
  return out;
}

function stepOutput(r: Rng, c: Conv, step: string, score: number): { text: string; data: Record<string, unknown> } {
  const f = c.facts;
  switch (step) {
    case "intake":
      return { text: `Extracted from the conversation: ${f.company}, budget ${f.budget}, live ${f.timeline}, uses ${f.tool}.`, data: { company: f.company, budget_range: f.budget, timeline: f.timeline } };
    case "enrich_company": {
      const employees = r.int(3, 60) * 10;
      return { text: `${f.company}: ${f.industry.industry}, about ${employees} employees, HQ ${f.city.city}, ${f.city.state}; stack includes ${f.tool}.`, data: { employees, hq: `${f.city.city}, ${f.city.state}` } };
    }
    case "score_lead":
      return { text: `Lead score ${score}/100: budget ${f.budget}, timeline ${f.timeline}, ${commas(f.volume)} inbound a month.`, data: { lead_score: score } };
    case "sync_crm":
      return { text: `Upserted ${f.company} in ${f.tool} as a ${score >= 60 ? "qualified" : "contacted"} lead and assigned it to the ${f.city.tz} sales pod.`, data: { crm: f.tool } };
    case "collect_availability":
      return { text: `${f.first} at ${f.company} asked for ${f.day} at ${f.time} ${f.city.tz} (${f.city.iana}).`, data: { day: f.day, time: f.time, timezone: f.city.iana } };
    case "find_slot":
      return { text: `A solutions engineer is free ${f.day} ${f.time} ${f.city.tz}; holding the slot for ${f.company} for 10 minutes.`, data: { held: true } };
    case "send_invite":
      return { text: `Calendar invite sent for ${f.day} ${f.time}, meeting ID ${f.meetingId}.`, data: { meeting_id: f.meetingId } };
    case "confirm":
      return { text: `Posted the booking confirmation to ${c.conversationId}.`, data: { posted: true } };
    case "classify_request":
      return { text: `Category for ${f.company}: ${f.industry.item}; urgency normal; languages English and ${f.language}.`, data: { category: f.industry.item } };
    case "search_knowledge_base": {
      const hits = r.int(2, 6);
      return { text: `Found ${hits} help-center articles on ${f.industry.item} (best relevance 0.${r.int(72, 94)}).`, data: { articles: hits } };
    }
    case "draft_reply":
      return { text: `Drafted a ${r.int(60, 180)}-word reply for ${f.company}'s ${f.industry.people}.`, data: { language: "en" } };
    case "quality_check":
      return { text: `Approved the draft for ${f.company}: tone, accuracy and refund policy checks passed.`, data: { approved: true } };
    case "plan_research":
      return { text: `Brief on ${f.company}'s market: ${r.int(4, 7)} questions (competitors, pricing, buyers in ${f.industry.industry}).`, data: {} };
    case "gather_sources":
      return { text: `Collected ${r.int(6, 24)} documents from ${f.tool} and ${r.int(2, 9)} public filings.`, data: {} };
    case "summarize":
      return { text: `Wrote a ${r.int(9, 25) * 100}-word brief on ${f.company} with ${r.int(8, 30)} citations.`, data: {} };
    case "estimate_pricing": {
      const monthly = Math.max(f.budgetLow, r.int(12, 90) * 100);
      return { text: `Voice plan for ${commas(f.volume)} calls a week: $${commas(monthly)}/month plus $${r.int(5, 30) * 100} setup.`, data: { monthly_price_usd: monthly } };
    }
    case "draft_proposal":
      return { text: `Proposal for ${f.company} drafted: ${r.int(4, 9)} pages, go-live ${f.timeline}.`, data: {} };
    case "gather_requirements":
      return { text: `${commas(f.volume)} ${f.industry.item} a week, open ${f.openHour}:00-${f.closeHour}:00 ${f.city.tz}, phones on ${f.tool}.`, data: {} };
    default:
      return { text: `Checked every claim in the ${f.company} ${step === "review" ? "document" : step} against its source.`, data: { verified: true } };
  }
}

function resultsOf(r: Rng, c: Conv, type: string, score: number): Record<string, unknown> {
  const f = c.facts;
  switch (type) {
    case "lead_qualification":
      return { lead_score: score, recommended_status: score >= 60 ? "qualified" : "contacted", budget_range: f.budget, timeline: f.timeline, services_interested: [f.scenario.service], crm: f.tool };
    case "meeting_scheduling":
      return { meeting_id: f.meetingId, day: f.day, time: f.time, timezone: f.city.iana, duration_minutes: 30, invite_status: "accepted" };
    case "support_triage":
      return { category: f.industry.item, resolution: "draft_approved", reply_language: "en", alternate_language: f.language, confidence: r.int(78, 97) / 100 };
    case "research_brief":
      return { company: f.company, questions_answered: r.int(4, 7), sources: r.int(8, 30), brief_words: r.int(9, 25) * 100 };
    default:
      return { plan: f.budgetLow >= 10000 ? "Scale" : f.budgetLow >= 3000 ? "Growth" : "Starter", monthly_price_usd: Math.max(f.budgetLow, r.int(12, 90) * 100), setup_fee_usd: r.int(5, 30) * 100, go_live: f.timeline };
  }
}

function run(seed: number, c: Conv, w: number): Run {
  const trigger = triggers(c)[w] as { type: string; at: number };
  const index = c.index * MAX_WF + w;
  const r = Rng.for(seed, K.wf, index);
  const { type } = trigger;
  const steps = WORKFLOWS[type] ?? [];
  const f = c.facts;
  // The state follows the conversation: the booking step finished before the confirmation was posted.
  let state: Run["state"];
  if (type === "meeting_scheduling") state = "completed";
  else if (c.status === "failed") state = "failed";
  else if (c.status === "cancelled") state = "cancelled";
  else if (c.status === "completed") state = r.bool(0.9) ? "completed" : "failed";
  else if (c.status === "pending") state = r.bool(0.5) ? "pending" : "running";
  else state = r.bool(0.5) ? "running" : "completed";
  const reached = state === "completed" ? steps.length : state === "pending" ? 0 : r.int(1, steps.length - 1);
  const score = r.int(35, 95);
  const model = r.pick(MODELS);
  const createdAt = trigger.at;
  const startedAt = state === "pending" ? null : createdAt + Math.round(logNormal(r, 1800, 0.9, 300, 120_000));
  const messages: AgentMessage[] = [];
  let at = createdAt + 300;
  const done = (ms: number) => ms + r.int(300, 2500);
  const plan = steps.map((s) => s.name).join(" -> ");
  messages.push({
    agent: "orchestrator",
    type: "system",
    content: `Plan for ${f.company}: ${steps.length} steps (${plan}).`,
    status: state === "pending" ? "pending" : "completed",
    toolCalls: [],
    context: { conversation_id: c.conversationId, workflow_type: type },
    error: null,
    at,
    processedAt: state === "pending" ? null : done(at),
  });
  let error: string | null = null;
  const until = state === "completed" ? steps.length : reached + 1;
  for (let s = 0; s < until && state !== "pending"; s++) {
    const step = steps[s] as (typeof steps)[number];
    const current = s === reached && state !== "completed";
    // Each step takes what a model call takes: seconds usually, now and then a minute or more.
    at += Math.round(logNormal(r, 7, 0.8, 1.5, 240) * SECOND);
    // Now and then a provider's rate limit holds the step back for a while.
    if (r.bool(0.08)) at += Math.round(logNormal(r, 40, 0.9, 5, 900) * SECOND);
    const inputStatus = current && state === "running" ? "processing" : "completed";
    messages.push({ agent: step.agent, type: "input", content: `Task: ${step.does} for ${f.company}.`, status: inputStatus, toolCalls: [], context: { step: step.name, conversation_id: c.conversationId }, error: null, at, processedAt: inputStatus === "completed" ? done(at) : null });
    if (current && state === "running") break;
    if (current && state === "cancelled") {
      at += Math.round(logNormal(r, 2.5, 0.7, 0.4, 60) * SECOND);
      messages.push({ agent: "orchestrator", type: "system", content: `Canceled at ${step.name} for ${f.company}: the user closed the conversation.`, status: "completed", toolCalls: [], context: { step: step.name }, error: null, at, processedAt: done(at) });
      break;
    }
    if (step.tool) {
      at += Math.round(logNormal(r, 2, 0.7, 0.3, 60) * SECOND);
      const callId = `call_${token(r, 24)}`;
      const args = JSON.stringify(step.tool.startsWith("calendar") ? { day: f.day, time: f.time, timezone: f.city.iana } : step.tool === "crm_upsert" ? { company: f.company, score } : { query: `${f.company} ${f.industry.industry}` });
      const failsHere = current && state === "failed";
      messages.push({
        agent: step.agent,
        type: "tool_call",
        // Says what the call is about (the arguments it carries), as an agent's log line does.
        content: step.tool.startsWith("calendar") ? `Calling ${step.tool} for ${f.company}: ${f.day} at ${f.time} (${f.city.iana}).` : `Calling ${step.tool} for ${f.company} (${step.name}).`,
        status: failsHere ? "failed" : "completed",
        toolCalls: [{ id: callId, type: "function", function: { name: step.tool, arguments: args } }],
        context: { step: step.name },
        error: null,
        at,
        processedAt: done(at),
      });
    }
    if (current && state === "failed") {
      error = r.pick(ERRORS[step.tool ?? "none"] ?? (ERRORS.none as NonNullable<(typeof ERRORS)["none"]>))(f, r);
      at += r.int(1, 30) * SECOND;
      messages.push({ agent: step.agent, type: "error", content: `Step ${step.name} failed for ${f.company}.`, status: "failed", toolCalls: [], context: { step: step.name, attempt: 3 }, error, at, processedAt: done(at) });
      break;
    }
    at += r.int(2, 25) * SECOND;
    const out = stepOutput(r, c, step.name, score);
    messages.push({ agent: step.agent, type: "output", content: out.text, status: "completed", toolCalls: [], context: { step: step.name, ...out.data }, error: null, at, processedAt: done(at) });
  }
  const results = state === "completed" ? resultsOf(r, c, type, score) : null;
  if (state === "completed") {
    at += r.int(1, 3) * SECOND;
    messages.push({ agent: "orchestrator", type: "output", content: `Workflow finished in ${Math.round((at - (startedAt ?? at)) / SECOND)}s for ${f.company}.`, status: "completed", toolCalls: [], context: { results_keys: Object.keys(results ?? {}) }, error: null, at, processedAt: done(at) });
  }
  const last = messages[messages.length - 1] as AgentMessage;
  const completedAt = state === "completed" || state === "failed" || state === "cancelled" ? (last.processedAt ?? last.at) : null;
  const stepName = state === "completed" ? (steps[steps.length - 1]?.name ?? "done") : (steps[reached]?.name ?? "queued");
  return {
    index,
    id: idFor(seed, K.wf, index),
    conv: c,
    type,
    state,
    step: stepName,
    createdAt,
    startedAt,
    completedAt,
    config: { model, temperature: r.pick([0, 0.2, 0.3]), max_steps: steps.length + 2, timeout_seconds: r.pick([120, 300, 600]), trigger: "conversation", channel: c.channel },
    plan: { steps: steps.map((s, n) => ({ order: n + 1, name: s.name, agent: s.agent, description: s.does, ...(s.tool ? { tool: s.tool } : {}) })), retry_policy: { max_attempts: 3, backoff_seconds: 5 } },
    results,
    error,
    messages,
  };
}

function* eachRun(seed: number, now: number, profiles: number): Generator<Run> {
  for (const c of eachConv(seed, now, profiles)) for (let w = 0; w < triggers(c).length; w++) yield run(seed, c, w);
}

function participants(messages: AgentMessage[]): string[] {
  return [...new Set(messages.map((m) => m.agent))];
}

// ---------------------------------------------------------------------------------------------
// shared memory

interface Memory {
  key: string;
  scope: string;
  value: Record<string, unknown>;
  from: number;
}

function memories(c: Conv): Memory[] {
  const f = c.facts;
  const at = (step: number) => c.messages.find((m) => m.step === step)?.at;
  const out: Memory[] = [];
  out.push({ key: "visitor_profile", scope: "session", value: { company: f.company, industry: f.industry.industry, tool: f.tool }, from: 0 });
  if (at(2) !== undefined) {
    out.push({ key: "team", scope: "agent", value: { team_size: f.team, business_hours: `${f.openHour}:00-${f.closeHour}:00`, timezone: f.city.iana, city: f.city.city }, from: 2 });
    out.push({ key: "language_preferences", scope: "global", value: { primary: "English", secondary: f.language }, from: 2 });
  }
  if (at(4) !== undefined) out.push({ key: "qualification", scope: "workflow", value: { budget_range: f.budget, timeline: f.timeline, service: f.scenario.service }, from: 4 });
  if (at(8) !== undefined) out.push({ key: "meeting", scope: "workflow", value: { day: f.day, time: f.time, timezone: f.city.iana, meeting_id: f.meetingId }, from: 8 });
  return out;
}

// ---------------------------------------------------------------------------------------------
// leads

function companySlug(company: string): string {
  return (
    company
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "company"
  );
}

const COMPETITORS = ["Ada", "Forethought", "Drift", "Qualified", "an in-house build", "Intercom Fin"] as const;
const LOSS_REASONS = ["price", "timing — budget moved to next year", "they needed on-prem hosting", "went with their CRM vendor's bundle"] as const;

function lead(seed: number, now: number, n: number, sales: number[]): CopyValue[] {
  const r = Rng.for(seed, K.lead, n);
  const p = pools(seed);
  const first = r.pick(p.firstNames);
  const last = r.pick(p.lastNames);
  const company = r.pick(p.companies);
  const stage = r.weighted(LEAD_STAGES.map((s) => [s, s.weight] as const));
  const status = stage.status;
  const score = r.int(stage.min, stage.max);
  const advanced = status !== "new" && status !== "contacted";
  const nServices = status === "new" ? r.int(0, 1) : advanced ? r.int(1, 3) : r.int(1, 2);
  const services: string[] = [];
  while (services.length < nServices) {
    const s = r.pick(SERVICES);
    if (!services.includes(s)) services.push(s);
  }
  const tier = r.pick(BUDGETS);
  const budget = tier.label;
  const budgetRange = advanced ? budget : status === "contacted" ? (r.bool(0.5) ? budget : "Not sure yet") : r.bool(0.3) ? "Not sure yet" : null;
  const timeline = status === "won" ? "Signed; onboarding started" : advanced ? r.pick(TIMELINES) : status === "contacted" ? r.pick(["Just exploring", "next quarter", "in the next 60-90 days"]) : r.bool(0.4) ? "Just exploring" : null;
  const source = r.pick(LEAD_SOURCES);
  const createdMs = now - r.int(status === "new" ? 0 : 10, status === "new" ? 9 : 150) * DAY - r.int(1, 23 * 60) * MINUTE - r.int(0, 59) * SECOND;
  const updatedMs = status === "new" ? createdMs : Math.min(now - r.int(1, 600) * SECOND, createdMs + r.int(1, 9) * DAY);
  const when = new Date(updatedMs).toISOString().slice(0, 10);
  const service = services[0] ?? "AI agents";
  // A quoted or signed amount stays within the lead's budget range.
  const ceiling = budgetTop(budget) as number;
  const monthly = r.int(tier.low / 100, ceiling / 100 - 1) * 100;
  const notes =
    status === "new"
      ? r.bool(0.5)
        ? `Came in via ${source.replace(/_/g, " ")} on ${when}: ${first} at ${company} asked about ${service}.`
        : null
      : status === "contacted"
        ? r.pick([`Emailed ${first} on ${when}; waiting to hear back about ${service}.`, `Left a voicemail for ${first} on ${when}; ${company} asked for pricing by email.`])
        : status === "qualified"
          ? `Discovery call ${when}: ${first} owns the budget (${budgetRange}); wants ${service} ${timeline}.`
          : status === "proposal"
            ? `Proposal sent ${when}: ${service} at $${commas(monthly)}/month.`
            : status === "negotiation"
              ? `Negotiating an annual prepay discount on $${commas(monthly)}/month; ${company} legal is reviewing the DPA.`
              : status === "won"
                ? `Closed-won ${when}: ${service}, $${commas(monthly)}/month; kickoff booked with ${first}.`
                : `Lost ${when} to ${r.pick(COMPETITORS)} — ${r.pick(LOSS_REASONS)}.`;
  const assigned = status === "new" && r.bool(0.7) ? null : sales.length > 0 ? idFor(seed, K.profile, sales[r.int(0, sales.length - 1)] as number) : null;
  return [
    idFor(seed, K.lead, n),
    `${first} ${last}`,
    `${`${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]+/g, "")}@${companySlug(company)}.test`,
    // The lead's own fictional number (phones.ts).
    phoneFor(n, 15_485_863),
    company,
    status,
    score,
    textArray(services),
    budgetRange,
    timeline,
    source,
    notes,
    assigned,
    { utm_source: source === "website_chat" || source === "contact_form" ? r.pick(["google", "linkedin", "newsletter", "direct"]) : source, industry: r.pick(INDUSTRIES).industry, employees: r.int(1, 80) * 10 },
    iso(createdMs),
    iso(updatedMs),
  ];
}

// ---------------------------------------------------------------------------------------------

export function agentflowSeeder(target: SeedTarget): ModuleSeeder {
  return {
    module: "agentflow",
    resetSql: target.resetSql,
    stories: AGENTFLOW_STORIES,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const now = nowOf(settings);
      const profiles = volume(settings, 20);
      const leads = volume(settings, 60);
      const sales = salesIndexes(profiles);
      const convEstimate = profiles * 0.7 * 2.5;
      return [
        ...authUserTables("agentflow", profiles, (i) => profile(seed, now, i)),
        {
          ...target.table("profiles"),
          estimate: profiles,
          *rows() {
            for (let i = 0; i < profiles; i++) {
              const p = profile(seed, now, i);
              yield [p.id, p.email, p.fullName, p.role, iso(p.createdMs), iso(p.createdMs + Rng.for(seed, K.profile, i).int(0, 20) * DAY)];
            }
          },
        },
        {
          ...target.table("conversations"),
          estimate: convEstimate,
          *rows() {
            for (const c of eachConv(seed, now, profiles)) {
              const r = Rng.for(seed, K.conv, c.index + 0x5000);
              const first = c.messages[0] as Message;
              const last = c.messages[c.messages.length - 1] as Message;
              yield [c.id, c.conversationId, c.userId, c.sessionId, "user", openingText(Rng.for(seed, K.text, c.index), c.facts), c.status, c.channel, conversationMetadata(r, c), iso(first.at), iso(last.at)];
            }
          },
        },
        {
          ...target.table("messages"),
          estimate: convEstimate * 7,
          *rows() {
            for (const c of eachConv(seed, now, profiles)) {
              const r = Rng.for(seed, K.msg, c.index);
              const model = r.pick(MODELS);
              const texts = textsOf(seed, c);
              for (let k = 0; k < c.messages.length; k++) {
                const m = c.messages[k] as Message;
                const next = c.messages[k + 1];
                const status = messageStatus(c, k);
                const metadata =
                  m.sender === "assistant"
                    ? { model, prompt_tokens: r.int(400, 3200) + k * 120, completion_tokens: Math.round((texts[k] ?? "").length / 4) + r.int(0, 20), latency_ms: r.int(600, 4200) }
                    : m.sender === "user"
                      ? { client: c.channel === "web" ? "web-widget/4.2.1" : c.channel === "mobile" ? "agentflow-mobile/3.9.1" : "rest-api/v1", ...(m.step === 2 && c.facts.attachment ? { attachment: attachmentMeta(c.facts, r.int(12, 480) * 1024) } : {}) }
                      : m.sender === "system"
                        ? { event: "workflow_started", workflow_type: c.facts.scenario.workflow }
                        : { workflow_type: "meeting_scheduling" };
                yield [
                  messageId(seed, c, k),
                  c.conversationId,
                  k === 0 ? null : messageId(seed, c, k - 1),
                  m.sender,
                  m.senderId,
                  texts[k],
                  m.sender === "system" ? "system" : m.step === 2 && c.facts.attachment ? c.facts.attachment : "text",
                  status,
                  metadata,
                  iso(m.at),
                  iso(status === "read" && next ? next.at : m.at),
                ];
              }
            }
          },
        },
        {
          ...target.table("leads"),
          estimate: leads,
          *rows() {
            for (let n = 0; n < leads; n++) yield lead(seed, now, n, sales);
          },
        },
        {
          ...target.table("workflow_executions"),
          estimate: convEstimate,
          *rows() {
            for (const w of eachRun(seed, now, profiles)) {
              const last = w.messages[w.messages.length - 1] as AgentMessage;
              yield [
                w.id,
                w.conv.conversationId,
                w.type,
                w.state,
                w.step,
                textArray(participants(w.messages)),
                w.conv.userId,
                w.config,
                w.plan,
                w.results,
                w.error,
                w.startedAt === null ? null : iso(w.startedAt),
                w.completedAt === null ? null : iso(w.completedAt),
                iso(Math.max(w.completedAt ?? 0, last.processedAt ?? last.at, w.createdAt)),
                iso(w.createdAt),
              ];
            }
          },
        },
        {
          ...target.table("agent_messages"),
          estimate: convEstimate * 8,
          *rows() {
            for (const w of eachRun(seed, now, profiles)) {
              for (let m = 0; m < w.messages.length; m++) {
                const a = w.messages[m] as AgentMessage;
                yield [idFor(seed, K.am, w.index * MAX_AM + m), w.id, a.agent, a.type, a.content, a.status, a.toolCalls, a.context, a.error, iso(a.at), iso(a.processedAt ?? a.at), a.processedAt === null ? null : iso(a.processedAt)];
              }
            }
          },
        },
        {
          ...target.table("shared_memory"),
          estimate: convEstimate * 3,
          *rows() {
            for (const c of eachConv(seed, now, profiles)) {
              const r = Rng.for(seed, K.mem, c.index);
              const list = memories(c);
              for (let m = 0; m < list.length; m++) {
                const mem = list[m] as Memory;
                const created = (c.messages.find((x) => x.step === mem.from) as Message).at + r.int(200, 1500);
                // Read by every later assistant/agent turn that needed it, plus workflow lookups.
                const readers = c.messages.filter((x) => x.at > created && (x.sender === "assistant" || x.sender === "agent"));
                const count = readers.length === 0 ? 0 : readers.length + r.int(0, 4);
                const lastRead = readers.length === 0 ? null : (readers[readers.length - 1] as Message).at - r.int(100, 900);
                yield [
                  idFor(seed, K.mem, c.index * 8 + m),
                  c.conversationId,
                  mem.key,
                  mem.value,
                  mem.scope,
                  count,
                  lastRead === null ? null : iso(Math.max(lastRead, created)),
                  { written_by: mem.scope === "workflow" ? c.facts.scenario.workflow : mem.scope === "agent" ? "intake_agent" : ASSISTANT_ID, source_message_id: messageId(seed, c, mem.from) },
                  iso(created),
                  iso(created),
                ];
              }
            }
          },
        },
      ];
    },
    personas(settings: SeedSettings): Persona[] {
      const seed = settings.seed;
      const now = nowOf(settings);
      const p = profile(seed, now, 0);
      const convs = Array.from({ length: conversationCount(seed, 0) }, (_, j) => conversation(seed, now, 0, j));
      const admin = profile(seed, now, 1);
      const rep = profile(seed, now, 2);
      return [
        { module: "agentflow", name: "agentflow-member", description: "A member with threaded conversations, their workflows and shared memory", userId: p.id, email: p.email, refs: { conversationIds: convs.map((c) => c.conversationId) } },
        { module: "agentflow", name: "agentflow-admin", description: "An admin (profiles.role = 'admin') who reads every row and manages leads", userId: admin.id, email: admin.email, refs: {} },
        { module: "agentflow", name: "agentflow-sales-rep", description: "A sales rep who works the leads assigned to them", userId: rep.id, email: rep.email, refs: {} },
      ];
    },
  };
}
