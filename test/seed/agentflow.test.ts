// Seed data of the agentflow module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other and with their parents (dev profile).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededModule, type SeededModule } from "./helpers";
import { agentflowSeeder } from "../../modules/agentflow/seed";
import { RESERVED_DOMAINS } from "../../seedkit/auth";
import type { Persona } from "../../seedkit/types";
import { encodeValue } from "../../seeds/engine/copy";
import { builtinModule } from "../../modules/catalog";
import { seedTarget } from "../../modules/define";

/** The module's tables as its SQL files create them, in its own schema. */
const target = await seedTarget(builtinModule("agentflow"));

let s: SeededModule & { personas: Persona[] };
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("agentflow");
});
afterAll(async () => {
  await s?.drop();
});

/** Words a reply could share with the turn it answers, minus the ones any turn might use. */
const GENERIC = new Set(
  ("about their there would which could thanks agent agents support hours should please before agentflow happy great that this with what your have from " +
    "when they will just like much also into here does some only them more then than were been each want need team time week month help").split(" "),
);
function facts(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z0-9$][A-Za-z0-9$,.'-]*/g) ?? []).map((w) => w.replace(/[.,']+$/, "").toLowerCase()).filter((w) => (w.length >= 4 || /\d/.test(w)) && !GENERIC.has(w)));
}

