// What AgentFlow conversations, leads and workflows are about. AgentFlow sells AI agents to businesses:
// a member describes their business (company, industry, the tool they use, their volume), the
// assistant asks follow-up questions, a scheduling agent books a call. Every turn is composed from
// phrasings and the conversation's own facts, and each reply picks up what the turn before it said.
import type { Rng } from "../../seedkit/prng";

/** US cities with the time zone a person there would name. */
export const CITIES = [
  { city: "Boston", state: "MA", tz: "Eastern", iana: "America/New_York" },
  { city: "Atlanta", state: "GA", tz: "Eastern", iana: "America/New_York" },
  { city: "Charlotte", state: "NC", tz: "Eastern", iana: "America/New_York" },
  { city: "Pittsburgh", state: "PA", tz: "Eastern", iana: "America/New_York" },
  { city: "Chicago", state: "IL", tz: "Central", iana: "America/Chicago" },
  { city: "Austin", state: "TX", tz: "Central", iana: "America/Chicago" },
  { city: "Nashville", state: "TN", tz: "Central", iana: "America/Chicago" },
  { city: "Minneapolis", state: "MN", tz: "Central", iana: "America/Chicago" },
  { city: "Denver", state: "CO", tz: "Mountain", iana: "America/Denver" },
  { city: "Salt Lake City", state: "UT", tz: "Mountain", iana: "America/Denver" },
  { city: "Phoenix", state: "AZ", tz: "Arizona", iana: "America/Phoenix" },
  { city: "Seattle", state: "WA", tz: "Pacific", iana: "America/Los_Angeles" },
  { city: "Portland", state: "OR", tz: "Pacific", iana: "America/Los_Angeles" },
  { city: "San Diego", state: "CA", tz: "Pacific", iana: "America/Los_Angeles" },
] as const;
export type City = (typeof CITIES)[number];

/** Industries with what their customers send in. */
export const INDUSTRIES = [
  { industry: "e-commerce", item: "order status questions", people: "shoppers" },
  { industry: "dental practice", item: "appointment requests", people: "patients" },
  { industry: "property management", item: "maintenance requests", people: "tenants" },
  { industry: "freight brokerage", item: "load status inquiries", people: "shippers" },
  { industry: "B2B SaaS", item: "support tickets", people: "customers" },
  { industry: "insurance agency", item: "claims questions", people: "policyholders" },
  { industry: "auto dealership", item: "service bookings", people: "vehicle owners" },
  { industry: "law firm", item: "intake calls", people: "prospective clients" },
  { industry: "boutique hotel", item: "booking questions", people: "guests" },
  { industry: "fitness studio chain", item: "membership questions", people: "members" },
  { industry: "home services", item: "quote requests", people: "homeowners" },
  { industry: "veterinary clinic", item: "appointment calls", people: "pet owners" },
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** What a member wants, the tool they already use for it, and the AgentFlow service that fits. */
export const SCENARIOS = [
  { kind: "support", tools: ["Zendesk", "Freshdesk", "Intercom", "Help Scout", "Gorgias"], service: "AI support agent", workflow: "support_triage" },
  { kind: "leads", tools: ["HubSpot", "Salesforce", "Pipedrive", "Zoho CRM", "Close"], service: "lead qualification agent", workflow: "lead_qualification" },
  { kind: "voice", tools: ["Twilio", "RingCentral", "Aircall", "Dialpad"], service: "AI voice receptionist", workflow: "proposal_generation" },
  { kind: "research", tools: ["Notion", "Google Drive", "Confluence", "SharePoint"], service: "research assistant agent", workflow: "research_brief" },
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const LANGUAGES = ["Spanish", "French", "Portuguese", "Vietnamese", "Mandarin", "Korean", "Tagalog"] as const;
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] as const;
export const TIMES = ["9:30 AM", "10:00 AM", "10:30 AM", "11:15 AM", "1:00 PM", "1:30 PM", "2:00 PM", "3:30 PM", "4:00 PM"] as const;
export const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "claude-3-5-haiku"] as const;

/** The facts one conversation is about; every turn draws on them. */
export interface ConversationFacts {
  first: string;
  company: string;
  scenario: Scenario;
  tool: string;
  industry: Industry;
  city: City;
  volume: number;
  team: number;
  language: string;
  budget: string;
  budgetLow: number;
  timeline: string;
  day: string;
  time: string;
  openHour: number;
  closeHour: number;
  meetingId: string;
  /** What the member attached to their answer about the team, if anything (message_type file/image). */
  attachment: "file" | "image" | null;
}

