// contact_center: admins and voice/chat supervisors, at most 3 agents per supervisor of the
// supervisor's type, customers who come back (so first-contact resolution is exercised),
// interactions, archives of completed interactions (csat 0-100, issues and tags as JSON arrays),
// realtime metrics every 5 seconds of an interaction, and tool permission requests answered within
// or timing out after 6 minutes.
//
// Interactions are generated customer by customer in time order, so each archive is inserted after
// the earlier archives of the same phone number and the first-contact-resolution trigger sees them.
import { pools } from "./data/pools";
import { authResetSql, authUserTables, personaPassword, personaPasswords } from "./data/auth";
import { person, usPhone } from "./data/people";
import { idFor, key, Rng } from "./engine/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "./engine/types";
import { DAY, EPOCH, iso, MINUTE, volume } from "./engine/volumes";

const K = {
  staff: key("contact_center.users"),
  agent: key("contact_center.agents"),
  tool: key("contact_center.agent_tools"),
  customer: key("contact_center.customers"),
  inter: key("contact_center.interactions"),
  archive: key("contact_center.interaction_archives"),
  metric: key("contact_center.realtime_metrics"),
  perm: key("contact_center.tool_permissions"),
};
const MAX_CONTACTS = 6;
const DOMAINS = ["callcenter-ops.com", "supportdesk.io"] as const;
const TOOLS = ["refund_issue", "account_unlock", "address_change", "order_lookup", "escalate_to_human"] as const;
const ISSUES = {
  billing: "Customer disputes a charge on the latest invoice",
  refund: "Customer requests a refund for a returned item",
  login: "Customer cannot log in after a password reset",
  delivery: "Package marked delivered but not received",
  cancellation: "Customer wants to cancel the subscription",
  technical: "App crashes when uploading a document",
} as const;
type Issue = keyof typeof ISSUES;

/** Staff member s: the first `admins` are admins, the rest supervisors alternating voice/chat. */
function staff(seed: number, s: number, admins: number) {
  const rng = Rng.for(seed, K.staff, s);
  const p = person(rng, pools(seed), s, DOMAINS);
  const supervisor = s >= admins;
  const type = (s - admins) % 2 === 0 ? "voice" : "chat";
  return {
    id: idFor(seed, K.staff, s),
    email: p.email,
    fullName: p.fullName,
    role: supervisor ? "supervisor" : "admin",
    username: supervisor ? `${p.first}.${p.last}`.toLowerCase().replace(/[^a-z0-9_.]/g, "").slice(0, 24) + s : null,
    type: supervisor ? type : null,
    createdMs: EPOCH - rng.int(90, 400) * DAY,
  };
}

interface Agent {
  index: number;
  id: string;
  supervisorIndex: number;
  type: "voice" | "chat";
}

/** 1-3 agents per supervisor, of the supervisor's type. */
function agentsOf(seed: number, admins: number, supervisors: number): Agent[] {
  const list: Agent[] = [];
  for (let v = 0; v < supervisors; v++) {
    const s = admins + v;
    const count = Rng.for(seed, K.agent, s * 4 + 3).int(1, 3);
    for (let a = 0; a < count; a++) list.push({ index: s * 4 + a, id: idFor(seed, K.agent, s * 4 + a), supervisorIndex: s, type: v % 2 === 0 ? "voice" : "chat" });
  }
  return list;
}

interface Contact {
  index: number;
  id: string;
  phone: string;
  agent: Agent;
  startMs: number;
  endMs: number | null;
  status: "completed" | "abandoned" | "transferred" | "active";
  issues: Issue[];
}

function contactsOf(seed: number, c: number, agents: { voice: Agent[]; chat: Agent[] }): Contact[] {
  const r = Rng.for(seed, K.customer, c);
  const phone = usPhone(r);
  const count = r.weighted([
    [1, 50],
    [2, 25],
    [3, 15],
    [4, 10],
  ] as const);
  let t = EPOCH - r.int(10, 40) * DAY + r.int(8 * 60, 18 * 60) * MINUTE;
  const topic = r.pick(Object.keys(ISSUES) as Issue[]);
  const list: Contact[] = [];
  for (let k = 0; k < count; k++) {
    const index = c * MAX_CONTACTS + k;
    const ir = Rng.for(seed, K.inter, index);
    const channel = ir.bool(0.55) ? "voice" : "chat";
    const pool = agents[channel].length > 0 ? agents[channel] : agents[channel === "voice" ? "chat" : "voice"];
    const agent = ir.pick(pool);
    const status = ir.weighted([
      ["completed", 82],
      ["abandoned", 7],
      ["transferred", 6],
      ["active", 5],
    ] as const);
    const seconds = agent.type === "voice" ? ir.int(90, 900) : ir.int(60, 1200);
    // Repeat contacts often come back about the same thing within days.
    const issues: Issue[] = k > 0 && ir.bool(0.6) ? [topic] : [ir.pick(Object.keys(ISSUES) as Issue[])];
    if (ir.bool(0.2)) issues.push(ir.pick(Object.keys(ISSUES) as Issue[]));
    list.push({ index, id: idFor(seed, K.inter, index), phone, agent, startMs: t, endMs: status === "active" ? null : t + seconds * 1000, status, issues: [...new Set(issues)] });
    t += ir.int(2, 72) * 60 * MINUTE;
  }
  return list;
}

