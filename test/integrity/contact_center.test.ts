// Issue 11's attacks on contact_center, as PostgREST runs them (role + JWT claims, rolled back), on a
// stack applied by the real engine and seeded: every one is refused with 42501 (no privilege on the
// column, or the RLS error "new row violates row-level security policy"), and nothing an error says
// tells a supervisor about another supervisor's rows.
// Every attempt a signed-in user is refused is tried again as their anonymous twin (same uid,
// GoTrue's anonymous claims; test/helpers/postgrest.ts attemptAlsoAnonymous), which must be refused too (issue 26).
import { seedersOf } from "../../modules/catalog";
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { withClient } from "../../providers/postgres/client";
import { type Actor, attemptAlsoAnonymous as attempt } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";

let applied: AppliedDatabase;
let url: string;
const as = (sub: string): Actor => ({ role: "authenticated", sub });
const RLS = /new row violates row-level security policy for table/;
const PRIVILEGE = /permission denied for table/;

// Seeded people and rows the attacks aim at.
let admin: string;
let sup: string; // the attacker: a voice supervisor
let supAgent: string;
let supInteraction: string;
let rival: string; // another supervisor
let rivalFull: string; // another supervisor with 3 agents (chat when there is one)
let rivalInteraction: string;
let rivalArchive: { id: string; phone: string; startedAt: Date; tags: unknown };
const NEWCOMER = "00000000-0000-4000-8000-00000000c0de"; // signed up, no contact_center profile
// Tool permission requests on the attacker's interaction, made by the agent runtime for the test.
const PENDING = "60000000-0000-4000-8000-000000000001";
const OVERDUE = "60000000-0000-4000-8000-000000000002";
const TIMED_OUT = "60000000-0000-4000-8000-000000000003";

beforeAll(async () => {
  applied = await databaseWithModules("integrity_contact_center", ["contact_center"]);
  url = applied.db.url;
  await seedDatabase({ url, seeders: await seedersOf(["contact_center"]), profile: "dev", seed: 7, quiet: true });
  await withClient(url, async (c) => {
    const one = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows[0];
    admin = (await one("SELECT id FROM contact_center.users WHERE role = 'admin' ORDER BY email LIMIT 1")).id;
    const s = await one(`SELECT a.supervisor_id, a.id AS agent, i.id AS interaction FROM contact_center.agents a
      JOIN contact_center.interactions i ON i.agent_id = a.id JOIN contact_center.users u ON u.id = a.supervisor_id
      WHERE u.supervisor_type = 'voice' AND i.status = 'completed' ORDER BY u.username, i.started_at LIMIT 1`);
    [sup, supAgent, supInteraction] = [s.supervisor_id, s.agent, s.interaction];
    const r = await one(`SELECT a.supervisor_id, i.id AS interaction, ar.id AS archive, i.phone_number, i.started_at, ar.tags
      FROM contact_center.interaction_archives ar JOIN contact_center.interactions i ON i.id = ar.interaction_id
      JOIN contact_center.agents a ON a.id = i.agent_id
      WHERE a.supervisor_id <> $1 AND ar.fcr_status AND jsonb_array_length(ar.tags -> 'issues') > 0 ORDER BY i.started_at LIMIT 1`, [sup]);
    [rival, rivalInteraction] = [r.supervisor_id, r.interaction];
    rivalArchive = { id: r.archive, phone: r.phone_number, startedAt: r.started_at, tags: r.tags };
    rivalFull = (
      await one(
        `SELECT u.id FROM contact_center.users u WHERE u.id <> $1 AND (SELECT count(*) FROM contact_center.agents a WHERE a.supervisor_id = u.id) = 3
          ORDER BY u.supervisor_type = 'chat' DESC, u.username LIMIT 1`,
        [sup],
      )
    )?.id;
    await c.query("INSERT INTO auth.users (id, email, aud, role) VALUES ($1, 'newcomer@example.com', 'authenticated', 'authenticated')", [NEWCOMER]);
    await c.query(
      `INSERT INTO contact_center.tool_permissions (id, interaction_id, tool_name, tool_description, requested_at, status) VALUES
        ($1, $4, 'issue_refund', 'Refund the duplicate $42.17 charge', now() - interval '1 minute', 'pending'),
        ($2, $4, 'reship_order', 'Reship order #W82176', now() - interval '7 minutes', 'pending'),
        ($3, $4, 'unlock_account', 'Unlock the account', now() - interval '20 minutes', 'timeout')`,
      [PENDING, OVERDUE, TIMED_OUT, supInteraction],
    );
  });
}, 240_000);
afterAll(async () => {
  await applied?.dispose();
});