export const BUDGETS = [
  { label: "$1k-$3k per month", low: 1000 },
  { label: "$3k-$5k per month", low: 3000 },
  { label: "$5k-$10k per month", low: 5000 },
  { label: "$10k-$25k per month", low: 10000 },
  { label: "$25k+ per month", low: 25000 },
] as const;
/** The top of a budget range label: the next tier's floor ("$3k-$5k per month" -> 5000), twice the floor for the last ("$25k+"); null for a label that is not a tier. */
export function budgetTop(label: unknown): number | null {
  const i = BUDGETS.findIndex((b) => b.label === label);
  if (i < 0) return null;
  return BUDGETS[i + 1]?.low ?? (BUDGETS[i] as { low: number }).low * 2;
}
export const TIMELINES = ["within 30 days", "this quarter", "before the holiday season", "in the next 60-90 days", "by the start of next quarter", "as soon as possible"] as const;

/** 1234567 -> "1,234,567" (what toLocaleString("en-US") prints, without its per-call cost). */
export function commas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "a" or "an" and the word. */
const an = (word: string) => `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;

const hour = (h: number) => (h === 12 ? "noon" : h > 12 ? `${h - 12}pm` : `${h}am`);

/** A message in a conversation script: who says it and what. */
export interface Turn {
  sender: "user" | "assistant" | "agent" | "system";
  /** For agent turns: the agent's name. */
  agent?: string;
  text: string;
}

const pick = <T>(r: Rng, items: readonly T[]): T => r.pick(items);

/** The user's opening message: who they are, what they use, how much comes in. */
function opener(r: Rng, f: ConversationFacts): string {
  const { company, tool, volume, industry } = f;
  const perWeek = `${commas(volume)} ${industry.item} a week`;
  switch (f.scenario.kind) {
    case "support":
      return pick(r, [
        `Hi, I run support at ${company}, ${an(industry.industry)} business. We get about ${perWeek} in ${tool} and my team can't keep up. Can an AI agent answer the easy ones?`,
        `We're drowning in ${industry.item} at ${company} — roughly ${perWeek}, all landing in ${tool}. Is there a way to automate first replies?`,
        `Hello! ${company} here (${industry.industry}). Our ${tool} queue has about ${perWeek}. Looking for something that resolves the repetitive tickets without hiring.`,
        `Quick question: could your support agent plug into ${tool}? We handle around ${perWeek} at ${company} and half of them are the same five questions.`,
      ]);
    case "leads":
      return pick(r, [
        `Hi — I'm ${f.first}, head of growth at ${company}. Inbound is around ${commas(volume)} form fills a month and our reps waste hours sorting them in ${tool}. Can you qualify them automatically?`,
        `We use ${tool} at ${company} and get roughly ${commas(volume)} new leads a month from the website. I want an agent that scores them before sales touches them.`,
        `Looking for help with lead routing. ${company} is ${an(industry.industry)} company, ${commas(volume)} inbound leads a month, everything lives in ${tool}.`,
        `Can your platform qualify leads inside ${tool}? ${company} gets about ${commas(volume)} a month and our SDRs are only calling the top third.`,
      ]);
    case "voice":
      return pick(r, [
        `Our front desk at ${company} misses a lot of calls — we're ${an(industry.industry)} in ${f.city.city} with about ${perWeek}. Our phones run on ${tool}. Can an AI voice agent pick up?`,
        `Hi, I manage ${company} in ${f.city.city}. We get roughly ${perWeek} by phone through ${tool} and half go to voicemail after hours. Interested in a voice receptionist.`,
        `Is the AI receptionist able to work with ${tool}? ${company} (${industry.industry}, ${f.city.city}) takes about ${perWeek} and we'd like to stop losing the after-hours ones.`,
      ]);
    default:
      return pick(r, [
        `I'm ${f.first} from ${company}. We keep market research scattered across ${tool} and it takes a week to put a competitor brief together. Can an agent do the first draft?`,
        `Hi! At ${company} we write about ${Math.max(2, Math.round(volume / 100))} account research briefs a week for our ${industry.industry} clients, sources are all in ${tool}. Could your research assistant help?`,
        `We're evaluating AI research agents for ${company}. Our analysts pull from ${tool} plus public filings; a brief takes them 6-8 hours.`,
      ]);
  }
}

