// Issue 11's attacks on the jobs module, each run as PostgREST runs a request (role + JWT claims,
// one transaction, rolled back) against a stack applied by the engine: a user cannot forge a job's
// outcome, revive or move a job, write the backend's columns, or read another user's statistics.
// Every attempt a signed-in user is refused is tried again as their anonymous twin (same uid,
// GoTrue's anonymous claims; test/helpers/postgrest.ts attemptAlsoAnonymous), which must be refused too (issue 26).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { type Actor, asActor, attemptAlsoAnonymous as attempt } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";

const ANA = "00000000-0000-4000-8000-0000000000b7";
const BEN = "00000000-0000-4000-8000-0000000000b8";
const ana: Actor = { role: "authenticated", sub: ANA };
const ben: Actor = { role: "authenticated", sub: BEN };
const PENDING = "50000000-0000-4000-8000-000000000001";
const CANCELLED = "50000000-0000-4000-8000-000000000002";
const BENS = "50000000-0000-4000-8000-000000000003";

let applied: AppliedDatabase;
let url: string;

beforeAll(async () => {
  applied = await databaseWithModules("integrity_jobs", ["jobs"]);
  url = applied.db.url;
  await withClient(url, (c) =>
    c.query(`
      INSERT INTO auth.users (id, email) VALUES ('${ANA}', 'ana@example.com'), ('${BEN}', 'ben@example.com');
      INSERT INTO jobs.jobs (id, user_id, agent_identifier, job_data) VALUES
        ('${PENDING}', '${ANA}', 'research-agent', '{"type": "web_research", "query": "vector databases"}'),
        ('${CANCELLED}', '${ANA}', 'translator', '{"type": "translate"}'),
        ('${BENS}', '${BEN}', 'email-drafter', '{"type": "draft_email"}');
      UPDATE jobs.jobs SET status = 'cancelled' WHERE id = '${CANCELLED}';
      UPDATE jobs.jobs SET status = 'running' WHERE id = '${BENS}';
      UPDATE jobs.jobs SET status = 'completed', result = '{"subject": "Thanks"}' WHERE id = '${BENS}';`),
  );
});
afterAll(async () => {
  await applied?.dispose();
});

describe("jobs write integrity", () => {
  it("a user cannot create a job already finished, for someone else, or with times or results of their choosing", async () => {
    await withClient(url, async (c) => {
      const done = await attempt(c, ana, "INSERT INTO jobs.jobs (agent_identifier, status) VALUES ('research-agent', 'completed')");
      expect(done.error).toMatch(/new row violates row-level security policy for table "jobs"/);
      const forBen = await attempt(c, ana, "INSERT INTO jobs.jobs (user_id, agent_identifier) VALUES ($1, 'research-agent')", [BEN]);
      expect(forBen.error).toMatch(/new row violates row-level security policy for table "jobs"/);
      for (const col of ["result", "error_message", "started_at", "completed_at", "created_at", "updated_at"]) {
        const value = col.endsWith("_at") ? "2026-01-01T00:00:00Z" : col === "result" ? '{"summary": "forged"}' : "forged";
        const r = await attempt(c, ana, `INSERT INTO jobs.jobs (agent_identifier, ${col}) VALUES ('research-agent', $1)`, [value]);
        expect(r.error, col).toMatch(/permission denied for table jobs/);
      }
      expect(await attempt(c, ana, "INSERT INTO jobs.jobs (agent_identifier, job_data) VALUES ('research-agent', '{\"type\": \"web_research\"}')")).toEqual({ rows: 1 });
    });
  });

  it("a user cannot complete, fail, revive or move their job, nor touch another's; they may cancel", async () => {
    await withClient(url, async (c) => {
      for (const status of ["running", "completed", "failed"]) {
        const r = await attempt(c, ana, "UPDATE jobs.jobs SET status = $2::jobs.job_status WHERE id = $1", [PENDING, status]);
        expect(r.error, status).toMatch(/new row violates row-level security policy for table "jobs"/);
      }
      expect((await attempt(c, ana, "UPDATE jobs.jobs SET result = '{}' WHERE id = $1", [PENDING])).error).toMatch(/permission denied for table jobs/);
      expect((await attempt(c, ana, "UPDATE jobs.jobs SET user_id = $2 WHERE id = $1", [PENDING, BEN])).error).toMatch(/permission denied for table jobs/);
      expect((await attempt(c, ana, "UPDATE jobs.jobs SET started_at = now() WHERE id = $1", [PENDING])).error).toMatch(/permission denied for table jobs/);
      const revive = await attempt(c, ana, "UPDATE jobs.jobs SET status = 'pending' WHERE id = $1", [CANCELLED]);
      expect(revive.error).toMatch(/is cancelled: it cannot become pending/);
      expect(await attempt(c, ana, "UPDATE jobs.jobs SET status = 'cancelled' WHERE id = $1", [BENS])).toEqual({ rows: 0 });
      expect(await attempt(c, ana, "DELETE FROM jobs.jobs WHERE id = $1", [BENS])).toEqual({ rows: 0 });
      expect(await attempt(c, ana, "UPDATE jobs.jobs SET status = 'cancelled' WHERE id = $1", [PENDING])).toEqual({ rows: 1 });
    });
  });

  it("a user reads only their own statistics, by function or view", async () => {
    const own = await asActor(url, ana, async (c) => (await c.query("SELECT jobs.get_job_stats($1) AS s", [ANA])).rows[0].s);
    expect(own).toMatchObject({ total: 2, pending: 1 });
    const peek = await asActor(url, ana, async (c) => (await c.query("SELECT jobs.get_job_stats($1) AS s", [BEN])).rows[0].s);
    expect(peek).toEqual({ total: 0, pending: 0, running: 0, completed: 0, failed: 0 });
    const view = await asActor(url, ana, async (c) => (await c.query("SELECT total_jobs, completed_jobs FROM jobs.job_stats")).rows[0]);
    expect(view).toEqual({ total_jobs: "2", completed_jobs: "0" });
    await withClient(url, async (c) => {
      expect((await attempt(c, { role: "anon" }, "SELECT jobs.get_job_stats($1)", [BEN])).code).toBe("42501");
      expect((await attempt(c, { role: "anon" }, "SELECT * FROM jobs.job_stats")).code).toBe("42501");
      const fns = await c.query(`
        SELECT p.proname, p.prosecdef, has_function_privilege('anon', p.oid, 'EXECUTE') AS anon, has_function_privilege('authenticated', p.oid, 'EXECUTE') AS authenticated
          FROM pg_proc p WHERE p.pronamespace = 'jobs'::regnamespace ORDER BY 1`);
      expect(fns.rows).toEqual([
        { proname: "follow_status", prosecdef: false, anon: false, authenticated: false },
        { proname: "get_job_stats", prosecdef: false, anon: false, authenticated: true },
        { proname: "set_updated_at", prosecdef: false, anon: false, authenticated: false },
      ]);
    });
  });
});
