// Seed data of the contact_center module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other, with their parents and with the source
// document's JSON shapes (mcp_tools, tool config, issues, tags).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactCenterSeeder } from "../../modules/contact_center/seed";
import { encodeRow } from "../../seeds/engine/copy";
import { SEED_NOW, seededModule, type SeededModule } from "./helpers";
import { builtinModule } from "../../modules/catalog";
import { seedTarget } from "../../modules/define";

/** The module's tables as its SQL files create them, in its own schema. */
const target = await seedTarget(builtinModule("contact_center"));

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);
const one = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0];

beforeAll(async () => {
  s = await seededModule("contact_center");
});
afterAll(async () => {
  await s?.drop();
});

describe("contact_center seed data", () => {
  it("users: admins without username/type, supervisors with both; emails on reserved domains; agents <= 3 per supervisor of its type", async () => {
    expect(await one(`SELECT count(*) FILTER (WHERE role = 'admin')::int AS admins, count(*) FILTER (WHERE role = 'supervisor')::int AS sups,
      count(DISTINCT supervisor_type)::int AS types FROM contact_center.users`)).toEqual({ admins: 2, sups: 6, types: 2 });
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.users WHERE email !~ '@(example\\.(com|org|net)|[a-z]+\\.test)$'`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.users u JOIN auth.users a USING (id) WHERE a.email = u.email`)).toEqual({ n: 8 });
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.users WHERE updated_at < created_at`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM (SELECT supervisor_id FROM contact_center.agents GROUP BY 1 HAVING count(*) > 3) x`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.agents a JOIN contact_center.users u ON u.id = a.supervisor_id WHERE u.supervisor_type <> a.agent_type OR a.created_at < u.created_at`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM (SELECT supervisor_id FROM contact_center.agents GROUP BY 1 HAVING count(*) = 3) x`)).not.toEqual({ n: 0 });
  });

  it("agents: system prompts name the agent and its tools; agent_tools mirror mcp_tools ({tools:[{name, description, requires_permission, config}]})", async () => {
    const agents = await q(`SELECT name, agent_type, system_prompt, mcp_tools, status FROM contact_center.agents`);
    expect(new Set(agents.map((a) => a.system_prompt)).size).toBe(agents.length);
    for (const a of agents) {
      expect(a.system_prompt).toContain(`You are ${a.name.split(" · ")[0]}, a ${a.agent_type} support agent`);
      expect(a.mcp_tools.tools.length).toBeGreaterThanOrEqual(5);
      for (const t of a.mcp_tools.tools) {
        expect(Object.keys(t).sort()).toEqual(["config", "description", "name", "requires_permission"]);
        expect(t.config.endpoint).toMatch(/^https:\/\/api\.[a-z-]+\.example\.com\/v2\//);
        expect(Object.keys(t.config).sort()).toEqual(["auth_type", "endpoint", "method", "params"]);
        if (t.requires_permission) expect(a.system_prompt).toContain(t.name);
      }
      expect(["idle", "paused", a.agent_type === "voice" ? "in_call" : "in_chat"]).toContain(a.status);
    }
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.agent_tools t JOIN contact_center.agents a ON a.id = t.agent_id
        WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(a.mcp_tools -> 'tools') m
                           WHERE m ->> 'name' = t.tool_name AND (m ->> 'requires_permission')::boolean = t.requires_permission AND m -> 'config' = t.tool_config)`),
    ).toEqual({ n: 0 });
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.agents a
        WHERE jsonb_array_length(a.mcp_tools -> 'tools') <> (SELECT count(*) FROM contact_center.agent_tools t WHERE t.agent_id = a.id)`),
    ).toEqual({ n: 0 });
  });

  it("interactions: E.164 numbers, LiveKit room names, type of the agent, status coherent with end and duration; busy agents have one live interaction", async () => {
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.interactions i JOIN contact_center.agents a ON a.id = i.agent_id
        WHERE i.phone_number !~ '^\\+1[2-9][0-9]{9}$' OR i.interaction_type <> a.agent_type
           OR (i.interaction_type = 'voice' AND i.livekit_room_id <> 'call-_' || i.phone_number || '_' || right(i.livekit_room_id, 12))
           OR (i.interaction_type = 'voice' AND i.livekit_room_id !~ '^call-_\\+1[0-9]{10}_[A-Za-z0-9]{12}$')
           OR (i.interaction_type = 'chat' AND i.livekit_room_id !~ '^chat-[a-z0-9]{12}$')
           OR (i.status = 'active') <> (i.ended_at IS NULL) OR (i.status = 'active') <> (i.duration_seconds IS NULL)
           OR i.duration_seconds <> extract(epoch FROM i.ended_at - i.started_at)::int
           OR i.created_at <> i.started_at OR i.started_at < a.created_at`),
    ).toEqual({ n: 0 });
    expect(await one(`SELECT count(DISTINCT livekit_room_id)::int = count(*)::int AS unique FROM contact_center.interactions`)).toEqual({ unique: true });
    const statuses = await q(`SELECT status, count(*)::int AS n FROM contact_center.interactions GROUP BY 1 ORDER BY 1`);
    expect(statuses.map((r) => r.status)).toEqual(["active", "completed", "failed"]);
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.agents a
        WHERE (a.status IN ('in_call', 'in_chat')) <> EXISTS (SELECT 1 FROM contact_center.interactions i WHERE i.agent_id = a.id AND i.status = 'active')`),
    ).toEqual({ n: 0 });
  });

  it("archives: only for completed interactions, distinct AI-style summaries, issues/tags as the source shapes them, csat 0-100, fcr_status per the follow-up rule", async () => {
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.interaction_archives ar JOIN contact_center.interactions i ON i.id = ar.interaction_id WHERE i.status <> 'completed' OR ar.created_at < i.ended_at`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.interactions i WHERE i.status = 'completed' AND NOT EXISTS (SELECT 1 FROM contact_center.interaction_archives a WHERE a.interaction_id = i.id)`)).toEqual({ n: 0 });
    const d = await one(`SELECT count(DISTINCT summary)::float / count(*) AS ratio, count(*)::int AS n FROM contact_center.interaction_archives`);
    expect(d.n).toBeGreaterThan(150);
    expect(d.ratio).toBeGreaterThanOrEqual(0.99);
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.interaction_archives
        WHERE jsonb_typeof(issues) <> 'array' OR jsonb_typeof(tags) <> 'object'
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(issues) e WHERE NOT (e ?& ARRAY['issue', 'status', 'priority']) OR e ->> 'status' NOT IN ('resolved', 'unresolved') OR e ->> 'priority' NOT IN ('low', 'medium', 'high'))
           OR NOT (tags ?& ARRAY['topics', 'sentiment', 'issues']) OR jsonb_array_length(tags -> 'issues') <> jsonb_array_length(issues)
           OR csat_score NOT BETWEEN 0 AND 100
           OR (resolution_time_seconds IS NULL) <> (issues -> 0 ->> 'status' = 'unresolved')`),
    ).toEqual({ n: 0 });
    // Resolved issues come with better CSAT, and the resolution happened during the interaction.
    const csat = await one(`SELECT avg(csat_score) FILTER (WHERE issues -> 0 ->> 'status' = 'resolved') AS good, avg(csat_score) FILTER (WHERE issues -> 0 ->> 'status' = 'unresolved') AS bad FROM contact_center.interaction_archives`);
    expect(Number(csat.good)).toBeGreaterThan(Number(csat.bad) + 25);
    expect(await one(`SELECT count(*)::int AS n FROM contact_center.interaction_archives ar JOIN contact_center.interactions i ON i.id = ar.interaction_id WHERE ar.resolution_time_seconds > i.duration_seconds`)).toEqual({ n: 0 });
    // fcr_status is true exactly when the issue was resolved on the contact (the source: "TRUE if
    // resolved") and the same number did not come back within 3 days about a shared issue tag.
    const fcr = await one(`
      SELECT count(*) FILTER (WHERE ar.fcr_status <> (NOT EXISTS (SELECT 1 FROM jsonb_array_elements(ar.tags -> 'issues') t WHERE t ->> 'status' <> 'resolved') AND NOT EXISTS (
               SELECT 1 FROM contact_center.interaction_archives later JOIN contact_center.interactions li ON li.id = later.interaction_id
                WHERE li.phone_number = i.phone_number AND li.started_at > i.started_at AND li.started_at <= i.started_at + interval '3 days'
                  AND EXISTS (SELECT 1 FROM jsonb_array_elements(later.tags -> 'issues') x, jsonb_array_elements(ar.tags -> 'issues') y WHERE x ->> 'tag' = y ->> 'tag'))))::int AS wrong,
             count(*) FILTER (WHERE NOT ar.fcr_status)::int AS repeats
        FROM contact_center.interaction_archives ar JOIN contact_center.interactions i ON i.id = ar.interaction_id`);
    expect(fcr.wrong).toBe(0);
    expect(fcr.repeats).toBeGreaterThan(5);
  });

  it("realtime metrics: every 5 s from start to end, a live feed that does not repeat itself (>= 90% distinct), sentiment matching the score", async () => {
    expect(
      await one(`SELECT count(*) FILTER (WHERE gap <> interval '5 seconds')::int AS bad FROM (
        SELECT "timestamp" - lag("timestamp") OVER (PARTITION BY interaction_id ORDER BY "timestamp") AS gap FROM contact_center.realtime_metrics) g WHERE gap IS NOT NULL`),
    ).toEqual({ bad: 0 });
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.interactions i
        LEFT JOIN (SELECT interaction_id, min("timestamp") AS first, max("timestamp") AS last FROM contact_center.realtime_metrics GROUP BY 1) m ON m.interaction_id = i.id
        WHERE m.first IS DISTINCT FROM i.started_at OR m.last > coalesce(i.ended_at, $1::timestamptz)
           OR m.last < coalesce(i.ended_at, $1::timestamptz) - interval '5 seconds'`, [new Date(SEED_NOW)]),
    ).toEqual({ n: 0 });
    const d = await one(`SELECT count(DISTINCT feed_text)::float / count(*) AS ratio, count(*)::int AS n FROM contact_center.realtime_metrics`);
    expect(d.n).toBeGreaterThan(10_000);
    expect(d.ratio).toBeGreaterThanOrEqual(0.9);
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.realtime_metrics
        WHERE sentiment <> CASE WHEN satisfaction_score >= 65 THEN 'good' WHEN satisfaction_score < 38 THEN 'critical' ELSE 'neutral' END
           OR feed_text IS NULL OR length(feed_text) < 15 OR created_at < "timestamp"`),
    ).toEqual({ n: 0 });
    // Satisfaction ends near the CSAT the customer gave, and the feed names the customer's facts.
    const close = await one(`SELECT avg(abs(ar.csat_score - m.satisfaction_score)) AS diff FROM contact_center.interaction_archives ar
      JOIN LATERAL (SELECT satisfaction_score FROM contact_center.realtime_metrics m WHERE m.interaction_id = ar.interaction_id ORDER BY "timestamp" DESC LIMIT 1) m ON true`);
    expect(Number(close.diff)).toBeLessThan(8);
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.interactions i
        WHERE NOT EXISTS (SELECT 1 FROM contact_center.realtime_metrics m WHERE m.interaction_id = i.id AND m.feed_text LIKE '%number ending in ' || right(i.phone_number, 4) || '%')`),
    ).toEqual({ n: 0 });
  });

  it("satisfaction trends with the outcome; the feed answers a permission request when the supervisor does", async () => {
    const trend = await q(`
      SELECT ar.issues -> 0 ->> 'status' AS outcome, avg(last.s - first.s)::float AS change FROM contact_center.interaction_archives ar
        JOIN LATERAL (SELECT satisfaction_score AS s FROM contact_center.realtime_metrics m WHERE m.interaction_id = ar.interaction_id ORDER BY "timestamp" LIMIT 1) first ON true
        JOIN LATERAL (SELECT satisfaction_score AS s FROM contact_center.realtime_metrics m WHERE m.interaction_id = ar.interaction_id ORDER BY "timestamp" DESC LIMIT 1) last ON true
       GROUP BY 1 ORDER BY 1`);
    expect(trend.map((r) => r.outcome)).toEqual(["resolved", "unresolved"]);
    expect(trend[0].change).toBeGreaterThan(15);
    expect(trend[1].change).toBeLessThan(-10);
    expect(
      await one(`SELECT count(*)::int AS n FROM contact_center.tool_permissions p JOIN contact_center.interactions i ON i.id = p.interaction_id
        WHERE p.status IN ('allowed', 'denied') AND p.responded_at <= coalesce(i.ended_at, $1::timestamptz)
          AND NOT EXISTS (SELECT 1 FROM contact_center.realtime_metrics m WHERE m.interaction_id = i.id AND m."timestamp" >= p.responded_at
                           AND m."timestamp" < p.responded_at + interval '5 seconds' AND m.feed_text LIKE 'Supervisor ' || p.status || ' ' || p.tool_name || '%')`, [new Date(SEED_NOW)]),
    ).toEqual({ n: 0 });
  });

  it("tool permissions: for the agent's permission tools, answered by its supervisor within 6 minutes, or timed out; pending only on live interactions; the feed shows the request", async () => {
    const rows = await q(`SELECT p.*, a.supervisor_id, i.status AS istatus, i.started_at, i.ended_at,
        EXISTS (SELECT 1 FROM contact_center.agent_tools t WHERE t.agent_id = a.id AND t.tool_name = p.tool_name AND t.requires_permission) AS has_tool,
        EXISTS (SELECT 1 FROM contact_center.realtime_metrics m WHERE m.interaction_id = i.id AND m."timestamp" >= p.requested_at AND m."timestamp" < p.requested_at + interval '5 seconds'
                 AND m.feed_text LIKE '%permission to use ' || p.tool_name || '%') AS in_feed
      FROM contact_center.tool_permissions p JOIN contact_center.interactions i ON i.id = p.interaction_id JOIN contact_center.agents a ON a.id = i.agent_id`);
    expect(rows.length).toBeGreaterThan(20);
    const statuses = new Set(rows.map((r) => r.status));
    for (const st of ["allowed", "denied", "timeout"]) expect(statuses).toContain(st);
    for (const r of rows) {
      expect(r.has_tool).toBe(true);
      expect(r.in_feed).toBe(true);
      expect(r.requested_at.getTime()).toBeGreaterThan(r.started_at.getTime());
      const waited = r.responded_at ? r.responded_at.getTime() - r.requested_at.getTime() : null;
      if (r.status === "allowed" || r.status === "denied") {
        expect(waited).toBeGreaterThan(0);
        expect(waited).toBeLessThanOrEqual(6 * 60_000);
        expect(r.responded_by).toBe(r.supervisor_id);
      } else if (r.status === "timeout") {
        expect(waited).toBe(6 * 60_000);
        expect(r.responded_by).toBeNull();
      } else {
        expect(r.istatus).toBe("active");
        expect(SEED_NOW - r.requested_at.getTime()).toBeLessThan(6 * 60_000);
      }
      expect(r.supervisor_response).toBe(r.status === "pending" ? null : r.status);
    }
  });

  it("is deterministic and has qa personas", async () => {
    const digest = () => {
      const h = createHash("sha256");
      for (const t of contactCenterSeeder(target).tables({ seed: 7, profile: "dev", scale: 1 })) for (const row of t.rows()) h.update(encodeRow(row));
      return h.digest("hex");
    };
    expect(digest()).toBe(digest());
    const personas = contactCenterSeeder(target).personas?.({ seed: 7, profile: "qa", scale: 1 }) ?? [];
    expect(personas.map((p) => p.name)).toEqual(["admin", "supervisor-with-three-agents"]);
    expect((personas[1]?.refs.agentIds as string[]).length).toBe(3);
  });
});
