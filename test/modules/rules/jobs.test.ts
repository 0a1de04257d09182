// The rules the jobs module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, the
// enum exists before the table, times follow the status, a finished job is final, and the
// backend's "NOW()" strings are read as the transaction's time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { applyModuleSql } from "../../helpers/modules";
import { testUser as user } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("rules_jobs");
  // Twice: every file is re-runnable (a table dropped by hand is restored by running it again).
  await applyModuleSql(db.url, ["jobs"], 2);
});
afterAll(async () => {
  await db?.drop();
});

describe("jobs", () => {
  it("times follow the status: running stamps started_at, finishing stamps completed_at, updated_at follows the clock", async () => {
    await withClient(db.url, async (c) => {
      const owner = await user(c, 30);
      const job = await c.query(
        "INSERT INTO jobs.jobs (user_id, agent_identifier, job_data) VALUES ($1, 'email-drafter', '{\"type\": \"draft_email\"}') RETURNING id, status, started_at, created_at",
        [owner],
      );
      expect(job.rows[0]).toMatchObject({ status: "pending", started_at: null });
      const id = job.rows[0].id;
      const running = await c.query("UPDATE jobs.jobs SET status = 'running' WHERE id = $1 RETURNING started_at, completed_at", [id]);
      expect(running.rows[0].completed_at).toBeNull();
      expect(running.rows[0].started_at).not.toBeNull();
      const done = await c.query("UPDATE jobs.jobs SET status = 'completed', result = '{\"subject\": \"Hello\"}' WHERE id = $1 RETURNING completed_at, updated_at", [id]);
      expect(done.rows[0].completed_at).not.toBeNull();
      expect(done.rows[0].updated_at.getTime()).toBeGreaterThanOrEqual(job.rows[0].created_at.getTime());
    });
  });

  it("a finished job is final; running never goes back to pending; CHECKs back the trigger up", async () => {
    await withClient(db.url, async (c) => {
      const owner = await user(c, 31);
      for (const final of ["completed", "failed", "cancelled"]) {
        const j = await c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, status) VALUES ($1, 'translator', $2) RETURNING id, completed_at", [owner, final]);
        expect(j.rows[0].completed_at).not.toBeNull();
        await expect(c.query("UPDATE jobs.jobs SET status = 'running' WHERE id = $1", [j.rows[0].id])).rejects.toThrow(new RegExp(`is ${final}: it cannot become running`));
      }
      const r = await c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, status) VALUES ($1, 'translator', 'running') RETURNING id", [owner]);
      await expect(c.query("UPDATE jobs.jobs SET status = 'pending' WHERE id = $1", [r.rows[0].id])).rejects.toThrow(/cannot become pending/);
      // A pending job has not started, whatever the request said (the trigger clears it; the CHECK backs it up).
      const pending = await c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, status, started_at) VALUES ($1, 'x', 'pending', now()) RETURNING started_at", [owner]);
      expect(pending.rows[0].started_at).toBeNull();
      await c.query("ALTER TABLE jobs.jobs DISABLE TRIGGER jobs_follow_status");
      await expect(c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, status, started_at) VALUES ($1, 'x', 'pending', now())", [owner])).rejects.toThrow(/jobs_pending_not_started/);
      await c.query("ALTER TABLE jobs.jobs ENABLE TRIGGER jobs_follow_status");
      await expect(c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, started_at, status) VALUES ($1, 'x', now() - interval '1 day', 'running')", [owner])).rejects.toThrow(/jobs_started_after_created/);
      await expect(c.query("INSERT INTO jobs.jobs (user_id, agent_identifier) VALUES ($1, '  ')", [owner])).rejects.toThrow(/jobs_agent_identifier_not_blank/);
      await expect(c.query("INSERT INTO jobs.jobs (user_id, agent_identifier, status) VALUES ($1, 'x', 'done')", [owner])).rejects.toThrow(/invalid input value for enum/);
    });
  });

  it('the source\'s "NOW()" strings: PostgreSQL reads them as the transaction\'s time', async () => {
    await withClient(db.url, async (c) => {
      const owner = await user(c, 32);
      // As PostgREST passes a JSON body: json_populate_record converts "NOW()" with timestamptz's input.
      const body = JSON.stringify({ user_id: owner, agent_identifier: "research-agent", status: "pending", job_data: { type: "web_research" }, created_at: "NOW()" });
      await c.query("BEGIN");
      const r = await c.query(
        `INSERT INTO jobs.jobs (user_id, agent_identifier, status, job_data, created_at)
         SELECT user_id, agent_identifier, status, job_data, created_at FROM json_populate_record(NULL::jobs.jobs, $1::json) RETURNING created_at = now() AS is_now`,
        [body],
      );
      await c.query("COMMIT");
      expect(r.rows[0].is_now).toBe(true);
      await expect(c.query("SELECT 'NOW(5)'::timestamptz")).rejects.toThrow(/invalid input syntax/);
    });
  });

  it("get_job_stats is SECURITY INVOKER with the module's fixed search_path; the enum exists once", async () => {
    await withClient(db.url, async (c) => {
      const f = await c.query("SELECT prosecdef, proconfig, prorettype::regtype::text AS ret FROM pg_proc WHERE oid = 'jobs.get_job_stats(uuid)'::regprocedure");
      expect(f.rows[0]).toEqual({ prosecdef: false, proconfig: ["search_path=jobs, public, extensions, pg_temp"], ret: "json" });
      const e = await c.query("SELECT enum_range(NULL::jobs.job_status)::text[] AS v");
      expect(e.rows[0].v).toEqual(["pending", "running", "completed", "failed", "cancelled"]);
    });
  });

  it("where the supabase_realtime publication exists (a Supabase project), the table joins it, once", async () => {
    const project = await createTestDatabase("rules_jobs_realtime");
    try {
      await withClient(project.url, (c) => c.query("CREATE PUBLICATION supabase_realtime"));
      await applyModuleSql(project.url, ["jobs"], 2);
      const tables = await withClient(project.url, (c) => c.query("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime'"));
      expect(tables.rows).toEqual([{ schemaname: "jobs", tablename: "jobs" }]);
    } finally {
      await project.drop();
    }
  });
});
