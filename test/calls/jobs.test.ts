// The AI Agent Template's own data accesses (jobs.md), run against a stack applied by the engine and
// seeded with the dev profile, each as the role the application uses, translated into the SQL
// PostgREST runs (one transaction, JWT claims, SET LOCAL ROLE; JSON bodies through
// json_populate_record, so "NOW()" and JSON values are converted as PostgREST converts them).
//
// The backend uses the SERVICE key ("Backend Integration": get_supabase_client() reads
// SUPABASE_SERVICE_KEY) -> service_role. The frontend uses the anon key with a signed-in user
// ("Authentication Integration": signInWithPassword) -> authenticated with the user's sub.
//
// Calls, and where they come from in jobs.md:
//   1. backend  create_job(): insert {user_id, agent_identifier, status: "pending", job_data, created_at: "NOW()"}   "Creating Jobs"
//   2. backend  update_job_status(id, "running"): update {status, updated_at: "NOW()", started_at: "NOW()"}.eq(id)   "Updating Job Status"
//   3. backend  update_job_status(id, "completed", result): {status, updated_at, completed_at: "NOW()", result}      "Updating Job Status"
//   4. backend  update_job_status(id, "failed", result) on another job                                              "Updating Job Status"
//   5. backend  get_user_jobs(): select("*").eq(user_id).order(created_at desc).limit(50)                          "Querying Jobs"
//   6. user     SELECT jobs (frontend, policy "Users can view own jobs")                                             "Row Level Security"
//   7. user     INSERT own job (policy "Users can insert own jobs"); a job inserted already completed is refused     "Row Level Security"
//   8. user     UPDATE own job (policy "Users can update own jobs"): cancel it; marking it completed is refused      "Row Level Security"
//   9. user     rpc("get_job_stats", {p_user_id}) for themselves, and for another user (zeros, not their stats)     "Database Functions"
//  10. user     SELECT * FROM job_stats (only their jobs); backend: all jobs                                          "Database Views", "Useful Database Queries"
//  11. curl GET /rest/v1/jobs with the anon key and a user's JWT (their jobs); with the anon key alone: refused       "API Exports"
//  12. SQL      pg_tables rowsecurity for 'jobs'; pg_policies for 'jobs'; "SELECT * FROM jobs WHERE auth.uid() = 'user-uuid'" as that user   "RLS Policy Issues"
//  13. SQL      long-running jobs (status running, started over an hour ago); recent jobs                         "Useful Database Queries"
//  14. user     DELETE own job (policy "Users can delete own jobs")                                                   "Row Level Security"
// Not run: the Realtime subscription ("Real-time Subscriptions": needs the Realtime server; the table
// is added to the supabase_realtime publication where it exists, and Realtime applies the
// subscriber's RLS); TRUNCATE / setval('jobs_id_seq') ("Migration Issues": development-only, and
// there is no such sequence: ids are uuids); the "Example migration" adding `priority` (an example,
// not part of the schema).
// Every call runs in each placement of test/helpers/stack-db.ts: a database the stack created, and
// the application's legacy database adopted by `supastack adopt` into the module's schema or kept in
// public; SQL names the module's schema as the stack placed it (S).
import { seedersOf } from "../../modules/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { withClient } from "../../providers/postgres/client";
import { type Actor, attempt, postgrestInsert, postgrestUpdate, request } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules, PLACEMENTS } from "../helpers/stack-db";

const backend: Actor = { role: "service_role" };
const anon: Actor = { role: "anon" };

