// agentflow: profiles, conversations whose messages form threads (a reply's parent is an earlier
// message of the same conversation), leads with scores that follow their status, workflow
// executions with the messages their agents exchanged, and per-conversation shared memory.
import { pools } from "./data/pools";
import { authResetSql, authUserTables, personaPassword, personaPasswords } from "./data/auth";
import { person } from "./data/people";
import { idFor, key, Rng } from "./engine/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "./engine/types";
import { DAY, EPOCH, iso, MINUTE, volume } from "./engine/volumes";

const K = {
  profile: key("agentflow.profiles"),
  conv: key("agentflow.conversations"),
  convMeta: key("agentflow.conversations.meta"),
  msg: key("agentflow.messages"),
  lead: key("agentflow.leads"),
  wf: key("agentflow.workflow_executions"),
  am: key("agentflow.agent_messages"),
  mem: key("agentflow.shared_memory"),
};
const MAX_CONV = 5;
const MAX_MSG = 12;
const MAX_WF = 3;
const MAX_AM = 8;
const DOMAINS = ["agentflow-demo.com", "brightleaf.ai", "quantumcrm.io"] as const;
const AGENTS = ["router", "researcher", "writer", "qualifier", "scheduler"] as const;
const WORKFLOWS = ["lead_qualification", "meeting_scheduling", "research_brief", "follow_up_email"] as const;
const TOPICS = ["Pricing for the enterprise plan", "Integrating with Salesforce", "Onboarding a new sales team", "Quarterly pipeline review", "Demo for a logistics prospect"] as const;
const USER_LINES = ["Can you summarise where we are with this account?", "Draft a follow-up for the prospect.", "What did they say about budget?", "Book a call for next Tuesday.", "Who else should be on the thread?"] as const;
const AGENT_LINES = ["Here's a summary of the last three touchpoints.", "I drafted a follow-up email; want me to send it?", "They mentioned a budget of around $40k for this quarter.", "Tuesday 10:00 works for both calendars; invite sent.", "I'd add their head of operations, who joined the last call."] as const;
const LEAD_STATUSES = [
  ["new", 25, 5, 40],
  ["contacted", 25, 20, 60],
  ["qualified", 18, 50, 85],
  ["proposal", 12, 60, 95],
  ["won", 8, 80, 100],
  ["lost", 12, 0, 35],
] as const;
const MEMORY_KEYS = ["budget", "decision_maker", "timeline", "competitors", "next_step", "pain_points"] as const;
const SCOPES = ["conversation", "workflow", "agent"] as const;

function profile(seed: number, i: number) {
  const rng = Rng.for(seed, K.profile, i);
  const p = person(rng, pools(seed), i, DOMAINS);
  return {
    id: idFor(seed, K.profile, i),
    email: p.email,
    fullName: p.fullName,
    role: rng.weighted([
      ["member", 40],
      ["sales", 40],
      ["manager", 15],
      ["admin", 5],
    ] as const),
    company: rng.pick(pools(seed).companies),
    createdMs: EPOCH - rng.int(30, 365) * DAY,
  };
}

interface Conv {
  index: number;
  id: string;
  profileId: string;
  startMs: number;
  messages: number;
}

function conversations(seed: number, i: number): Conv[] {
  const p = profile(seed, i);
  const count = Rng.for(seed, K.convMeta, i * MAX_CONV + MAX_CONV - 1).int(1, 4);
  return Array.from({ length: count }, (_, j) => {
    const index = i * MAX_CONV + j;
    const r = Rng.for(seed, K.convMeta, index);
    return { index, id: idFor(seed, K.conv, index), profileId: p.id, startMs: p.createdMs + (j + 1) * r.int(2, 20) * DAY, messages: r.int(3, MAX_MSG) };
  });
}

function* eachConv(seed: number, profiles: number): Generator<Conv> {
  for (let i = 0; i < profiles; i++) yield* conversations(seed, i);
}

