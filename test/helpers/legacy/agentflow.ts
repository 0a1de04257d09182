// agentflow.md's application (the AgentFlow AI Platform) as it ran: 40 profiles (one per auth
// user), 80 conversations with 3 threaded messages each, 60 leads, 50 workflow executions with 3
// agent messages each, and shared memory. Its tables had no CHECKs and few NOT NULLs, so 12 rows
// break the module's additions: 2 messages of a deleted conversation and 1 memory entry of one
// (the added foreign keys to conversations(conversation_id)), 2 messages stored without metadata
// (NOT NULL), 2 lead scores outside 0-100 (leads_lead_score_check), 3 leads without
// services_interested (NOT NULL), 1 lead with a malformed email (leads_email_check) and 1
// execution whose workflow_type is a display name (workflow_executions_workflow_type_check).
import { daysAgo, iso, legacyRng, MINUTE, SECOND, token, type LegacyGenerator } from "./types";
import { legacyUsers } from "./people";

const WORKFLOWS = ["lead_qualification", "customer_support", "content_generation"] as const;
const AGENTS = ["planner", "researcher", "writer", "reviewer"] as const;
const SERVICES = ["web_development", "ai_consulting", "mobile_apps", "data_engineering"] as const;

export const generate: LegacyGenerator = (seed) => {
  const rng = legacyRng("agentflow", seed);
  const users = legacyUsers(rng, seed, "agentflow", 40);
  const profiles = users.map((u, i) => ({
    id: u.id,
    email: u.email,
    full_name: u.fullName,
    role: i < 2 ? "admin" : i < 6 ? "sales" : "member",
    created_at: iso(u.createdMs),
    updated_at: iso(u.createdMs),
  }));
  const members = profiles.slice(6);
  const sales = profiles.slice(2, 6);
  const conversations = Array.from({ length: 80 }, () => {
    const p = rng.pick(members);
    const created = daysAgo(rng, 0, 90);
    return {
      id: rng.uuid(),
      conversation_id: `conv_${token(rng, 32)}`,
      user_id: p.id,
      session_id: `sess_${token(rng, 16)}`,
      role: "user",
      content: "I need help planning a product launch.",
      status: rng.weighted([["active", 5], ["completed", 4], ["inactive", 1]] as const),
      channel: rng.weighted([["web", 6], ["mobile", 3], ["api", 1]] as const),
      metadata: { source: "widget" },
      created_at: iso(created),
      updated_at: iso(created + rng.int(1, 120) * MINUTE),
    };
  });
  const deleted = `conv_${token(rng, 32)}`; // a conversation the app deleted; its messages stayed
  const messages = conversations.flatMap((c, ci) => {
    let parent: string | null = null;
    return [0, 1, 2].map((k) => {
      const n = ci * 3 + k;
      const orphan = n === 50 || n === 51;
      const id = rng.uuid();
      const row = {
        id,
        conversation_id: orphan ? deleted : c.conversation_id,
        parent_message_id: orphan ? null : parent,
        sender_type: k % 2 === 0 ? "user" : "assistant",
        sender_id: k % 2 === 0 ? c.user_id : "assistant",
        content: k % 2 === 0 ? "What should the timeline be?" : "A six-week plan: research, build, launch.",
        message_type: "text",
        status: rng.pick(["sent", "delivered", "read"]),
        metadata: n === 100 || n === 200 ? null : {},
        created_at: iso(Date.parse(c.created_at) + k * 30 * SECOND),
        updated_at: iso(Date.parse(c.created_at) + k * 30 * SECOND),
      };
      if (!orphan) parent = id;
      return row;
    });
  });
  const leads = Array.from({ length: 60 }, (_, i) => {
    const who = rng.pick(users);
    const created = daysAgo(rng, 0, 120);
    return {
      id: rng.uuid(),
      name: who.fullName,
      email: i === 33 ? "contact at acme dot com" : `lead${i}@example.org`,
      phone: `+1555010${String(i % 100).padStart(2, "0")}`,
      company: rng.pick(["Acme Corp", "Globex", "Initech", "Umbrella"]),
      status: rng.pick(["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"]),
      lead_score: i === 8 ? 110 : i === 47 ? -5 : rng.int(0, 100),
      services_interested: i === 3 || i === 21 || i === 55 ? null : [rng.pick(SERVICES)],
      budget_range: rng.pick(["<10k", "10k-50k", "50k+"]),
      timeline: rng.pick(["1 month", "3 months", "6 months"]),
      source: rng.pick(["website", "referral", "chat"]),
      notes: null,
      assigned_to: rng.bool(0.7) ? rng.pick(sales).id : null,
      metadata: {},
      created_at: iso(created),
      updated_at: iso(created + rng.int(0, 600) * MINUTE),
    };
  });
  const executions = Array.from({ length: 50 }, (_, i) => {
    const c = rng.pick(conversations);
    const created = Date.parse(c.created_at) + rng.int(1, 30) * SECOND;
    const state = rng.weighted([["completed", 6], ["running", 2], ["failed", 1], ["pending", 1]] as const);
    const started = state === "pending" ? null : created + rng.int(1, 20) * SECOND;
    const completed = state === "completed" || state === "failed" ? (started as number) + rng.int(10, 600) * SECOND : null;
    return {
      id: rng.uuid(),
      conversation_id: c.conversation_id,
      workflow_type: i === 19 ? "Lead Qualification" : rng.pick(WORKFLOWS),
      current_state: state,
      current_step: state === "completed" ? "done" : "research",
      participating_agents: [rng.pick(AGENTS), rng.pick(AGENTS)],
      initiated_by: c.user_id,
      workflow_config: { max_steps: 5 },
      execution_plan: { steps: ["research", "write", "review"] },
      results: state === "completed" ? { summary: "Plan delivered" } : null,
      error_message: state === "failed" ? "writer timed out" : null,
      started_at: started === null ? null : iso(started),
      completed_at: completed === null ? null : iso(completed),
      updated_at: iso(completed ?? started ?? created),
      created_at: iso(created),
    };
  });
  const agentMessages = executions.flatMap((x) =>
    [0, 1, 2].map((k) => {
      const created = Date.parse(x.created_at) + k * 10 * SECOND;
      return {
        id: rng.uuid(),
        workflow_execution_id: x.id,
        agent_name: rng.pick(AGENTS),
        message_type: (["input", "tool_call", "output"] as const)[k],
        content: "Working on the step.",
        status: x.current_state === "completed" ? "completed" : "processing",
        tool_calls: k === 1 ? [{ name: "web_search", arguments: { q: "launch plan" } }] : [],
        context_data: { step: k },
        error_details: null,
        created_at: iso(created),
        updated_at: iso(created),
        processed_at: x.current_state === "completed" ? iso(created + 5 * SECOND) : null,
      };
    }),
  );
  const memory = Array.from({ length: 70 }, (_, i) => {
    const c = conversations[i % conversations.length]!;
    const created = Date.parse(c.created_at) + 60 * SECOND;
    return {
      id: rng.uuid(),
      conversation_id: i === 64 ? deleted : c.conversation_id,
      memory_key: rng.pick(["goal", "budget", "timeline"]),
      memory_value: { value: rng.pick(["launch in Q1", "budget 20k", "hire two engineers"]) },
      scope: rng.pick(["session", "workflow", "global", "agent"]),
      access_count: rng.int(0, 20),
      last_accessed_at: iso(created + rng.int(1, 100) * MINUTE),
      metadata: {},
      created_at: iso(created),
      updated_at: iso(created),
    };
  });
  return {
    users,
    tables: [
      { table: "profiles", rows: profiles },
      { table: "conversations", rows: conversations },
      { table: "messages", rows: messages },
      { table: "leads", rows: leads },
      { table: "workflow_executions", rows: executions },
      { table: "agent_messages", rows: agentMessages },
      { table: "shared_memory", rows: memory },
    ],
  };
};