/** The assistant picks up the tool and volume, and asks about the team and hours. */
function ackAndAskTeam(r: Rng, f: ConversationFacts): string {
  const lead = pick(r, [
    `Thanks for the detail, ${f.first}.`,
    `Got it — ${f.tool} at ${f.company} is a familiar setup.`,
    `Happy to help with that, ${f.first}.`,
    `That's a great fit for what we do.`,
  ]);
  const middle =
    f.scenario.kind === "leads"
      ? pick(r, [
          `We connect to ${f.tool} natively, so ${f.company}'s ${commas(f.volume)} leads a month land scored on the right owner without an export.`,
          `With ${f.tool} we write the score and a short summary straight onto the contact record, so your reps see which of the ${commas(f.volume)} to call first.`,
        ])
      : f.scenario.kind === "research"
        ? pick(r, [`We can index ${f.company}'s ${f.tool} read-only and cite every source in the brief.`, `Our research assistant reads from ${f.tool} and keeps links back to each document it used, so your ${f.industry.industry} clients can check every claim.`])
        : pick(r, [
            `At ${commas(f.volume)} a week our ${f.scenario.service} usually resolves 40-60% on its own, and it works inside ${f.tool}.`,
            `${f.tool} is one of our standard integrations, and ${commas(f.volume)} a week is well within what one agent handles.`,
            `For ${f.industry.item} like yours, the agent can answer directly in ${f.tool} and hand anything tricky to a person.`,
          ]);
  const ask = pick(r, [
    `How many people on your team handle this today, and what hours do you cover?`,
    `Who would the agent hand off to — how big is the team, and what are your business hours?`,
    `To size it: how many people work these today, and when are you staffed?`,
  ]);
  return `${lead} ${middle} ${ask}`;
}

function teamAnswer(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `We have ${f.team} people, ${hour(f.openHour)} to ${hour(f.closeHour)} ${f.city.tz} time. About a fifth of requests come in ${f.language}.`,
    `${f.team} on the team, based in ${f.city.city}. We're open ${hour(f.openHour)}-${hour(f.closeHour)} ${f.city.tz}, nothing on weekends.`,
    `Team of ${f.team}. Hours are ${hour(f.openHour)} to ${hour(f.closeHour)} ${f.city.tz}, and we get a fair amount in ${f.language} too.`,
    `Just ${f.team} of us in ${f.city.city}, ${hour(f.openHour)} until ${hour(f.closeHour)}. Evenings are where we lose people.`,
  ]) + (f.attachment === "file" ? " I've attached last month's volume report." : f.attachment === "image" ? " Here's a screenshot of our queue this morning." : "");
}

/** The attachment's metadata as a chat client would record it. */
export function attachmentMeta(f: ConversationFacts, size: number): Record<string, unknown> | null {
  if (f.attachment === "file") return { file_name: `${slug(f.company)}-volume-report.csv`, mime_type: "text/csv", size_bytes: size };
  if (f.attachment === "image") return { file_name: "queue-screenshot.png", mime_type: "image/png", size_bytes: size * 8, width: 1440, height: 900 };
  return null;
}

function askBudget(r: Rng, f: ConversationFacts): string {
  const coverage = pick(r, [
    `With ${f.team} people covering ${hour(f.openHour)}-${hour(f.closeHour)}, the agent would mostly take the evenings and overflow.`,
    `So outside ${hour(f.openHour)}-${hour(f.closeHour)} ${f.city.tz} the agent would be your only coverage — that's where it pays for itself fastest.`,
    `A team of ${f.team} is a good size for a human-in-the-loop setup: the agent drafts, your people approve the edge cases.`,
  ]);
  const lang = r.bool(0.5) ? ` It also answers in ${f.language}, so those requests wouldn't wait for a bilingual teammate.` : "";
  const ask = pick(r, [
    ` Do you have a budget range in mind, and when would you want this live?`,
    ` What budget are you working with, and what's your timeline?`,
    ` Roughly what monthly budget should I plan around, and how soon do you need it?`,
  ]);
  return `${coverage}${lang}${ask}`;
}

