// Anonymous sign-ins and identity claims (issue 26), against all five modules applied by the real
// engine, each request run as PostgREST runs it (role authenticated, the JWT claims GoTrue issues an
// anonymous sign-in: is_anonymous true, empty email; test/rls/actors.ts anonymousClaims).
// The attacks of the issue are refused with 42501 (the restrictive "anonymous sign-ins may not ..."
// policies, modules/policies.ts anonymousGuards), while a permanent user making the same request
// succeeds (so it is the anonymous guard that refuses, not something else); support's anonymous chat,
// which the source application means, still works; no member puts another's email on their profile.
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { type Actor, attempt, impersonate, refusedByRls } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";
import { ACTORS_IDS, JWT, anonymousClaims } from "../rls/actors";
import { FIXTURE_SQL } from "../rls/fixture";

let applied: AppliedDatabase;
let url: string;
const anonymous: Actor = JWT.anonymous;
/** A permanent user with no row in any module yet (the control for each attack). */
const FRESH = "00000000-0000-4000-8000-0000000000f6";
const fresh: Actor = { role: "authenticated", sub: FRESH, claims: { email: "fresh@example.com", is_anonymous: false } };
/** A second anonymous sign-in, for the chat. */
const VISITOR = "00000000-0000-4000-8000-0000000000f7";
const visitor: Actor = { role: "authenticated", sub: VISITOR, claims: anonymousClaims(VISITOR) };
const owner: Actor = { role: "authenticated", sub: ACTORS_IDS.owner, claims: { email: "owner@example.com", is_anonymous: false } };

beforeAll(async () => {
  applied = await databaseWithModules("integrity_anonymous");
  url = applied.db.url;
  await withClient(url, (c) =>
    c.query(`${FIXTURE_SQL}
      INSERT INTO auth.users (id, email, role, aud) VALUES ('${FRESH}', 'fresh@example.com', 'authenticated', 'authenticated');
      INSERT INTO auth.users (id, role, aud, is_anonymous) VALUES ('${VISITOR}', 'authenticated', 'authenticated', true);`),
  );
}, 600_000);
afterAll(async () => {
  await applied?.dispose();
});

const refused = refusedByRls;
/** The request succeeds and writes a row (rolled back afterwards). */
async function allowed(c: Client, actor: Actor, sql: string, params: unknown[] = []): Promise<void> {
  expect(await attempt(c, actor, sql, params), sql).toEqual({ rows: 1 });
}

