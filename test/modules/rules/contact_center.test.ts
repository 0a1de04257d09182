// The rules the contact_center module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document (contact_center.md) intended.
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { applyModuleSql } from "../../helpers/modules";
import { impersonate } from "../../helpers/postgrest";
import { testUser as user, uid } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("rules_contact_center");
  // Twice: every file is re-runnable (a table dropped by hand is restored by running it again).
  await applyModuleSql(db.url, ["contact_center"], 2);
  await withClient(db.url, (c) => c.query("GRANT USAGE ON SCHEMA contact_center TO authenticated; GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA contact_center TO authenticated; GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA contact_center TO authenticated"));
});
afterAll(async () => {
  await db?.drop();
});

async function supervisor(c: Client, n: number, type: "voice" | "chat"): Promise<string> {
  const id = await user(c, n);
  await c.query("INSERT INTO contact_center.users (id, email, role, name, username, supervisor_type) VALUES ($1, $2, 'supervisor', $3, $4, $5)", [
    id,
    `s${n}@example.com`,
    `Supervisor ${n}`,
    `sup${n}`,
    type,
  ]);
  return id;
}
const agent = (c: Client, sup: string, type: string, name: string) =>
  c.query("INSERT INTO contact_center.agents (supervisor_id, agent_type, name, system_prompt) VALUES ($1, $2, $3, 'You answer billing questions.') RETURNING id", [sup, type, name]);