function budgetAnswer(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `We've set aside ${f.budget} at ${f.company} and would like it running ${f.timeline}.`,
    `Budget is ${f.budget} for the ${f.team} of us. Ideally live ${f.timeline}.`,
    `Somewhere around ${f.budget} for ${commas(f.volume)} a ${f.scenario.kind === "leads" ? "month" : "week"}, and the goal is ${f.timeline}.`,
    `I'd need to stay within ${f.budget}; ${f.company} signs off on anything above that. Timeline: ${f.timeline} if possible.`,
  ]);
}

function workflowNotice(f: ConversationFacts): string {
  const name = f.scenario.workflow.replace(/_/g, " ");
  return `${name[0]?.toUpperCase()}${name.slice(1)} workflow started for ${f.company} (${f.budget}, ${f.timeline}).`;
}

function proposeAndAskSlot(r: Rng, f: ConversationFacts): string {
  const plan =
    f.budgetLow >= 10000
      ? `${f.budget} fits our Scale plan with a dedicated solutions engineer`
      : f.budgetLow >= 3000
        ? `${f.budget} fits our Growth plan, including the ${f.tool} integration`
        : `${f.budget} works for our Starter plan to begin with; we can add volume later`;
  return pick(r, [
    `${plan}, and going live ${f.timeline} is realistic. Could we book 30 minutes to walk through your ${f.tool} setup? What day works?`,
    `Good news, ${f.first}: ${plan}. ${f.timeline[0]?.toUpperCase()}${f.timeline.slice(1)} is doable. When are you free for a short call with our team?`,
    `Based on what ${f.company} needs, ${plan}. Let's get a 30-minute scoping call on the calendar so we hit ${f.timeline} — which day suits you?`,
  ]);
}

function slotAnswer(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `${f.day} at ${f.time} ${f.city.tz} works for me, ${f.first} here from ${f.company}.`,
    `How about ${f.day}, ${f.time} ${f.city.tz} time? Our ${f.team}-person team is in ${f.city.city}.`,
    `${f.day} ${f.time} is good — I'm in ${f.city.city}.`,
    `I can do ${f.day} at ${f.time} (${f.city.tz}). Please include my colleague from ops.`,
  ]);
}

function bookingConfirmation(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `Booked: ${f.day} at ${f.time} ${f.city.tz}, 30 minutes with an AgentFlow solutions engineer. Invite sent, meeting ID ${f.meetingId}.`,
    `Confirmed for ${f.day}, ${f.time} ${f.city.tz} time. You'll get a calendar invite (meeting ID ${f.meetingId}) within a minute.`,
    `All set — ${f.day} ${f.time} ${f.city.tz}. I've added a ${f.tool} checklist to the invite (meeting ID ${f.meetingId}).`,
  ]);
}

function followUpQuestion(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `Thanks! Before ${f.day}: does the agent store our ${f.industry.people} data, or just read it from ${f.tool}?`,
    `Great, ${f.day} it is. One more thing — can we limit which ${f.tool} fields the agent can see? ${f.company} has some sensitive ones.`,
    `Perfect. Should I prepare anything from ${f.tool} before ${f.day}? I can pull a sample of last week's ${commas(f.volume)}.`,
    `Thank you. Is there a trial period for our ${commas(f.volume)} ${f.scenario.kind === "leads" ? "leads a month" : "a week"}, or do we commit from ${f.day}?`,
  ]);
}

function followUpAnswer(r: Rng, f: ConversationFacts, question: string): string {
  if (question.includes("store")) return `Good question, ${f.first}. It reads from ${f.tool} at request time and keeps only a 30-day log of its own replies, encrypted at rest. We'll show the data flow on ${f.day}.`;
  if (question.includes("fields")) return `Yes, ${f.first} — access is scoped per ${f.tool} field and you approve the list during setup. We'll go through it on ${f.day}.`;
  if (question.includes("prepare")) return `Just admin access to a ${f.tool} sandbox and a handful of typical ${f.industry.item}. That's enough for us to demo on your own data ${f.day}.`;
  return `There's a 14-day pilot for ${f.company} on your real ${f.tool} data before anything is billed; we'll set the start date together on ${f.day}.`;
}

function cancelTurn(r: Rng, f: ConversationFacts): string {
  return pick(r, [
    `Actually, let's pause this. We're re-evaluating ${f.tool} itself first — I'll come back when that's settled.`,
    `Sorry, leadership put ${f.company}'s automation budget on hold. Please close this for now.`,
    `We've decided to hold off until next year. Thanks for the help on the ${f.tool} question.`,
  ]);
}