describe.each(PLACEMENTS)("jobs (%s)", (placement) => {
  let applied: AppliedDatabase;
  let url: string;
  let S: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    applied = await databaseWithModules("calls_jobs", ["jobs"], { placement });
    url = applied.db.url;
    S = applied.modules[0]!.schema;
    await seedDatabase({ url, seeders: await seedersOf(applied.modules), profile: "dev", seed: 5, quiet: true });
    const users = await withClient(url, (c) => c.query(`SELECT user_id FROM ${S}.jobs GROUP BY user_id ORDER BY count(*) DESC LIMIT 2`));
    [alice, bob] = users.rows.map((r) => r.user_id as string) as [string, string];
  });
  afterAll(async () => {
    await applied?.dispose();
  });

  const as = (sub: string): Actor => ({ role: "authenticated", sub });
  type Body = Record<string, unknown>;
  const insertJob = (body: Body) => postgrestInsert(S, "jobs", body);
  const updateJob = (body: Body, id: string) => postgrestUpdate(S, "jobs", body, "id", id);



  /** update_job_status() of jobs.md, as the Python builds its body. */
  function statusBody(status: string, result?: Body): Body {
    const body: Body = { status, updated_at: "NOW()" };
    if (status === "running") body.started_at = "NOW()";
    else if (status === "completed" || status === "failed") {
      body.completed_at = "NOW()";
      if (result) body.result = result;
    }
    return body;
  }

  describe("jobs: the application's calls against a seeded stack", () => {
    it("calls 1-5: the backend creates, runs, completes, fails and lists jobs", async () => {
      await withClient(url, async (c) => {
        const jobData = { type: "summarize_document", document_name: "annual-report-2025.pdf", pages: 88, length: "short" };
        const [job] = await request(c, backend, insertJob({ user_id: alice, agent_identifier: "document-summarizer", status: "pending", job_data: jobData, created_at: "NOW()" }));
        expect(job).toMatchObject({ user_id: alice, status: "pending", job_data: jobData, started_at: null });
        const [running] = await request(c, backend, updateJob(statusBody("running"), job.id));
        expect(running.started_at).not.toBeNull();
        const result = { summary: "annual-report-2025.pdf (88 pages): costs rose 12% against plan.", word_count: 120 };
        const [done] = await request(c, backend, updateJob(statusBody("completed", result), job.id));
        expect(done).toMatchObject({ status: "completed", result });
        expect(done.completed_at.getTime()).toBeGreaterThanOrEqual(done.started_at.getTime());

        const [other] = await request(c, backend, insertJob({ user_id: alice, agent_identifier: "translator", status: "pending", job_data: { type: "translate" }, created_at: "NOW()" }));
        await request(c, backend, updateJob(statusBody("running"), other.id));
        const [failed] = await request(c, backend, updateJob(statusBody("failed", { error_code: "UNSUPPORTED_LANGUAGE_PAIR" }), other.id));
        expect(failed).toMatchObject({ status: "failed", result: { error_code: "UNSUPPORTED_LANGUAGE_PAIR" } });

        const list = await request(c, backend, [`SELECT * FROM ${S}.jobs WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50`, [alice]]);
        expect(list.length).toBeGreaterThan(2);
        expect(list.every((j) => j.user_id === alice)).toBe(true);
        expect(list.map((j) => j.created_at.getTime())).toEqual([...list.map((j) => j.created_at.getTime())].sort((a, b) => b - a));
      });
    });

    it("calls 6-8, 14: a signed-in user reads, creates, cancels and deletes their own jobs, and nothing more", async () => {
      await withClient(url, async (c) => {
        const mine = await request(c, as(alice), [`SELECT user_id FROM ${S}.jobs`, []]);
        expect(mine.length).toBeGreaterThan(0);
        expect(new Set(mine.map((j) => j.user_id))).toEqual(new Set([alice]));
        const [job] = await request(c, as(alice), insertJob({ agent_identifier: "email-drafter", job_data: { type: "draft_email", purpose: "thank them for the referral" } }));
        expect(job).toMatchObject({ user_id: alice, status: "pending" });
        const forged = await attempt(c, as(alice), ...insertJob({ agent_identifier: "email-drafter", status: "completed", result: { subject: "forged" } }));
        expect(forged.code).toBe("42501");
        const forOther = await attempt(c, as(alice), ...insertJob({ user_id: bob, agent_identifier: "email-drafter" }));
        expect(forOther.code).toBe("42501");
        const complete = await attempt(c, as(alice), ...updateJob({ status: "completed", result: { subject: "forged" } }, job.id));
        expect(complete.code).toBe("42501");
        const [cancelled] = await request(c, as(alice), updateJob({ status: "cancelled" }, job.id));
        expect(cancelled.completed_at).not.toBeNull();
        expect(await attempt(c, as(bob), `DELETE FROM ${S}.jobs WHERE id = $1`, [job.id])).toEqual({ rows: 0 });
        expect(await attempt(c, as(alice), `DELETE FROM ${S}.jobs WHERE id = $1`, [job.id])).toEqual({ rows: 1 });
      });
    });

    it("calls 9-10: get_job_stats and job_stats show the caller's own jobs", async () => {
      await withClient(url, async (c) => {
        const counts = (
          await c.query(
            `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled FROM ${S}.jobs WHERE user_id = $1`,
            [alice],
          )
        ).rows[0];
        const [own] = await request(c, as(alice), [`SELECT ${S}.get_job_stats(p_user_id := $1) AS s`, [alice]]);
        expect(own.s).toMatchObject({ total: counts.total, completed: counts.completed });
        expect(Object.keys(own.s)).toEqual(["total", "pending", "running", "completed", "failed"]);
        const [peek] = await request(c, as(bob), [`SELECT ${S}.get_job_stats(p_user_id := $1) AS s`, [alice]]);
        expect(peek.s).toEqual({ total: 0, pending: 0, running: 0, completed: 0, failed: 0 });
        const [forBackend] = await request(c, backend, [`SELECT ${S}.get_job_stats(p_user_id := $1) AS s`, [alice]]);
        expect(forBackend.s.total).toBe(counts.total);
        expect((await attempt(c, anon, `SELECT ${S}.get_job_stats($1)`, [alice])).code).toBe("42501");

        const [view] = await request(c, as(alice), [`SELECT * FROM ${S}.job_stats`, []]);
        expect(view).toMatchObject({ total_jobs: String(counts.total), completed_jobs: String(counts.completed), cancelled_jobs: String(counts.cancelled) });
        expect(Number(view.avg_processing_time)).toBeGreaterThan(0);
        const [all] = await request(c, backend, [`SELECT total_jobs FROM ${S}.job_stats`, []]);
        const [n] = (await c.query(`SELECT count(*) AS n FROM ${S}.jobs`)).rows;
        expect(all.total_jobs).toBe(n.n);
      });
    });

    it("calls 11-13: the REST export with a user's JWT, anon refused, the troubleshooting queries", async () => {
      await withClient(url, async (c) => {
        const exported = await request(c, as(bob), [`SELECT * FROM ${S}.jobs`, []]);
        expect(exported.length).toBeGreaterThan(0);
        expect(exported.every((j) => j.user_id === bob)).toBe(true);
        expect((await attempt(c, anon, `SELECT * FROM ${S}.jobs`)).code).toBe("42501");

        const rls = await request(c, backend, ["SELECT schemaname, tablename, rowsecurity FROM pg_tables WHERE tablename = 'jobs'", []]);
        expect(rls).toEqual([{ schemaname: S, tablename: "jobs", rowsecurity: true }]);
        const policies = await request(c, backend, ["SELECT policyname FROM pg_policies WHERE tablename = 'jobs' ORDER BY 1", []]);
        // The source's four, and the restrictive guards that keep anonymous sign-ins from queueing work (issue 26).
        expect(policies.map((p) => p.policyname)).toEqual([
          "Users can delete own jobs",
          "Users can insert own jobs",
          "Users can update own jobs",
          "Users can view own jobs",
          "anonymous sign-ins may not delete",
          "anonymous sign-ins may not insert",
          "anonymous sign-ins may not update",
        ]);
        const asUser = await request(c, as(bob), [`SELECT * FROM ${S}.jobs WHERE auth.uid() = $1`, [bob]]);
        expect(asUser.length).toBe(exported.length);

        const long = await request(c, backend, [
          `SELECT id, agent_identifier, started_at, NOW() - started_at AS duration FROM ${S}.jobs WHERE status = 'running' AND started_at < NOW() - INTERVAL '1 hour'`,
          [],
        ]);
        // The seed's clock is the start of the current hour (issue 27): its running jobs started minutes
        // before it, so the query finds exactly the running jobs older than an hour, if any.
        const [old] = (await c.query(`SELECT count(*)::int AS n FROM ${S}.jobs WHERE status = 'running' AND started_at < NOW() - INTERVAL '1 hour'`)).rows;
        expect(long.length).toBe(old.n);
        const [running] = (await c.query(`SELECT count(*)::int AS n FROM ${S}.jobs WHERE status = 'running'`)).rows;
        expect(running.n).toBeGreaterThan(0);
        const recent = await request(c, backend, [`SELECT * FROM ${S}.jobs ORDER BY created_at DESC LIMIT 10`, []]);
        expect(recent).toHaveLength(10);
      });
    });

    it("verify finds nothing wrong with the module", async () => {
      expect(await applied.unexpectedFindings()).toEqual([]);
    });
  });
});