describe("agentflow seed data", () => {
  it("every column of every table is filled where the row's state says it should be", async () => {
    const cols = await q(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'agentflow' ORDER BY table_name, ordinal_position`);
    // Columns that are NULL by the domain in some rows: they must still be filled in others.
    for (const { table_name: t, column_name: c } of cols) {
      const [row] = await q(`SELECT count(*)::int AS n, count(${c === "role" && t === "conversations" ? "role" : `"${c}"`})::int AS filled FROM agentflow."${t}"`);
      expect(row.n, `${t} has rows`).toBeGreaterThan(0);
      expect(row.filled, `agentflow.${t}.${c} is never filled`).toBeGreaterThan(0);
    }
  });

  it("profiles: admin, sales and members on reserved domains; the persona logs in as a member", async () => {
    const roles = await q("SELECT role, count(*)::int AS n FROM agentflow.profiles GROUP BY role ORDER BY role");
    expect(roles.map((r) => r.role)).toEqual(["admin", "member", "sales"]);
    const [bad] = await q("SELECT count(*)::int AS n FROM agentflow.profiles WHERE split_part(email, '@', 2) <> ALL ($1)", [[...RESERVED_DOMAINS]]);
    expect(bad.n).toBe(0);
    const [leadBad] = await q("SELECT count(*)::int AS n FROM agentflow.leads WHERE email !~ '\\.test$'");
    expect(leadBad.n).toBe(0);
    const [users] = await q("SELECT count(*)::int AS n FROM auth.users u JOIN agentflow.profiles p ON p.id = u.id AND p.email = u.email");
    const [profiles] = await q("SELECT count(*)::int AS n FROM agentflow.profiles");
    expect(users.n).toBe(profiles.n);
    const qa = agentflowSeeder(target).personas?.({ seed: 7, profile: "qa", scale: 1 }) ?? [];
    const member = qa.find((p) => p.name === "agentflow-member");
    expect(member).toBeDefined();
    const [own] = await q("SELECT count(*)::int AS n FROM agentflow.conversations WHERE user_id = $1 AND conversation_id = ANY ($2)", [member?.userId, member?.refs.conversationIds]);
    expect(own.n).toBe((member?.refs.conversationIds as string[]).length);
    expect(qa.find((p) => p.name === "agentflow-admin")).toBeDefined();
  });

  it("conversations: realistic ids and channels; the opening turn is the thread's first message; status agrees with the thread's end", async () => {
    const [ids] = await q(`SELECT bool_and(conversation_id ~ '^conv_[0-9a-f]{24}$') AS conv,
        bool_and(CASE channel WHEN 'web' THEN session_id ~ '^sess_[0-9A-Za-z]{22}$' WHEN 'mobile' THEN session_id ~ '^(ios|android)_[0-9A-Za-z]{20}$' ELSE session_id ~ '^api_[0-9A-Za-z]{24}$' END) AS sess,
        count(DISTINCT channel)::int AS channels, count(DISTINCT status)::int AS statuses FROM agentflow.conversations`);
    expect(ids).toEqual({ conv: true, sess: true, channels: 3, statuses: 6 });
    const [opening] = await q(`SELECT count(*)::int AS bad FROM agentflow.conversations c
       JOIN LATERAL (SELECT m.* FROM agentflow.messages m WHERE m.conversation_id = c.conversation_id ORDER BY m.created_at LIMIT 1) f ON true
      WHERE f.content <> c.content OR f.sender_type <> c.role OR f.created_at <> c.created_at OR f.parent_message_id IS NOT NULL`);
    expect(opening.bad).toBe(0);
    const ends = await q(`SELECT c.status, l.sender_type, l.status AS msg_status, c.updated_at = l.created_at AS same_time
        FROM agentflow.conversations c
        JOIN LATERAL (SELECT m.* FROM agentflow.messages m WHERE m.conversation_id = c.conversation_id ORDER BY m.created_at DESC LIMIT 1) l ON true`);
    for (const e of ends) {
      expect(e.same_time).toBe(true);
      if (e.status === "pending") expect(e.sender_type).toBe("user");
      else expect(e.sender_type).not.toBe("user");
      if (e.status === "failed") expect(e.msg_status).toBe("failed");
      else expect(e.msg_status).not.toBe("failed");
    }
  });

  it("messages: one thread per conversation, each reply answering the turn before it; >= 90% distinct texts", async () => {
    const [thread] = await q(`SELECT count(*)::int AS bad FROM (
        SELECT m.parent_message_id, lag(m.id) OVER (PARTITION BY m.conversation_id ORDER BY m.created_at) AS prev
          FROM agentflow.messages m) t WHERE t.parent_message_id IS DISTINCT FROM t.prev`);
    expect(thread.bad).toBe(0);
    const [distinct] = await q("SELECT count(*)::int AS n, count(DISTINCT content)::int AS d FROM agentflow.messages");
    expect(distinct.n).toBeGreaterThan(250);
    expect(distinct.d / distinct.n).toBeGreaterThanOrEqual(0.9);
    const [openers] = await q("SELECT count(*)::int AS n, count(DISTINCT content)::int AS d FROM agentflow.conversations");
    expect(openers.d / openers.n).toBeGreaterThanOrEqual(0.9);
    // Reply coherence: a reply repeats a specific fact (a name, a tool, a number, a day) of the turn it
    // answers, or is the member's answer to the question that turn asked.
    const pairs = await q(`SELECT p.content AS parent, m.content AS reply, m.sender_type FROM agentflow.messages m JOIN agentflow.messages p ON p.id = m.parent_message_id`);
    const incoherent = pairs.filter((x) => {
      const a = facts(x.parent);
      if (x.sender_type === "user" && x.parent.trim().endsWith("?")) return false;
      return ![...facts(x.reply)].some((w) => a.has(w));
    });
    expect(incoherent.slice(0, 3)).toEqual([]);
    // Members' own turns carry their user id; the assistant, agents and the engine theirs.
    const [senders] = await q(`SELECT bool_and(CASE m.sender_type WHEN 'user' THEN m.sender_id = c.user_id::text WHEN 'assistant' THEN m.sender_id = 'agentflow-assistant'
        WHEN 'agent' THEN m.sender_id ~ '_agent$' ELSE m.sender_id = 'workflow-engine' END) AS ok,
        bool_and((m.sender_type = 'system') = (m.message_type = 'system')) AS typed
        FROM agentflow.messages m JOIN agentflow.conversations c USING (conversation_id)`);
    expect(senders).toEqual({ ok: true, typed: true });
    // Attachments: a file or image message says so and carries the file's metadata.
    const [files] = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE metadata -> 'attachment' ->> 'mime_type' IS NULL OR content !~ '(attached|screenshot)')::int AS bad,
        count(DISTINCT message_type)::int AS types FROM agentflow.messages WHERE message_type IN ('file', 'image')`);
    expect(files.n).toBeGreaterThan(0);
    expect(files.bad).toBe(0);
    expect(files.types).toBe(2);
  });

  it("leads: score, services, budget and timeline fit the pipeline stage; owners are sales reps", async () => {
    const stages = await q(`SELECT status::text, min(lead_score) AS lo, max(lead_score) AS hi, round(avg(lead_score)) AS avg,
        min(cardinality(services_interested)) AS min_services, count(*) FILTER (WHERE budget_range IS NULL OR budget_range = 'Not sure yet')::int AS vague_budget,
        count(*) FILTER (WHERE timeline IS NULL)::int AS no_timeline, count(*)::int AS n
        FROM agentflow.leads GROUP BY status ORDER BY status`);
    const by = Object.fromEntries(stages.map((r) => [r.status, r]));
    expect(Object.keys(by).sort()).toEqual(["contacted", "lost", "negotiation", "new", "proposal", "qualified", "won"]);
    expect(Number(by.won.avg)).toBeGreaterThan(Number(by.qualified.avg));
    expect(Number(by.qualified.avg)).toBeGreaterThan(Number(by.new.avg));
    expect(Number(by.lost.hi)).toBeLessThanOrEqual(40);
    expect(Number(by.won.lo)).toBeGreaterThanOrEqual(85);
    for (const st of ["qualified", "proposal", "negotiation", "won"]) {
      expect(by[st].vague_budget, `${st} leads know their budget`).toBe(0);
      expect(by[st].no_timeline, `${st} leads have a timeline`).toBe(0);
      expect(Number(by[st].min_services)).toBeGreaterThanOrEqual(1);
    }
    const [owners] = await q("SELECT bool_and(p.role = 'sales') AS ok, count(*) FILTER (WHERE l.status <> 'new' AND l.assigned_to IS NULL)::int AS unowned FROM agentflow.leads l LEFT JOIN agentflow.profiles p ON p.id = l.assigned_to WHERE l.assigned_to IS NOT NULL OR l.status <> 'new'");
    expect(owners).toEqual({ ok: true, unowned: 0 });
  });

  it("workflows: type, state, step and timestamps agree; participating agents are exactly the agents that wrote", async () => {
    const [states] = await q(`SELECT
        count(*) FILTER (WHERE current_state = 'pending' AND (started_at IS NOT NULL OR completed_at IS NOT NULL))::int AS pending_bad,
        count(*) FILTER (WHERE current_state = 'running' AND (started_at IS NULL OR completed_at IS NOT NULL))::int AS running_bad,
        count(*) FILTER (WHERE current_state = 'completed' AND (completed_at IS NULL OR results IS NULL OR error_message IS NOT NULL))::int AS completed_bad,
        count(*) FILTER (WHERE current_state = 'failed' AND (completed_at IS NULL OR error_message IS NULL OR results IS NOT NULL))::int AS failed_bad,
        count(*) FILTER (WHERE current_state = 'cancelled' AND completed_at IS NULL)::int AS cancelled_bad,
        count(*) FILTER (WHERE NOT (execution_plan -> 'steps') @> jsonb_build_array(jsonb_build_object('name', current_step)))::int AS step_not_in_plan,
        count(DISTINCT current_state)::int AS n_states, count(DISTINCT workflow_type)::int AS n_types
        FROM agentflow.workflow_executions`);
    expect(states).toEqual({ pending_bad: 0, running_bad: 0, completed_bad: 0, failed_bad: 0, cancelled_bad: 0, step_not_in_plan: 0, n_states: 5, n_types: 5 });
    const [agents] = await q(`SELECT count(*)::int AS bad FROM agentflow.workflow_executions w
        WHERE (SELECT array_agg(DISTINCT a.agent_name ORDER BY a.agent_name) FROM agentflow.agent_messages a WHERE a.workflow_execution_id = w.id)
              IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(w.participating_agents) x)`);
    expect(agents.bad).toBe(0);
    const [errors] = await q(`SELECT count(*)::int AS bad FROM agentflow.workflow_executions w WHERE w.current_state = 'failed'
        AND NOT EXISTS (SELECT 1 FROM agentflow.agent_messages a WHERE a.workflow_execution_id = w.id AND a.message_type = 'error' AND a.error_details = w.error_message AND a.context_data ->> 'step' = w.current_step)`);
    expect(errors.bad).toBe(0);
    const [within] = await q(`SELECT count(*)::int AS bad FROM agentflow.agent_messages a JOIN agentflow.workflow_executions w ON w.id = a.workflow_execution_id
        WHERE a.created_at < w.created_at OR (w.completed_at IS NOT NULL AND a.created_at > w.completed_at)
           OR (a.status IN ('completed', 'failed')) <> (a.processed_at IS NOT NULL)
           OR (a.message_type = 'tool_call') <> (jsonb_array_length(a.tool_calls) > 0)`);
    expect(within.bad).toBe(0);
    // A workflow runs for its conversation's owner, after the message that triggered it.
    const [owner] = await q(`SELECT count(*)::int AS bad FROM agentflow.workflow_executions w JOIN agentflow.conversations c USING (conversation_id)
        WHERE w.initiated_by <> c.user_id OR w.created_at < c.created_at OR w.created_at > c.updated_at`);
    expect(owner.bad).toBe(0);
    const [meeting] = await q(`SELECT count(*)::int AS bad FROM agentflow.workflow_executions w JOIN agentflow.conversations c USING (conversation_id)
        WHERE w.workflow_type = 'meeting_scheduling' AND NOT EXISTS (SELECT 1 FROM agentflow.messages m WHERE m.conversation_id = c.conversation_id AND m.sender_type = 'agent' AND m.content LIKE '%' || (w.results ->> 'meeting_id') || '%')`);
    expect(meeting.bad).toBe(0);
  });

  it("shared memory: keyed per conversation, access counts and times agree", async () => {
    const [mem] = await q(`SELECT count(*)::int AS n,
        count(*) FILTER (WHERE (access_count = 0) <> (last_accessed_at IS NULL))::int AS count_vs_time,
        count(*) FILTER (WHERE last_accessed_at > c.updated_at)::int AS read_after_end,
        count(DISTINCT scope)::int AS scopes
        FROM agentflow.shared_memory s JOIN agentflow.conversations c USING (conversation_id)`);
    expect(mem).toMatchObject({ count_vs_time: 0, read_after_end: 0, scopes: 4 });
    const [facts] = await q(`SELECT count(*)::int AS bad FROM agentflow.shared_memory s JOIN agentflow.conversations c USING (conversation_id)
       WHERE s.memory_key = 'visitor_profile' AND position(s.memory_value ->> 'company' IN c.content) = 0`);
    expect(facts.bad).toBe(0);
  });

  it("is deterministic: the same seed gives the same bytes", () => {
    const render = () =>
      agentflowSeeder(target)
        .tables({ seed: 3, profile: "dev", scale: 1 })
        .map((t) => [...t.rows()].map((r) => r.map((v) => encodeValue(v)).join("\t")).join("\n"))
        .join("\n");
    expect(render()).toBe(render());
  });
});