function cancelAck(r: Rng, f: ConversationFacts, previous: string): string {
  if (previous.includes("hold off")) return `Understood, ${f.first}. I've noted that ${f.company} is holding off until next year and closed the conversation.`;
  if (previous.includes("budget on hold")) return `No problem — I've closed it with a note that ${f.company}'s budget is on hold. Reach out whenever it's back.`;
  return `Makes sense to settle the ${f.tool} decision first. I've paused this conversation; your notes stay here when you return.`;
}

/** Who speaks at each turn of a conversation that runs to its end (the shape every thread follows). */
export const SCRIPT_SENDERS: readonly Pick<Turn, "sender" | "agent">[] = [
  { sender: "user" },
  { sender: "assistant" },
  { sender: "user" },
  { sender: "assistant" },
  { sender: "user" },
  { sender: "system" },
  { sender: "assistant" },
  { sender: "user" },
  { sender: "agent", agent: "scheduling_agent" },
  { sender: "user" },
  { sender: "assistant" },
];

/**
 * How many turns of the script a conversation with this status kept, and whether it ends with the
 * member calling it off (two more turns: theirs and the assistant's acknowledgement).
 */
export function cutLength(r: Rng, status: string): { kept: number; cancelled: boolean } {
  switch (status) {
    case "completed":
      return { kept: SCRIPT_SENDERS.length, cancelled: false };
    case "pending":
      // The user's turn is the last one: the assistant has not answered yet.
      return { kept: pick(r, [3, 5, 8, 10]), cancelled: false };
    case "inactive":
      // The user went quiet after the assistant's question.
      return { kept: pick(r, [2, 4]), cancelled: false };
    case "cancelled":
      return { kept: pick(r, [2, 4, 7]), cancelled: true };
    default:
      // active and failed: the assistant spoke last (in failed, that reply was not delivered).
      return { kept: pick(r, [2, 4, 7, 9]), cancelled: false };
  }
}

/** The opening message alone: the first text script() makes from the same stream. */
export function openingText(r: Rng, f: ConversationFacts): string {
  return opener(r, f);
}

/**
 * The texts of a conversation's turns: the first `kept` turns of the script, and for a cancelled
 * conversation the member's calling it off and the assistant's acknowledgement. `r` is the
 * conversation's text stream, used only here (and by openingText, which reads its first value).
 */
export function script(r: Rng, f: ConversationFacts, kept: number, cancelled: boolean): string[] {
  const texts = [opener(r, f), ackAndAskTeam(r, f), teamAnswer(r, f), askBudget(r, f), budgetAnswer(r, f), workflowNotice(f), proposeAndAskSlot(r, f), slotAnswer(r, f), bookingConfirmation(r, f)];
  const q = followUpQuestion(r, f);
  texts.push(q, followUpAnswer(r, f, q));
  const out = texts.slice(0, kept);
  if (cancelled) {
    const bye = cancelTurn(r, f);
    out.push(bye, cancelAck(r, f, bye));
  }
  return out;
}

/** Workflows: their ordered steps, each run by one agent. */
export const WORKFLOWS: Record<string, { name: string; agent: string; does: string; tool?: string }[]> = {
  lead_qualification: [
    { name: "intake", agent: "intake_agent", does: "extract company, budget and timeline from the conversation" },
    { name: "enrich_company", agent: "research_agent", does: "look up company size, industry and tech stack", tool: "company_lookup" },
    { name: "score_lead", agent: "qualification_agent", does: "score fit and intent against the ideal customer profile" },
    { name: "sync_crm", agent: "crm_agent", does: "create or update the lead and assign an owner", tool: "crm_upsert" },
  ],
  meeting_scheduling: [
    { name: "collect_availability", agent: "intake_agent", does: "read the requested day, time and time zone" },
    { name: "find_slot", agent: "scheduling_agent", does: "find a free solutions engineer at that time", tool: "calendar_free_busy" },
    { name: "send_invite", agent: "scheduling_agent", does: "send the calendar invite with the meeting link", tool: "calendar_create_event" },
    { name: "confirm", agent: "notification_agent", does: "confirm the booking in the conversation" },
  ],
  support_triage: [
    { name: "classify_request", agent: "intake_agent", does: "classify the request and its urgency" },
    { name: "search_knowledge_base", agent: "knowledge_agent", does: "find help-center articles that answer it", tool: "kb_search" },
    { name: "draft_reply", agent: "writer_agent", does: "draft a reply in the customer's language" },
    { name: "quality_check", agent: "review_agent", does: "check tone, accuracy and policy before sending" },
  ],
  research_brief: [
    { name: "plan_research", agent: "planner_agent", does: "list the questions the brief must answer" },
    { name: "gather_sources", agent: "research_agent", does: "collect documents and public filings", tool: "document_search" },
    { name: "summarize", agent: "writer_agent", does: "write the brief with citations" },
    { name: "review", agent: "review_agent", does: "check every claim against its source" },
  ],
  proposal_generation: [
    { name: "gather_requirements", agent: "intake_agent", does: "collect call volume, hours and integrations" },
    { name: "estimate_pricing", agent: "pricing_agent", does: "price the plan from volume and budget", tool: "pricing_calculator" },
    { name: "draft_proposal", agent: "writer_agent", does: "write the proposal document" },
    { name: "review", agent: "review_agent", does: "check the proposal against the pricing rules" },
  ],
};

