// The contact_center application's own data accesses (contact_center.md), each run against a stack
// applied by the real engine and seeded (dev profile), as the role that application uses and the way
// PostgREST runs a request (role + JWT claims, in a transaction rolled back afterwards):
//   - the agent runtime / backend with the service key -> service_role;
//   - the supervisor dashboard and admin console -> authenticated with the user's `sub`.
// Calls and where they come from:
//   [1] "Sample Data (Development)": INSERT INTO users (email, role, name) ... admin; supervisor with
//       username and supervisor_type; INSERT INTO agents ... SELECT ... FROM users WHERE email = ...
//       (service_role: these are setup scripts; users.id is the Supabase Auth user's id)
//   [2] "Row-Level Security Policies": supervisors see their own profile, agents and interactions;
//       admins see all; supervisor_own_agents FOR ALL -> a supervisor creates/edits their agent;
//       supervisor_view_others (leaderboard) is not opened (docs/modules/contact_center.md says why)
//   [3] "Analytics Views": SELECT * FROM supervisor_performance / agent_performance
//   [4] "Calculate Performance Score": calculate_performance_score(id) and (id, 'today') (rpc)
//   [5] "Permission Flow" 1-3: agent requests a tool (insert pending), supervisor responds (update
//       status and supervisor_response), after 6 minutes -> status = 'timeout'
//   [6] realtime_metrics "Usage": a record every 5 seconds during an interaction (insert), retrieved
//       by the supervisor dashboard (select), "Cleanup Old Realtime Metrics (Daily Job)" DELETE
//   [7] interactions (section 5): the agent collects the phone number, the interaction ends
//       (status, ended_at, duration_seconds); "Update FCR Status": a follow-up archive marks the
//       earlier one
//   [8] "Archive Cleanup": SELECT cleanup_old_archives(90)
// Not data accesses of the application (left out): pg_stat_statements and pg_total_relation_size
// (monitoring by the database owner), pg_dump/psql (backups).
// Every call runs in each placement of test/helpers/stack-db.ts: a database the stack created, and
// the application's legacy database adopted by `supastack adopt` into the module's schema or kept in
// public; SQL names the module's schema as the stack placed it (S).
import { seedersOf } from "../../modules/catalog";
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { withClient } from "../../providers/postgres/client";
import { type Actor, asActor, attempt } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules, PLACEMENTS } from "../helpers/stack-db";