export const contactCenterSeeder: ModuleSeeder = {
  module: "contact_center",
  resetSql: [
    "TRUNCATE contact_center.tool_permissions, contact_center.realtime_metrics, contact_center.interaction_archives, contact_center.interactions, contact_center.agent_tools, contact_center.agents, contact_center.users CASCADE",
    authResetSql("contact_center"),
  ],
  tables(settings: SeedSettings): TableSeed[] {
    const { seed } = settings;
    const admins = volume(settings, 2);
    const supervisors = volume(settings, 6);
    const people = admins + supervisors;
    const customers = volume(settings, 150);
    const agents = agentsOf(seed, admins, supervisors);
    const byType = { voice: agents.filter((a) => a.type === "voice"), chat: agents.filter((a) => a.type === "chat") };
    const eachContact = function* () {
      for (let c = 0; c < customers; c++) yield* contactsOf(seed, c, byType);
    };
    const withPassword = personaPasswords(settings, contactCenterSeeder.personas?.(settings) ?? []);
    return [
      ...authUserTables("contact_center", people, function* () {
        for (let s = 0; s < people; s++) yield withPassword(staff(seed, s, admins));
      }),
      {
        schema: "contact_center",
        table: "users",
        columns: ["id", "email", "full_name", "role", "username", "supervisor_type", "created_at", "updated_at"],
        estimate: people,
        *rows() {
          for (let s = 0; s < people; s++) {
            const u = staff(seed, s, admins);
            yield [u.id, u.email, u.fullName, u.role, u.username, u.type, iso(u.createdMs), iso(u.createdMs)];
          }
        },
      },
      {
        schema: "contact_center",
        table: "agents",
        columns: ["id", "supervisor_id", "name", "agent_type", "status", "config", "created_at", "updated_at"],
        estimate: agents.length,
        *rows() {
          for (const a of agents) {
            const r = Rng.for(seed, K.agent, a.index);
            const at = iso(EPOCH - r.int(30, 80) * DAY);
            yield [a.id, idFor(seed, K.staff, a.supervisorIndex), `${a.type === "voice" ? "Voice" : "Chat"} Agent ${String.fromCharCode(65 + (a.index % 26))}${a.index}`, a.type, r.weighted([["active", 85], ["paused", 10], ["retired", 5]] as const), { model: r.pick(["gpt-4o", "claude-sonnet", "llama-3-70b"]), temperature: r.int(1, 7) / 10 }, at, at];
          }
        },
      },
      {
        schema: "contact_center",
        table: "agent_tools",
        columns: ["id", "agent_id", "tool_name", "enabled", "config", "created_at", "updated_at"],
        estimate: agents.length * 3,
        *rows() {
          for (const a of agents) {
            const r = Rng.for(seed, K.tool, a.index);
            const count = r.int(2, 4);
            const first = r.int(0, TOOLS.length - 1);
            for (let t = 0; t < count; t++) {
              const at = iso(EPOCH - 30 * DAY);
              yield [idFor(seed, K.tool, a.index * 8 + t), a.id, TOOLS[(first + t) % TOOLS.length], r.bool(0.85), { requires_approval: r.bool(0.6) }, at, at];
            }
          }
        },
      },
      {
        schema: "contact_center",
        table: "interactions",
        columns: ["id", "agent_id", "channel", "customer_name", "customer_phone", "status", "started_at", "ended_at", "summary", "metadata"],
        estimate: customers * 1.85,
        *rows() {
          for (const c of eachContact()) {
            const r = Rng.for(seed, K.inter, c.index);
            const customer = person(r, pools(seed), c.index, ["customers.example"]);
            yield [c.id, c.agent.id, c.agent.type, customer.fullName, c.phone, c.status, iso(c.startMs), c.endMs === null ? null : iso(c.endMs), c.status === "completed" ? ISSUES[c.issues[0] as Issue] : null, { queue_seconds: r.int(0, 240) }];
          }
        },
      },
      {
        schema: "contact_center",
        table: "interaction_archives",
        columns: ["id", "interaction_id", "phone_number", "csat", "issues", "tags", "resolution", "archived_at"],
        estimate: customers * 1.5,
        *rows() {
          for (const c of eachContact()) {
            if (c.status !== "completed") continue;
            const r = Rng.for(seed, K.archive, c.index);
            const resolved = r.bool(0.75);
            yield [
              idFor(seed, K.archive, c.index),
              c.id,
              c.phone,
              Math.min(100, Math.max(0, Math.round((resolved ? 82 : 45) + (r.float() - 0.5) * 40))),
              c.issues.map((i) => ({ category: i, description: ISSUES[i], resolved })),
              c.issues,
              resolved ? "Resolved during the interaction" : "Follow-up required",
              iso((c.endMs as number) + r.int(1, 10) * MINUTE),
            ];
          }
        },
      },
      {
        schema: "contact_center",
        table: "realtime_metrics",
        columns: ["id", "interaction_id", "recorded_at", "sentiment", "latency_ms", "talk_ratio", "words_per_minute", "silence_seconds"],
        estimate: customers * 1.85 * 90,
        *rows() {
          for (const c of eachContact()) {
            const r = Rng.for(seed, K.metric, c.index);
            const end = c.endMs ?? c.startMs + 10 * MINUTE;
            let sentiment = r.float() - 0.3;
            for (let t = c.startMs, n = 0; t <= end; t += 5000, n++) {
              sentiment = Math.max(-1, Math.min(1, sentiment + (r.float() - 0.48) * 0.2));
              yield [idFor(seed, K.metric, c.index * 1024 + n), c.id, iso(t), sentiment.toFixed(3), r.int(180, 1400), (r.int(300, 700) / 1000).toFixed(3), r.int(90, 180), (r.int(0, 300) / 100).toFixed(2)];
            }
          }
        },
      },
      {
        schema: "contact_center",
        table: "tool_permissions",
        columns: ["id", "agent_id", "interaction_id", "tool_name", "reason", "status", "requested_at", "expires_at", "responded_at", "responded_by"],
        estimate: customers * 1.85 * 0.25,
        *rows() {
          for (const c of eachContact()) {
            const r = Rng.for(seed, K.perm, c.index);
            if (!r.bool(0.25)) continue;
            const requested = c.startMs + r.int(30, 120) * 1000;
            const status = c.status === "active" ? "pending" : r.weighted([["approved", 60], ["denied", 15], ["timed_out", 25]] as const);
            const responded = status === "approved" || status === "denied" ? requested + r.int(5, 355) * 1000 : null;
            yield [
              idFor(seed, K.perm, c.index),
              c.agent.id,
              c.id,
              r.pick(TOOLS),
              `Needed for: ${ISSUES[c.issues[0] as Issue].toLowerCase()}`,
              status,
              iso(requested),
              iso(requested + 6 * MINUTE),
              responded === null ? null : iso(responded),
              responded === null ? null : idFor(seed, K.staff, c.agent.supervisorIndex),
            ];
          }
        },
      },
    ];
  },
  personas(settings: SeedSettings): Persona[] {
    const admins = volume(settings, 2);
    const supervisors = volume(settings, 6);
    const agents = agentsOf(settings.seed, admins, supervisors);
    const full = [...new Set(agents.map((a) => a.supervisorIndex))].find((s) => agents.filter((a) => a.supervisorIndex === s).length === 3);
    const out: Persona[] = [];
    const admin = staff(settings.seed, 0, admins);
    out.push({ module: "contact_center", name: "admin", description: "An admin who sees everything", userId: admin.id, email: admin.email, password: personaPassword(settings.seed, admin.id), refs: {} });
    if (full !== undefined) {
      const s = staff(settings.seed, full, admins);
      out.push({
        module: "contact_center",
        name: "supervisor-with-three-agents",
        description: `A ${s.type} supervisor with three agents`,
        userId: s.id,
        email: s.email,
        password: personaPassword(settings.seed, s.id),
        refs: { username: s.username ?? "", agentIds: agents.filter((a) => a.supervisorIndex === full).map((a) => a.id) },
      });
    }
    return out;
  },
};