const run = (actor: Actor, sql: string, params: unknown[] = []) => withClient(url, (c: Client) => attempt(c, actor, sql, params));

describe("contact_center write integrity", () => {
  it("fixture: the attacker, a rival with an archive and a supervisor with 3 agents exist", () => {
    expect([admin, sup, supAgent, rival, rivalFull].every((x) => typeof x === "string")).toBe(true);
  });

  it("a supervisor cannot record an approval in someone else's name or at a time of their choosing", async () => {
    const forged = await run(as(sup), `UPDATE contact_center.tool_permissions SET status = 'allowed', supervisor_response = 'allowed', responded_by = '${admin}' WHERE id = $1`, [PENDING]);
    expect(forged).toMatchObject({ code: "42501", error: expect.stringMatching(PRIVILEGE) });
    // responded_at may be sent with the answer (clients do) but the clock's time is stored.
    const backdated = await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: "authenticated", sub: sup })]);
        await c.query("SET LOCAL ROLE authenticated");
        return (await c.query("UPDATE contact_center.tool_permissions SET status = 'denied', responded_at = now() - interval '5 minutes' WHERE id = $1 RETURNING responded_at > now() - interval '1 second' AS now, responded_by", [PENDING])).rows[0];
      } finally {
        await c.query("ROLLBACK");
      }
    });
    expect(backdated).toEqual({ now: true, responded_by: sup });
    // What they may do: answer; who answered and when are the server's.
    const ok = await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: "authenticated", sub: sup })]);
        await c.query("SET LOCAL ROLE authenticated");
        return (await c.query("UPDATE contact_center.tool_permissions SET supervisor_response = 'allowed' WHERE id = $1 RETURNING status, responded_by, responded_at > now() - interval '1 second' AS now", [PENDING])).rows[0];
      } finally {
        await c.query("ROLLBACK");
      }
    });
    expect(ok).toEqual({ status: "allowed", responded_by: sup, now: true });
  });

  it("a supervisor cannot revive a timed-out request (requested_at, back to pending, a late answer)", async () => {
    expect((await run(as(sup), "UPDATE contact_center.tool_permissions SET requested_at = now() WHERE id = $1", [TIMED_OUT])).error).toMatch(PRIVILEGE);
    expect((await run(as(sup), "UPDATE contact_center.tool_permissions SET requested_at = now() WHERE id = $1", [OVERDUE])).error).toMatch(PRIVILEGE);
    const back = await run(as(sup), "UPDATE contact_center.tool_permissions SET status = 'pending', supervisor_response = NULL WHERE id = $1", [TIMED_OUT]);
    expect(back).toMatchObject({ code: "42501", error: expect.stringMatching(/already answered/) });
    const late = await run(as(sup), "UPDATE contact_center.tool_permissions SET status = 'allowed' WHERE id = $1", [TIMED_OUT]);
    expect(late).toMatchObject({ code: "42501", error: expect.stringMatching(/already answered/) });
    const overdue = await run(as(sup), "UPDATE contact_center.tool_permissions SET status = 'allowed' WHERE id = $1", [OVERDUE]);
    expect(overdue).toMatchObject({ code: "42501", error: expect.stringMatching(/timed out/) });
    // The clock's own verdict is not theirs either.
    expect((await run(as(sup), "UPDATE contact_center.tool_permissions SET status = 'timeout' WHERE id = $1", [PENDING])).code).toBe("42501");
  });

  it("a supervisor cannot link a request to another supervisor's interaction", async () => {
    expect((await run(as(sup), "UPDATE contact_center.tool_permissions SET interaction_id = $2 WHERE id = $1", [PENDING, rivalInteraction])).error).toMatch(PRIVILEGE);
    const insert = await run(as(sup), "INSERT INTO contact_center.tool_permissions (interaction_id, tool_name) VALUES ($1, 'issue_refund')", [rivalInteraction]);
    expect(insert).toMatchObject({ code: "42501", error: expect.stringMatching(PRIVILEGE) });
    // Nor answer the rival's requests: they are not visible, no row changes.
    const theirs = await withClient(url, (c) => c.query("SELECT id FROM contact_center.tool_permissions p WHERE p.interaction_id = $1 LIMIT 1", [rivalInteraction]));
    if (theirs.rows[0]) expect((await run(as(sup), "UPDATE contact_center.tool_permissions SET status = 'allowed' WHERE id = $1", [theirs.rows[0].id])).rows).toBe(0);
  });

  it("a supervisor's archive (phone, tags and time of their choosing) cannot flip fcr_status on another supervisor's archive", async () => {
    // Archives, interactions and their phone numbers are written by the agent runtime only.
    const phoneCall = await run(
      as(sup),
      "INSERT INTO contact_center.interactions (agent_id, phone_number, interaction_type, status, started_at, ended_at) VALUES ($1, $2, 'voice', 'completed', $3::timestamptz + interval '1 hour', $3::timestamptz + interval '70 minutes')",
      [supAgent, rivalArchive.phone, rivalArchive.startedAt],
    );
    expect(phoneCall).toMatchObject({ code: "42501", error: expect.stringMatching(PRIVILEGE) });
    const archive = await run(as(sup), "INSERT INTO contact_center.interaction_archives (interaction_id, summary, tags, created_at) VALUES ($1, 'x', $2, $3)", [
      supInteraction,
      JSON.stringify(rivalArchive.tags),
      rivalArchive.startedAt,
    ]);
    expect(archive).toMatchObject({ code: "42501", error: expect.stringMatching(PRIVILEGE) });
    expect((await run(as(sup), "UPDATE contact_center.interactions SET phone_number = $2 WHERE id = $1", [supInteraction, rivalArchive.phone])).code).toBe("42501");
    expect((await run(as(admin), "INSERT INTO contact_center.interaction_archives (interaction_id, summary) VALUES ($1, 'x')", [supInteraction])).code).toBe("42501");
    const still = await withClient(url, (c) => c.query("SELECT fcr_status FROM contact_center.interaction_archives WHERE id = $1", [rivalArchive.id]));
    expect(still.rows[0].fcr_status).toBe(true);
    // The trigger itself is SECURITY INVOKER: no definer code runs on an archive insert.
    const definer = await withClient(url, (c) =>
      c.query("SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid::regclass::text LIKE 'contact_center.%' AND p.prosecdef"),
    );
    expect(definer.rows).toEqual([]);
  });

  it("roles and supervisor types are not user-writable", async () => {
    const own = (set: string) => run(as(sup), `UPDATE contact_center.users SET ${set} WHERE id = $1`, [sup]);
    for (const set of ["role = 'admin'", "supervisor_type = 'chat'", "email = 'me@example.org'"]) {
      const r = await own(set);
      expect(r.code, set).toBe("42501");
    }
    expect((await own("role = 'admin', username = NULL, supervisor_type = NULL")).code).toBe("42501");
    expect((await own("name = 'Renamed Supervisor'")).rows).toBe(1);
    // Signing up does not make anyone an admin (or a supervisor).
    for (const role of ["admin", "supervisor"]) {
      const r = await run(as(NEWCOMER), "INSERT INTO contact_center.users (id, email, role, name, username, supervisor_type) VALUES ($1, 'newcomer@example.com', $2, 'New Comer', $3, $4)", [
        NEWCOMER,
        role,
        role === "admin" ? null : "newcomer",
        role === "admin" ? null : "voice",
      ]);
      expect(r).toMatchObject({ code: "42501", error: expect.stringMatching(RLS) });
    }
    expect((await run(as(sup), "UPDATE contact_center.users SET role = 'admin' WHERE id = $1", [rival])).rows).toBe(0);
  });

  it("no error tells a supervisor another user's role, type or agent count: every foreign supervisor_id gets the same RLS error", async () => {
    const attempts = [rivalFull, rival, admin, NEWCOMER, "00000000-0000-4000-8000-00000000dead"];
    const errors = new Set<string>();
    for (const target of attempts) {
      const r = await run(as(sup), "INSERT INTO contact_center.agents (supervisor_id, name, agent_type, system_prompt) VALUES ($1, 'Spy', 'voice', 'x')", [target]);
      expect(r.code).toBe("42501");
      errors.add(r.error as string);
      const moved = await run(as(sup), "UPDATE contact_center.agents SET supervisor_id = $2 WHERE id = $1", [supAgent, target]);
      expect(moved.code).toBe("42501");
      errors.add(moved.error as string);
    }
    expect([...errors]).toEqual(['new row violates row-level security policy for table "agents"']);
    // A user without a profile cannot create agents at all.
    expect((await run(as(NEWCOMER), "INSERT INTO contact_center.agents (name, agent_type, system_prompt) VALUES ('Mine', 'voice', 'x')")).error).toMatch(RLS);
    // Tools on another supervisor's agent: the same RLS error.
    const rivalAgent = (await withClient(url, (c) => c.query("SELECT id FROM contact_center.agents WHERE supervisor_id = $1 LIMIT 1", [rival]))).rows[0].id;
    expect((await run(as(sup), "INSERT INTO contact_center.agent_tools (agent_id, tool_name) VALUES ($1, 'issue_refund')", [rivalAgent])).error).toMatch(RLS);
  });

  it("a supervisor cannot erase an agent's history (archives behind the leaderboard) by deleting the agent", async () => {
    expect((await run(as(sup), "DELETE FROM contact_center.agents WHERE id = $1", [supAgent])).rows).toBe(0);
    expect((await run(as(sup), "DELETE FROM contact_center.interactions WHERE agent_id = $1", [supAgent])).rows).toBe(0);
    expect((await run(as(sup), "DELETE FROM contact_center.interaction_archives")).code).toBe("42501");
    // An agent without interactions is theirs to remove; an admin removes any.
    const fresh = await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: "authenticated", sub: sup })]);
        await c.query("SET LOCAL ROLE authenticated");
        const have = Number((await c.query("SELECT count(*) AS n FROM contact_center.agents")).rows[0].n);
        if (have >= 3) await c.query("DELETE FROM contact_center.agents WHERE id = (SELECT id FROM contact_center.agents a WHERE NOT EXISTS (SELECT 1 FROM contact_center.interactions i WHERE i.agent_id = a.id) LIMIT 1)");
        const made = await c.query("INSERT INTO contact_center.agents (name, system_prompt) VALUES ('Temp', 'x') RETURNING id, supervisor_id, agent_type");
        const gone = await c.query("DELETE FROM contact_center.agents WHERE id = $1", [made.rows[0].id]);
        return { ...made.rows[0], deleted: gone.rowCount };
      } finally {
        await c.query("ROLLBACK");
      }
    });
    expect(fresh).toMatchObject({ supervisor_id: sup, agent_type: "voice", deleted: 1 });
    expect((await run(as(admin), "DELETE FROM contact_center.agents WHERE id = $1", [supAgent])).rows).toBe(1);
  });

  it("server-owned columns: ids, created_at and updated_at are not the caller's", async () => {
    const stamped = await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        await c.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: "authenticated", sub: sup })]);
        await c.query("SET LOCAL ROLE authenticated");
        return (await c.query("UPDATE contact_center.agents SET name = name, updated_at = '2020-01-01' WHERE id = $1 RETURNING updated_at > now() - interval '1 second' AS now", [supAgent])).rows[0];
      } finally {
        await c.query("ROLLBACK");
      }
    });
    expect(stamped).toEqual({ now: true });
    for (const [sql, params] of [
      ["INSERT INTO contact_center.agents (id, name, system_prompt) VALUES ('70000000-0000-4000-8000-000000000001', 'A', 'x')", []],
      ["INSERT INTO contact_center.agents (name, system_prompt, created_at) VALUES ('A', 'x', '2020-01-01')", []],
      ["UPDATE contact_center.agents SET agent_type = 'chat' WHERE id = $1", [supAgent]],
      ["UPDATE contact_center.users SET created_at = '2020-01-01' WHERE id = $1", [sup]],
    ] as const) {
      expect((await run(as(sup), sql, [...params])).code, sql).toBe("42501");
    }
  });
});