describe("anonymous sign-ins write nothing the applications do not mean them to", () => {
  it("cannot create voice agent configurations like a dispatcher", async () => {
    await withClient(url, async (c) => {
      const sql = "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('x', 'p', 'check-in')";
      expect(await refused(c, anonymous, sql)).toMatch(/row-level security/);
      await refused(c, anonymous, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type, created_by) VALUES ('x', 'p', 'check-in', $1)", [ACTORS_IDS.anonymous]);
      await allowed(c, fresh, sql);
    });
  });

  it("cannot queue jobs the backend runs, nor cancel any", async () => {
    await withClient(url, async (c) => {
      const sql = "INSERT INTO jobs.jobs (agent_identifier, job_data) VALUES ('research-agent', '{\"q\": 1}')";
      expect(await refused(c, anonymous, sql)).toMatch(/row-level security/);
      await refused(c, anonymous, "INSERT INTO jobs.jobs (user_id, agent_identifier) VALUES ($1, 'research-agent')", [ACTORS_IDS.anonymous]);
      await allowed(c, fresh, sql);
    });
  });

  it("cannot create an agentflow member profile", async () => {
    await withClient(url, async (c) => {
      expect(await refused(c, anonymous, "INSERT INTO agentflow.profiles (full_name) VALUES ('Anon')")).toMatch(/row-level security/);
      await refused(c, anonymous, "INSERT INTO agentflow.profiles (id, email, full_name) VALUES ($1, NULL, 'Anon')", [ACTORS_IDS.anonymous]);
      await allowed(c, fresh, "INSERT INTO agentflow.profiles (full_name) VALUES ('Fresh')");
    });
  });

  it("cannot touch anyone's rows in any module (cross-tenant as anonymous)", async () => {
    await withClient(url, async (c) => {
      const { rows } = await c.query(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY ($1) AND c.relkind = 'r' ORDER BY 1, 2`,
        [["voice", "support", "contact_center", "jobs", "agentflow"]],
      );
      expect(rows.length).toBeGreaterThanOrEqual(22);
      for (const { schema, name } of rows as { schema: string; name: string }[]) {
        const t = `"${schema}"."${name}"`;
        for (const sql of [`SELECT 1 FROM ${t}`, `UPDATE ${t} SET id = id`, `DELETE FROM ${t}`]) {
          const r = await attempt(c, anonymous, sql);
          // Nothing visible, nothing changed: no row, or refused outright.
          expect(r.code === "42501" || (r.error === undefined && r.rows === 0), `${sql}: ${JSON.stringify(r)}`).toBe(true);
        }
      }
    });
  });
});

describe("support: the anonymous chat works, and nobody claims another's email", () => {
  it("an anonymous visitor opens a profile (no email), a conversation, writes a turn and escalates", async () => {
    await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        await impersonate(c, visitor);
        const user = await c.query("INSERT INTO support.users (name) VALUES ('Visitor') RETURNING id, email");
        expect(user.rows).toEqual([{ id: VISITOR, email: null }]);
        const conv = await c.query("INSERT INTO support.conversations (session_id) VALUES ('visitor-session-1') RETURNING id, user_id");
        expect(conv.rows[0]).toMatchObject({ user_id: VISITOR });
        const conversation = conv.rows[0].id as string;
        expect((await c.query("INSERT INTO support.messages (conversation_id, content) VALUES ($1, 'Where is my order?')", [conversation])).rowCount).toBe(1);
        expect(
          (await c.query("INSERT INTO support.escalations (conversation_id, issue_type, original_request, contact_info) VALUES ($1, 'order', 'Where is my order?', '{\"phone\": \"+15550100\"}')", [conversation]))
            .rowCount,
        ).toBe(1);
        expect((await c.query("UPDATE support.conversations SET status = 'closed' WHERE id = $1", [conversation])).rowCount).toBe(1);
        // What the visitor wrote, they read back; nobody else's.
        expect((await c.query("SELECT count(*)::int AS n FROM support.messages")).rows).toEqual([{ n: 1 }]);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  it("an anonymous member has no email: putting one on their profile is refused", async () => {
    await withClient(url, async (c) => {
      expect(await refused(c, visitor, "INSERT INTO support.users (name, email) VALUES ('Visitor', 'owner@example.com')")).toMatch(/row-level security/);
      await refused(c, visitor, "INSERT INTO support.users (name, email) VALUES ('Visitor', 'new@example.com')");
    });
  });

  it("a member cannot squat another's email; their own JWT email is accepted", async () => {
    await withClient(url, async (c) => {
      // fresh squats an address that is not theirs (the real owner's later insert would hit the UNIQUE key).
      expect(await refused(c, fresh, "INSERT INTO support.users (email, name) VALUES ('victim@example.com', 'Squatter')")).toMatch(/row-level security/);
      await refused(c, fresh, "INSERT INTO support.users (email, name) VALUES ('other@example.com', 'Squatter')");
      await allowed(c, fresh, "INSERT INTO support.users (email, name) VALUES ('fresh@example.com', 'Fresh')");
      await allowed(c, fresh, "INSERT INTO support.users (name) VALUES ('Fresh')");
      // The owner changing their profile's email to someone else's is refused as well.
      await refused(c, owner, "UPDATE support.users SET email = 'victim@example.com' WHERE id = $1", [ACTORS_IDS.owner]);
      // agentflow.profiles mirrors the auth user's email the same way.
      await refused(c, fresh, "INSERT INTO agentflow.profiles (email, full_name) VALUES ('victim@example.com', 'Squatter')");
      await allowed(c, fresh, "INSERT INTO agentflow.profiles (email, full_name) VALUES ('fresh@example.com', 'Fresh')");
    });
  });
});