function workflowCount(seed: number, c: Conv): number {
  return Rng.for(seed, K.wf, c.index * MAX_WF + MAX_WF - 1).int(0, 2);
}

export const agentflowSeeder: ModuleSeeder = {
  module: "agentflow",
  resetSql: [
    "TRUNCATE agentflow.shared_memory, agentflow.agent_messages, agentflow.workflow_executions, agentflow.leads, agentflow.messages, agentflow.conversations, agentflow.profiles CASCADE",
    authResetSql("agentflow"),
  ],
  tables(settings: SeedSettings): TableSeed[] {
    const { seed } = settings;
    const profiles = volume(settings, 20);
    const leads = volume(settings, 60);
    const withPassword = personaPasswords(settings, agentflowSeeder.personas?.(settings) ?? []);
    return [
      ...authUserTables("agentflow", profiles, function* () {
        for (let i = 0; i < profiles; i++) yield withPassword(profile(seed, i));
      }),
      {
        schema: "agentflow",
        table: "profiles",
        columns: ["id", "email", "full_name", "role", "company", "created_at", "updated_at"],
        estimate: profiles,
        *rows() {
          for (let i = 0; i < profiles; i++) {
            const p = profile(seed, i);
            yield [p.id, p.email, p.fullName, p.role, p.company, iso(p.createdMs), iso(p.createdMs)];
          }
        },
      },
      {
        schema: "agentflow",
        table: "conversations",
        columns: ["id", "profile_id", "title", "status", "metadata", "created_at", "updated_at"],
        estimate: profiles * 2.5,
        *rows() {
          for (const c of eachConv(seed, profiles)) {
            const r = Rng.for(seed, K.conv, c.index);
            yield [c.id, c.profileId, r.pick(TOPICS), r.bool(0.2) ? "archived" : "active", { channel: r.pick(["web", "slack", "email"]) }, iso(c.startMs), iso(c.startMs + c.messages * 3 * MINUTE)];
          }
        },
      },
      {
        schema: "agentflow",
        table: "messages",
        columns: ["id", "conversation_id", "parent_message_id", "sender_type", "agent_name", "content", "created_at"],
        estimate: profiles * 2.5 * 7.5,
        *rows() {
          for (const c of eachConv(seed, profiles)) {
            const r = Rng.for(seed, K.msg, c.index);
            for (let k = 0; k < c.messages; k++) {
              const agent = k % 2 === 1;
              // A thread: replies point at an earlier message of this conversation.
              const parent = k === 0 ? null : idFor(seed, K.msg, c.index * MAX_MSG + (r.bool(0.6) ? k - 1 : r.int(0, k - 1)));
              yield [
                idFor(seed, K.msg, c.index * MAX_MSG + k),
                c.id,
                parent,
                agent ? "agent" : "user",
                agent ? r.pick(AGENTS) : null,
                agent ? r.pick(AGENT_LINES) : r.pick(USER_LINES),
                iso(c.startMs + k * 3 * MINUTE),
              ];
            }
          }
        },
      },
      {
        schema: "agentflow",
        table: "leads",
        columns: ["id", "assigned_to", "conversation_id", "full_name", "email", "company", "source", "status", "score", "created_at", "updated_at"],
        estimate: leads,
        *rows() {
          for (let n = 0; n < leads; n++) {
            const r = Rng.for(seed, K.lead, n);
            const owner = r.bool(0.85) ? idFor(seed, K.profile, r.int(0, profiles - 1)) : null;
            const lead = person(r, pools(seed), n, ["prospect-mail.com", "bizmail.net"]);
            const [status, , min, max] = r.weighted(LEAD_STATUSES.map((s) => [s, s[1]] as const));
            const created = EPOCH - r.int(1, 120) * DAY;
            yield [idFor(seed, K.lead, n), owner, null, lead.fullName, lead.email, r.pick(pools(seed).companies), r.pick(["chat", "web", "referral", "event", "outbound"]), status, r.int(min, max), iso(created), iso(created + r.int(0, 30) * DAY)];
          }
        },
      },
      {
        schema: "agentflow",
        table: "workflow_executions",
        columns: ["id", "conversation_id", "workflow_name", "status", "input", "output", "error", "started_at", "completed_at"],
        estimate: profiles * 2.5,
        *rows() {
          for (const c of eachConv(seed, profiles)) {
            for (let w = 0; w < workflowCount(seed, c); w++) {
              const index = c.index * MAX_WF + w;
              const r = Rng.for(seed, K.wf, index);
              const status = r.weighted([
                ["completed", 75],
                ["failed", 10],
                ["running", 10],
                ["pending", 5],
              ] as const);
              const start = c.startMs + (w + 1) * 7 * MINUTE;
              const done = status === "completed" || status === "failed" ? start + r.int(5, 300) * 1000 : null;
              const name = r.pick(WORKFLOWS);
              yield [
                idFor(seed, K.wf, index),
                c.id,
                name,
                status,
                { trigger: "conversation", conversation_id: c.id },
                status === "completed" ? { ok: true, steps: r.int(2, MAX_AM) } : null,
                status === "failed" ? "Agent 'researcher' exceeded its tool budget" : null,
                iso(start),
                done === null ? null : iso(done),
              ];
            }
          }
        },
      },
      {
        schema: "agentflow",
        table: "agent_messages",
        columns: ["id", "workflow_execution_id", "from_agent", "to_agent", "message_type", "payload", "created_at"],
        estimate: profiles * 2.5 * 4,
        *rows() {
          for (const c of eachConv(seed, profiles)) {
            for (let w = 0; w < workflowCount(seed, c); w++) {
              const index = c.index * MAX_WF + w;
              const r = Rng.for(seed, K.am, index);
              const start = c.startMs + (w + 1) * 7 * MINUTE;
              const count = r.int(2, MAX_AM - 1);
              for (let m = 0; m < count; m++) {
                const from = r.pick(AGENTS);
                let to = r.pick(AGENTS);
                if (to === from) to = AGENTS[(AGENTS.indexOf(from) + 1) % AGENTS.length] as (typeof AGENTS)[number];
                const type = m === 0 ? "task" : m === count - 1 ? "result" : r.pick(["question", "handoff", "result"] as const);
                yield [idFor(seed, K.am, index * MAX_AM + m), idFor(seed, K.wf, index), from, to, type, { step: m + 1, note: r.pick(AGENT_LINES) }, iso(start + m * 4000)];
              }
            }
          }
        },
      },
      {
        schema: "agentflow",
        table: "shared_memory",
        columns: ["id", "conversation_id", "memory_key", "scope", "value", "created_at", "updated_at"],
        estimate: profiles * 2.5 * 2,
        *rows() {
          for (const c of eachConv(seed, profiles)) {
            const r = Rng.for(seed, K.mem, c.index);
            const keys = r.int(1, 3);
            const first = r.int(0, MEMORY_KEYS.length - 1);
            for (let m = 0; m < keys; m++) {
              const memoryKey = MEMORY_KEYS[(first + m) % MEMORY_KEYS.length] as string;
              const at = iso(c.startMs + (m + 1) * MINUTE);
              yield [idFor(seed, K.mem, c.index * 8 + m), c.id, memoryKey, r.pick(SCOPES), { value: r.pick(USER_LINES), confidence: r.int(50, 99) / 100 }, at, at];
            }
          }
        },
      },
    ];
  },
  personas(settings: SeedSettings): Persona[] {
    const p = profile(settings.seed, 0);
    return [{ module: "agentflow", name: "profile-with-conversations", description: "A profile with threaded conversations and workflows", userId: p.id, email: p.email, password: personaPassword(settings.seed, p.id), refs: { conversationIds: conversations(settings.seed, 0).map((c) => c.id) } }];
  },
};