describe("contact_center", () => {
  it("supervisors need a username and a type; admins must have neither (check_supervisor_fields)", async () => {
    await withClient(db.url, async (c) => {
      await user(c, 1);
      await expect(c.query("INSERT INTO contact_center.users (id, email, name, role) VALUES ($1, 'a@example.com', 'A', 'supervisor')", [uid(1)])).rejects.toThrow(/check_supervisor_fields/);
      // An admin has neither: a username or type given with role admin is cleared (users_admin_fields).
      const admin = await c.query(
        "INSERT INTO contact_center.users (id, email, name, role, username, supervisor_type) VALUES ($1, 'a@example.com', 'A', 'admin', 'ad', 'voice') RETURNING username, supervisor_type",
        [uid(1)],
      );
      expect(admin.rows[0]).toEqual({ username: null, supervisor_type: null });
      await expect(c.query("UPDATE contact_center.users SET role = 'supervisor' WHERE id = $1", [uid(1)])).rejects.toThrow(/check_supervisor_fields/);
      await c.query("DELETE FROM contact_center.users WHERE id = $1", [uid(1)]);
      // users.id is the Supabase Auth user's id.
      await expect(c.query("INSERT INTO contact_center.users (email, name, role) VALUES ('nobody@example.com', 'No Body', 'admin')")).rejects.toThrow(/foreign key/);
    });
  });

  it("an agent's supervisor is a supervisor of the same type with at most 3 agents", async () => {
    await withClient(db.url, async (c) => {
      const admin = await user(c, 10);
      await c.query("INSERT INTO contact_center.users (id, email, name, role) VALUES ($1, 'admin10@example.com', 'Ada Admin', 'admin')", [admin]);
      const voice = await supervisor(c, 11, "voice");
      const chat = await supervisor(c, 12, "chat");
      await expect(agent(c, admin, "voice", "x")).rejects.toThrow(/must be a supervisor/);
      await expect(agent(c, voice, "chat", "x")).rejects.toThrow(/a chat agent cannot report to voice supervisor/);
      for (const n of ["v1", "v2", "v3"]) await agent(c, voice, "voice", n);
      await expect(agent(c, voice, "voice", "v4")).rejects.toThrow(/already has 3 agents/);
      const moved = await agent(c, chat, "chat", "c1");
      await expect(c.query("UPDATE contact_center.agents SET supervisor_id = $1, agent_type = 'voice' WHERE id = $2", [voice, moved.rows[0].id])).rejects.toThrow(/already has 3 agents/);
      await expect(c.query("UPDATE contact_center.users SET supervisor_type = 'chat' WHERE id = $1", [voice])).rejects.toThrow(/still supervises voice agents/);
      const idle = await c.query("SELECT status FROM contact_center.agents WHERE id = $1", [moved.rows[0].id]);
      expect(idle.rows[0].status).toBe("idle");
      await expect(c.query("UPDATE contact_center.agents SET status = 'in_call' WHERE id = $1", [moved.rows[0].id])).rejects.toThrow(/agents_busy_matches_type/);
      await c.query("UPDATE contact_center.agents SET status = 'in_chat' WHERE id = $1", [moved.rows[0].id]);
    });
  });

  it("interactions: type matches the agent, end and duration follow the status", async () => {
    await withClient(db.url, async (c) => {
      const sup = await supervisor(c, 30, "voice");
      const a = (await agent(c, sup, "voice", "Ava")).rows[0].id;
      await expect(
        c.query("INSERT INTO contact_center.interactions (agent_id, phone_number, interaction_type) VALUES ($1, '+14155550100', 'chat')", [a]),
      ).rejects.toThrow(/does not match the agent's type voice/);
      const i = await c.query(
        "INSERT INTO contact_center.interactions (agent_id, phone_number, interaction_type, livekit_room_id, started_at) VALUES ($1, '+14155550100', 'voice', 'call-_+14155550100_Xy12AbCd', now() - interval '95 seconds') RETURNING id, status, ended_at",
        [a],
      );
      expect(i.rows[0]).toMatchObject({ status: "active", ended_at: null });
      const done = await c.query("UPDATE contact_center.interactions SET status = 'completed' WHERE id = $1 RETURNING ended_at, duration_seconds", [i.rows[0].id]);
      expect(done.rows[0].ended_at).not.toBeNull();
      expect(done.rows[0].duration_seconds).toBeGreaterThanOrEqual(94);
      await expect(c.query("UPDATE contact_center.interactions SET status = 'active' WHERE id = $1", [i.rows[0].id])).rejects.toThrow(/interactions_end_matches_status/);
    });
  });

  it("first contact resolution: a follow-up from the same number within 3 days sharing an issue tag marks the earlier archive", async () => {
    await withClient(db.url, async (c) => {
      const sup = await supervisor(c, 20, "chat");
      const a = (await agent(c, sup, "chat", "fcr")).rows[0].id;
      const archive = async (phone: string, at: string, tags: string[]) => {
        const i = await c.query(
          "INSERT INTO contact_center.interactions (agent_id, interaction_type, phone_number, status, started_at, ended_at) VALUES ($1, 'chat', $2, 'completed', $3, $3::timestamptz + interval '5 minutes') RETURNING id",
          [a, phone, at],
        );
        const r = await c.query(
          "INSERT INTO contact_center.interaction_archives (interaction_id, summary, csat_score, tags) VALUES ($1, 'Customer asked about a charge.', 80, $2) RETURNING id",
          [i.rows[0].id, JSON.stringify({ topics: ["billing"], sentiment: "neutral", issues: tags.map((tag) => ({ tag, status: "resolved" })) })],
        );
        return r.rows[0].id as string;
      };
      const first = await archive("+14155550100", "2026-11-01T10:00:00Z", ["payment_failed", "refund_request"]);
      const unrelated = await archive("+14155550100", "2026-11-02T10:00:00Z", ["login_issue"]);
      const tooOld = await archive("+14155550100", "2026-10-20T10:00:00Z", ["payment_failed"]);
      const otherPhone = await archive("+14155550199", "2026-11-02T12:00:00Z", ["payment_failed"]);
      const followUp = await archive("+14155550100", "2026-11-03T09:00:00Z", ["refund_request"]);
      // Archived out of order: the follow-up of 11-02 12:00 (+14155550199) is already there.
      const late = await archive("+14155550199", "2026-11-01T12:00:00Z", ["payment_failed"]);
      const fcr = await c.query("SELECT id, fcr_status FROM contact_center.interaction_archives WHERE id = ANY ($1)", [[first, unrelated, tooOld, otherPhone, followUp, late]]);
      const byId = Object.fromEntries(fcr.rows.map((r) => [r.id, r.fcr_status]));
      expect(byId).toEqual({ [first]: false, [unrelated]: true, [tooOld]: true, [otherPhone]: true, [followUp]: true, [late]: false });
      // tags as an array (the column list's wording) is accepted and simply has no issue tags.
      const i = await c.query("INSERT INTO contact_center.interactions (agent_id, interaction_type, phone_number, status, started_at) VALUES ($1, 'chat', '+14155550100', 'completed', '2026-11-03T10:00:00Z') RETURNING id", [a]);
      await c.query("INSERT INTO contact_center.interaction_archives (interaction_id, summary, tags) VALUES ($1, 'Short chat.', '[\"billing\"]')", [i.rows[0].id]);
    });
  });

  it("tool permissions: answered within 6 minutes by the supervisor (stamped), otherwise timeout", async () => {
    await withClient(db.url, async (c) => {
      const sup = await supervisor(c, 40, "voice");
      const a = (await agent(c, sup, "voice", "perm")).rows[0].id;
      const i = (await c.query("INSERT INTO contact_center.interactions (agent_id, interaction_type, phone_number) VALUES ($1, 'voice', '+14155550142') RETURNING id", [a])).rows[0].id;
      const request = async (at: string) =>
        (await c.query("INSERT INTO contact_center.tool_permissions (interaction_id, tool_name, tool_description, requested_at) VALUES ($1, 'issue_refund', 'Refund order', $2) RETURNING id, status", [i, at])).rows[0];
      const fresh = await request(new Date(Date.now() - 60_000).toISOString());
      expect(fresh.status).toBe("pending");
      const old = await request(new Date(Date.now() - 7 * 60_000).toISOString());

      await c.query("BEGIN");
      await impersonate(c, { role: "authenticated", sub: sup });
      const answered = await c.query("UPDATE contact_center.tool_permissions SET supervisor_response = 'allowed' WHERE id = $1 RETURNING status, responded_by, responded_at", [fresh.id]);
      expect(answered.rows[0]).toMatchObject({ status: "allowed", responded_by: sup });
      await expect(c.query("UPDATE contact_center.tool_permissions SET status = 'allowed' WHERE id = $1", [old.id])).rejects.toThrow(/timed out/);
      await c.query("ROLLBACK");

      expect((await c.query("SELECT contact_center.expire_tool_permissions() AS n")).rows[0].n).toBe(1);
      const expired = await c.query("SELECT status, supervisor_response, responded_at - requested_at AS waited FROM contact_center.tool_permissions WHERE id = $1", [old.id]);
      expect(expired.rows[0]).toMatchObject({ status: "timeout", supervisor_response: "timeout" });
      await expect(c.query("UPDATE contact_center.tool_permissions SET status = 'pending' WHERE id = $1", [old.id])).rejects.toThrow(/already answered/);
      await expect(
        c.query("INSERT INTO contact_center.tool_permissions (interaction_id, tool_name, status, requested_at, responded_at) VALUES ($1, 't', 'allowed', '2026-11-01T10:00:00Z', '2026-11-01T10:07:00Z')", [i]),
      ).rejects.toThrow(/tool_permissions_answered_in_window/);
    });
  });

  it("calculate_performance_score and cleanup_old_archives", async () => {
    await withClient(db.url, async (c) => {
      const sup = await supervisor(c, 50, "voice");
      const a = (await agent(c, sup, "voice", "score")).rows[0].id;
      const i = await c.query(
        "INSERT INTO contact_center.interactions (agent_id, interaction_type, phone_number, status, started_at, ended_at) VALUES ($1, 'voice', '+14155550150', 'completed', now() - interval '10 minutes', now() - interval '4 minutes') RETURNING id",
        [a],
      );
      await c.query("INSERT INTO contact_center.interaction_archives (interaction_id, summary, csat_score) VALUES ($1, 'Solved.', 90)", [i.rows[0].id]);
      const score = Number((await c.query("SELECT contact_center.calculate_performance_score($1) AS s", [sup])).rows[0].s);
      expect(score).toBeGreaterThanOrEqual(45);
      expect(score).toBeLessThanOrEqual(100);
      await expect(c.query("SELECT contact_center.calculate_performance_score($1, 'year')", [sup])).rejects.toThrow(/'today' or 'month'/);
      await c.query("UPDATE contact_center.interaction_archives SET created_at = now() - interval '100 days' WHERE interaction_id = $1", [i.rows[0].id]);
      expect((await c.query("SELECT contact_center.cleanup_old_archives() AS n")).rows[0].n).toBe(1);
      await expect(c.query("SELECT contact_center.cleanup_old_archives(0)")).rejects.toThrow(/at least 1/);
    });
  });
});
