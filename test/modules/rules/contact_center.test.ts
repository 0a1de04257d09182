// The rules the contact_center module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document intended.
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../stacks/postgres/client";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { applyModuleSql } from "../../helpers/modules";
import { testUser as user, uid } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("rules_contact_center");
  // Twice: every file is re-runnable (a table dropped by hand is restored by running it again).
  await applyModuleSql(db.url, ["contact_center"], 2);
});
afterAll(async () => {
  await db?.drop();
});

describe("contact_center", () => {
  it("supervisors need a username and a type; admins must have neither", async () => {
    await withClient(db.url, async (c) => {
      await user(c, 1);
      await expect(c.query("INSERT INTO contact_center.users (id, email, full_name, role) VALUES ($1, 'a@x.io', 'A', 'supervisor')", [uid(1)])).rejects.toThrow(/users_role_fields/);
      await expect(
        c.query("INSERT INTO contact_center.users (id, email, full_name, role, username, supervisor_type) VALUES ($1, 'a@x.io', 'A', 'admin', 'ad', 'voice')", [uid(1)]),
      ).rejects.toThrow(/users_role_fields/);
    });
  });

  it("an agent's supervisor is a supervisor of the same type with at most 3 agents", async () => {
    await withClient(db.url, async (c) => {
      const admin = await user(c, 10);
      const voice = await user(c, 11);
      const chat = await user(c, 12);
      await c.query("INSERT INTO contact_center.users (id, email, full_name, role) VALUES ($1, 'admin@x.io', 'Ada Admin', 'admin')", [admin]);
      await c.query("INSERT INTO contact_center.users (id, email, full_name, role, username, supervisor_type) VALUES ($1, 'v@x.io', 'Vera', 'supervisor', 'vera', 'voice')", [voice]);
      await c.query("INSERT INTO contact_center.users (id, email, full_name, role, username, supervisor_type) VALUES ($1, 'c@x.io', 'Chen', 'supervisor', 'chen', 'chat')", [chat]);
      const agent = (sup: string, type: string, name: string) =>
        c.query("INSERT INTO contact_center.agents (supervisor_id, agent_type, name) VALUES ($1, $2, $3) RETURNING id", [sup, type, name]);
      await expect(agent(admin, "voice", "x")).rejects.toThrow(/is an admin, not a supervisor/);
      await expect(agent(voice, "chat", "x")).rejects.toThrow(/a chat agent cannot report to a voice supervisor/);
      for (const n of ["v1", "v2", "v3"]) await agent(voice, "voice", n);
      await expect(agent(voice, "voice", "v4")).rejects.toThrow(/already has 3 agents/);
      const moved = await agent(chat, "chat", "c1");
      await expect(c.query("UPDATE contact_center.agents SET supervisor_id = $1, agent_type = 'voice' WHERE id = $2", [voice, moved.rows[0].id])).rejects.toThrow(/already has 3 agents/);
      await expect(c.query("UPDATE contact_center.users SET supervisor_type = 'chat' WHERE id = $1", [voice])).rejects.toThrow(/still supervises agents/);
    });
  });

  it("marks earlier archives of the same number within 3 days sharing a tag as not first-contact resolved", async () => {
    await withClient(db.url, async (c) => {
      const sup = await user(c, 20);
      await c.query("INSERT INTO contact_center.users (id, email, full_name, role, username, supervisor_type) VALUES ($1, 's20@x.io', 'S', 'supervisor', 'sup20', 'chat')", [sup]);
      const a = await c.query("INSERT INTO contact_center.agents (supervisor_id, agent_type, name) VALUES ($1, 'chat', 'fcr') RETURNING id", [sup]);
      const archive = async (phone: string, at: string, tags: string[]) => {
        const i = await c.query(
          "INSERT INTO contact_center.interactions (agent_id, channel, customer_phone, status, started_at, ended_at) VALUES ($1, 'chat', $2, 'completed', $3::timestamptz - interval '5 minutes', $3) RETURNING id",
          [a.rows[0].id, phone, at],
        );
        const r = await c.query(
          "INSERT INTO contact_center.interaction_archives (interaction_id, phone_number, csat, tags, archived_at) VALUES ($1, $2, 80, $3, $4) RETURNING id",
          [i.rows[0].id, phone, JSON.stringify(tags), at],
        );
        return r.rows[0].id as string;
      };
      const first = await archive("+14155550100", "2026-11-01T10:00:00Z", ["billing", "refund"]);
      const unrelated = await archive("+14155550100", "2026-11-02T10:00:00Z", ["login"]);
      const tooOld = await archive("+14155550100", "2026-10-20T10:00:00Z", ["billing"]);
      const otherPhone = await archive("+14155550199", "2026-11-02T12:00:00Z", ["billing"]);
      await archive("+14155550100", "2026-11-03T09:00:00Z", ["refund"]);
      const fcr = await c.query("SELECT id, first_contact_resolved FROM contact_center.interaction_archives WHERE id = ANY ($1)", [[first, unrelated, tooOld, otherPhone]]);
      const byId = Object.fromEntries(fcr.rows.map((r) => [r.id, r.first_contact_resolved]));
      expect(byId).toEqual({ [first]: false, [unrelated]: true, [tooOld]: true, [otherPhone]: true });
      expect(Number((await c.query("SELECT contact_center.calculate_performance_score($1) AS s", [a.rows[0].id])).rows[0].s)).toBeGreaterThan(0);
    });
  });

  it("tool permission requests expire after 6 minutes; cleanup_old_archives counts what it removes", async () => {
    await withClient(db.url, async (c) => {
      const agent = (await c.query("SELECT id FROM contact_center.agents LIMIT 1")).rows[0].id;
      const p = await c.query(
        "INSERT INTO contact_center.tool_permissions (agent_id, tool_name, requested_at) VALUES ($1, 'refund', '2026-11-01T10:00:00Z') RETURNING expires_at",
        [agent],
      );
      expect(new Date(p.rows[0].expires_at).toISOString()).toBe("2026-11-01T10:06:00.000Z");
      await expect(
        c.query("INSERT INTO contact_center.tool_permissions (agent_id, tool_name, status, requested_at, responded_at) VALUES ($1, 't', 'approved', '2026-11-01T10:00:00Z', '2026-11-01T10:07:00Z')", [agent]),
      ).rejects.toThrow(/check constraint/);
      expect((await c.query("SELECT contact_center.cleanup_old_archives(1) AS n")).rows[0].n).toBe(5);
      await expect(c.query("SELECT contact_center.cleanup_old_archives(0)")).rejects.toThrow(/at least 1/);
    });
  });
});