/** A failed step's error as the tool or model reported it: its own figures and the request that failed. */
type StepError = (f: ConversationFacts, r: Rng) => string;
const req = (r: Rng) => `req_${r.next().toString(36)}${r.next().toString(36)}`.slice(0, 16);
export const ERRORS: Record<string, StepError[]> = {
  company_lookup: [
    (f, r) => `company_lookup timed out after 30s looking up "${f.company}" (provider returned 504, ${req(r)})`,
    (f, r) => `company_lookup: rate limit exceeded (429) after ${r.int(3, 5)} retries for "${f.company}" (${req(r)})`,
  ],
  crm_upsert: [
    (f, r) => `${f.tool} rejected the update of "${f.company}": required field 'Lead Source' is missing (${req(r)})`,
    (f, r) => `${f.tool} token expired (401) at attempt ${r.int(1, 3)}; reconnect the integration (${req(r)})`,
  ],
  calendar_free_busy: [(f, r) => `calendar_free_busy: no solutions engineer free within 2 hours of ${f.day} ${f.time} ${f.city.tz} (checked ${r.int(4, 11)} calendars)`],
  calendar_create_event: [(f, r) => `calendar_create_event failed: the invite for ${f.day} ${f.time} bounced for ${f.first.toLowerCase()}@${slug(f.company)}.example.com (${req(r)})`],
  kb_search: [(f, r) => `kb_search returned no articles above the 0.55 relevance threshold for "${f.industry.item}" (best ${(r.int(20, 54) / 100).toFixed(2)}, ${r.int(40, 900)} articles searched)`],
  document_search: [(f, r) => {
    const total = r.int(6, 40);
    return `document_search: permission denied on ${r.int(1, Math.min(9, total - 1))} of ${total} ${f.tool} documents (${req(r)})`;
  }],
  pricing_calculator: [(f) => `pricing_calculator: ${commas(f.volume)} a week with ${f.budget} is outside the published tiers, needs a manual quote`],
  none: [
    (_f, r) => `model response failed schema validation twice (missing field '${r.pick(["summary", "next_step", "confidence", "citations"])}', ${req(r)})`,
    (_f, r) => `context window exceeded (${r.int(129, 190)}k of 128k tokens) while summarizing ${r.int(12, 60)} sources`,
  ],
};

/** A company name as a domain label: "Kuhn, Hahn and Lind" -> "kuhn-hahn-and-lind". */
export function slug(company: string): string {
  return company.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Lead pipeline: per status, how likely, the score range, and what is known by then. */
export const LEAD_STAGES = [
  { status: "new", weight: 22, min: 5, max: 35 },
  { status: "contacted", weight: 20, min: 20, max: 55 },
  { status: "qualified", weight: 16, min: 50, max: 75 },
  { status: "proposal", weight: 12, min: 65, max: 88 },
  { status: "negotiation", weight: 8, min: 75, max: 95 },
  { status: "won", weight: 10, min: 85, max: 100 },
  { status: "lost", weight: 12, min: 0, max: 40 },
] as const;
export const SERVICES = ["AI support agent", "lead qualification agent", "AI voice receptionist", "research assistant agent", "workflow automation", "CRM integration", "custom agent development"] as const;
export const LEAD_SOURCES = ["website_chat", "contact_form", "referral", "webinar", "linkedin", "trade_show", "partner"] as const;