describe.each(PLACEMENTS)("contact_center (%s)", (placement) => {
  let applied: AppliedDatabase;
  let url: string;
  let S: string;
  const service: Actor = { role: "service_role" };
  const as = (sub: string): Actor => ({ role: "authenticated", sub });
  let admin: string;
  let voiceSup: string;
  let chatSup: string;
  let voiceAgent: string;

  beforeAll(async () => {
    applied = await databaseWithModules("calls_contact_center", ["contact_center"], { placement });
    url = applied.db.url;
    S = applied.modules[0]!.schema;
    await seedDatabase({ url, seeders: await seedersOf(applied.modules), profile: "dev", seed: 7, quiet: true });
    await withClient(url, async (c) => {
      admin = (await c.query(`SELECT id FROM ${S}.users WHERE role = 'admin' ORDER BY created_at LIMIT 1`)).rows[0].id;
      const v = await c.query(
        `SELECT u.id, a.id AS agent FROM ${S}.users u JOIN ${S}.agents a ON a.supervisor_id = u.id WHERE u.supervisor_type = 'voice' AND EXISTS (SELECT 1 FROM ${S}.interactions i WHERE i.agent_id = a.id) ORDER BY u.username, a.name LIMIT 1`,
      );
      [voiceSup, voiceAgent] = [v.rows[0].id, v.rows[0].agent];
      chatSup = (await c.query(`SELECT id FROM ${S}.users WHERE supervisor_type = 'chat' ORDER BY username LIMIT 1`)).rows[0].id;
    });
  }, 240_000);
  afterAll(async () => {
    await applied?.dispose();
  });

  const authUser = (c: Client, id: string, email: string) => c.query("INSERT INTO auth.users (id, email, aud, role) VALUES ($1, $2, 'authenticated', 'authenticated')", [id, email]);

  describe("contact_center: the application's calls", () => {
    it("the stack verifies clean", async () => {
      expect(await applied.unexpectedFindings()).toEqual([]);
    });

    it("[1] sample data: admin, supervisor and agent inserted by the setup script (service_role)", async () => {
      await asActor(url, service, async (c) => {
        // As written, without an id: users.id must be a Supabase Auth user's id, so this is refused.
        await expect(c.query(`INSERT INTO ${S}.users (email, role, name) VALUES ('admin@example.com', 'admin', 'System Admin')`)).rejects.toThrow(/foreign key/);
      });
      await withClient(url, async (c) => {
        await c.query("BEGIN");
        try {
          // The Supabase way: the auth user exists (sign-up or auth.admin.createUser), then its profile.
          await authUser(c, "00000000-0000-4000-8000-00000000ad01", "admin@example.com");
          await authUser(c, "00000000-0000-4000-8000-00000000ad02", "supervisor1@example.com");
          await c.query("SET LOCAL ROLE service_role");
          await c.query(`INSERT INTO ${S}.users (id, email, role, name) VALUES ('00000000-0000-4000-8000-00000000ad01', 'admin@example.com', 'admin', 'System Admin')`);
          await c.query(
            `INSERT INTO ${S}.users (id, email, role, name, username, supervisor_type) VALUES ('00000000-0000-4000-8000-00000000ad02', 'supervisor1@example.com', 'supervisor', 'John Doe', 'johndoe', 'voice')`,
          );
          const agent = await c.query(`INSERT INTO ${S}.agents (supervisor_id, name, agent_type, system_prompt, mcp_tools)
            SELECT id, 'Voice Agent 1', 'voice', 'You are a helpful customer service agent...', '{"tools": [{"name": "get_customer", "requires_permission": true}]}'::jsonb
              FROM ${S}.users WHERE email = 'supervisor1@example.com' RETURNING status`);
          expect(agent.rows).toEqual([{ status: "idle" }]);
        } finally {
          await c.query("ROLLBACK");
        }
      });
    });

    it("[2] supervisors see their own profile, agents and interactions; admins see everything; nobody else sees anything", async () => {
      const counts = (actor: Actor) =>
        asActor(url, actor, async (c) => {
          const n = async (sql: string) => Number((await c.query(sql)).rows[0].n);
          return {
            users: await n(`SELECT count(*) AS n FROM ${S}.users`),
            agents: await n(`SELECT count(*) AS n FROM ${S}.agents`),
            interactions: await n(`SELECT count(*) AS n FROM ${S}.interactions`),
            archives: await n(`SELECT count(*) AS n FROM ${S}.interaction_archives`),
          };
        });
      const all = await counts(service);
      expect(await counts(as(admin))).toEqual(all);
      const mine = await counts(as(voiceSup));
      expect(mine.users).toBe(1);
      expect(mine.agents).toBeGreaterThanOrEqual(1);
      expect(mine.agents).toBeLessThanOrEqual(3);
      expect(mine.interactions).toBeGreaterThan(0);
      expect(mine.interactions).toBeLessThan(all.interactions);
      expect(await counts(as("00000000-0000-4000-8000-0000000000ff"))).toEqual({ users: 0, agents: 0, interactions: 0, archives: 0 });
      await withClient(url, async (c) => {
        expect((await attempt(c, { role: "anon" }, `SELECT * FROM ${S}.interactions`)).code).toBe("42501");
        // supabase.from("agents").insert({...}) by the supervisor: their own agent (at most 3).
        const have = Number((await c.query(`SELECT count(*) AS n FROM ${S}.agents WHERE supervisor_id = $1`, [chatSup])).rows[0].n);
        const insert = await attempt(c, as(chatSup), `INSERT INTO ${S}.agents (supervisor_id, name, agent_type, system_prompt) VALUES ($1, 'Chat Agent X', 'chat', 'You are a helpful chat agent.')`, [chatSup]);
        expect(insert.rows === 1 || (have === 3 && /already has 3 agents/.test(insert.error ?? ""))).toBe(true);
        // .update({system_prompt}).eq("id", agent) on their own agent.
        expect((await attempt(c, as(voiceSup), `UPDATE ${S}.agents SET system_prompt = 'You are Ava. Be brief.' WHERE id = $1`, [voiceAgent])).rows).toBe(1);
        // ...and not on another supervisor's agent (no row matches).
        expect((await attempt(c, as(chatSup), `UPDATE ${S}.agents SET system_prompt = 'x' WHERE id = $1`, [voiceAgent])).rows).toBe(0);
      });
    });

    it("[3] analytics views return the source's columns, each caller's own figures", async () => {
      const sup = await asActor(url, as(voiceSup), (c) => c.query(`SELECT * FROM ${S}.supervisor_performance`));
      expect(sup.fields.map((f) => f.name)).toEqual(["supervisor_id", "supervisor_name", "supervisor_type", "total_agents", "total_interactions", "active_interactions", "avg_csat", "avg_resolution_time", "fcr_percentage"]);
      expect(sup.rows.map((r) => r.supervisor_id)).toEqual([voiceSup]);
      expect(Number(sup.rows[0].fcr_percentage)).toBeGreaterThan(0);
      const all = await asActor(url, as(admin), (c) => c.query(`SELECT * FROM ${S}.supervisor_performance`));
      const supervisors = await withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${S}.users WHERE role = 'supervisor'`)).rows[0].n);
      expect(all.rows.length).toBe(supervisors);
      expect(all.rows.length).toBeGreaterThanOrEqual(6);
      const agents = await asActor(url, as(voiceSup), (c) => c.query(`SELECT * FROM ${S}.agent_performance ORDER BY total_interactions DESC`));
      expect(agents.fields.map((f) => f.name)).toEqual(["agent_id", "agent_name", "supervisor_id", "status", "total_interactions", "avg_csat", "avg_handle_time", "fcr_percentage"]);
      expect(agents.rows.every((r) => r.supervisor_id === voiceSup)).toBe(true);
      expect(Number(agents.rows[0].avg_handle_time)).toBeGreaterThan(30);
    });

    it("[4] calculate_performance_score for the month and today (rpc by a supervisor and an admin)", async () => {
      const score = await asActor(url, as(voiceSup), (c) => c.query(`SELECT ${S}.calculate_performance_score($1) AS s, ${S}.calculate_performance_score($1, 'today') AS t`, [voiceSup]));
      expect(Number(score.rows[0].s)).toBeGreaterThanOrEqual(0);
      expect(Number(score.rows[0].s)).toBeLessThanOrEqual(100);
      const byAdmin = await asActor(url, as(admin), (c) => c.query(`SELECT ${S}.calculate_performance_score($1, 'month') AS s`, [chatSup]));
      expect(Number(byAdmin.rows[0].s)).toBeGreaterThanOrEqual(0);
      await withClient(url, async (c) => {
        expect((await attempt(c, as("00000000-0000-4000-8000-0000000000ff"), `SELECT ${S}.calculate_performance_score($1)`, [voiceSup])).code).toBe("42501");
        expect((await attempt(c, { role: "anon" }, `SELECT ${S}.calculate_performance_score($1)`, [voiceSup])).code).toBe("42501");
      });
    });

    it("[5] permission flow: the agent requests, the supervisor answers (stamped), unanswered requests time out", async () => {
      await withClient(url, async (c) => {
        const interaction = (await c.query(`SELECT id FROM ${S}.interactions WHERE agent_id = $1 LIMIT 1`, [voiceAgent])).rows[0].id;
        await c.query("BEGIN");
        try {
          await c.query("SET LOCAL ROLE service_role");
          const req = await c.query(
            `INSERT INTO ${S}.tool_permissions (interaction_id, tool_name, tool_description) VALUES ($1, 'issue_refund', 'Refund the duplicate $42.17 charge') RETURNING id, status`,
            [interaction],
          );
          expect(req.rows[0].status).toBe("pending");
          const old = await c.query(`INSERT INTO ${S}.tool_permissions (interaction_id, tool_name, requested_at) VALUES ($1, 'reship_order', now() - interval '7 minutes') RETURNING id`, [interaction]);
          await c.query("RESET ROLE");
          await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: "authenticated", sub: voiceSup })]);
          await c.query("SET LOCAL ROLE authenticated");
          // supabase.from("tool_permissions").update({ status: "allowed", supervisor_response: "allowed" }).eq("id", id)
          const answer = await c.query(`UPDATE ${S}.tool_permissions SET status = 'allowed', supervisor_response = 'allowed' WHERE id = $1 RETURNING status, responded_by, responded_at`, [req.rows[0].id]);
          expect(answer.rows[0]).toMatchObject({ status: "allowed", responded_by: voiceSup });
          expect(answer.rows[0].responded_at).toBeInstanceOf(Date);
          await c.query("RESET ROLE");
          await c.query("SET LOCAL ROLE service_role");
          // "After 6 minutes with no response -> Update status='timeout'", as the backend's job writes it.
          const timedOut = await c.query(`UPDATE ${S}.tool_permissions SET status = 'timeout' WHERE status = 'pending' AND requested_at < now() - interval '6 minutes' AND id = $1 RETURNING supervisor_response, responded_at`, [old.rows[0].id]);
          expect(timedOut.rows[0].supervisor_response).toBe("timeout");
          expect(Number((await c.query(`SELECT ${S}.expire_tool_permissions() AS n`)).rows[0].n)).toBeGreaterThanOrEqual(0);
        } finally {
          await c.query("ROLLBACK");
        }
      });
    });

    it("[6] realtime metrics: inserted every 5 s by the agent runtime, read by the supervisor dashboard, cleaned up daily", async () => {
      await withClient(url, async (c) => {
        // The dashboard's live interaction: the active one with the longest feed.
        const live = (
          await c.query(
            `SELECT i.id, a.supervisor_id FROM ${S}.interactions i JOIN ${S}.agents a ON a.id = i.agent_id
              WHERE i.status = 'active' AND a.supervisor_id IS NOT NULL
              ORDER BY (SELECT count(*) FROM ${S}.realtime_metrics m WHERE m.interaction_id = i.id) DESC, i.id LIMIT 1`,
          )
        ).rows[0];
        const inserted = await attempt(c, service, `INSERT INTO ${S}.realtime_metrics (interaction_id, sentiment, satisfaction_score, feed_text) VALUES ($1, 'good', 72.5, 'Caller confirms the refund went through')`, [live.id]);
        expect(inserted.rows).toBe(1);
        const feed = await asActor(url, as(live.supervisor_id), (cc) => cc.query(`SELECT "timestamp", sentiment, satisfaction_score, feed_text FROM ${S}.realtime_metrics WHERE interaction_id = $1 ORDER BY "timestamp" DESC LIMIT 12`, [live.id]));
        expect(feed.rows.length).toBe(12);
        const stranger = await asActor(url, as(live.supervisor_id === voiceSup ? chatSup : voiceSup), (cc) => cc.query(`SELECT count(*)::int AS n FROM ${S}.realtime_metrics WHERE interaction_id = $1`, [live.id]));
        expect(stranger.rows[0].n).toBe(0);
        const cleanup = await attempt(c, service, `DELETE FROM ${S}.realtime_metrics WHERE created_at < NOW() - INTERVAL '24 hours'`);
        expect(cleanup.rows).toBeGreaterThan(1000);
        expect((await attempt(c, as(admin), `DELETE FROM ${S}.realtime_metrics WHERE created_at < NOW() - INTERVAL '24 hours'`)).code).toBe("42501");
      });
    });

    it("[7] an interaction from start to archive; a follow-up within 3 days marks the first archive as not first-contact resolved", async () => {
      await withClient(url, async (c) => {
        await c.query("BEGIN");
        try {
          await c.query("SET LOCAL ROLE service_role");
          const start = async (minutesAgo: number) =>
            (await c.query(
              `INSERT INTO ${S}.interactions (agent_id, phone_number, interaction_type, livekit_room_id, started_at) VALUES ($1, '+14155550123', 'voice', 'call-_+14155550123_Zx81QpLm02Rt', now() - make_interval(mins => $2)) RETURNING id`,
              [voiceAgent, minutesAgo],
            )).rows[0].id as string;
          const tags = JSON.stringify({ topics: ["billing"], sentiment: "neutral", issues: [{ tag: "payment_failed", status: "unresolved" }] });
          const first = await start(60 * 30);
          await c.query(`UPDATE ${S}.interactions SET status = 'completed', ended_at = started_at + interval '6 minutes' WHERE id = $1`, [first]);
          const a1 = await c.query(
            `INSERT INTO ${S}.interaction_archives (interaction_id, summary, issues, tags, csat_score, resolution_time_seconds) VALUES ($1, 'Payment failed; ticket opened.', '[{"issue": "Payment failed", "status": "unresolved", "priority": "high"}]', $2, 41.5, NULL) RETURNING id, fcr_status`,
            [first, tags],
          );
          expect(a1.rows[0].fcr_status).toBe(true);
          const second = await start(10);
          const done = await c.query(`UPDATE ${S}.interactions SET status = 'completed' WHERE id = $1 RETURNING ended_at, duration_seconds`, [second]);
          expect(done.rows[0].duration_seconds).toBeGreaterThanOrEqual(599);
          await c.query(`INSERT INTO ${S}.interaction_archives (interaction_id, summary, tags, csat_score) VALUES ($1, 'Payment retried successfully.', $2, 90)`, [second, tags]);
          expect((await c.query(`SELECT fcr_status FROM ${S}.interaction_archives WHERE id = $1`, [a1.rows[0].id])).rows[0].fcr_status).toBe(false);
        } finally {
          await c.query("ROLLBACK");
        }
      });
    });

    it("[8] cleanup_old_archives(90) is the backend's job (service_role), not the dashboard's", async () => {
      await withClient(url, async (c) => {
        expect((await attempt(c, service, `SELECT ${S}.cleanup_old_archives(90)`)).rows).toBe(1);
        expect((await attempt(c, as(admin), `SELECT ${S}.cleanup_old_archives(90)`)).code).toBe("42501");
      });
    });
  });
});
