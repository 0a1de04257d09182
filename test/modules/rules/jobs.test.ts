// The rules the jobs module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document intended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../stacks/postgres/client";
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
  it("timestamps follow the status", async () => {
    await withClient(db.url, async (c) => {
      const owner = await user(c, 30);
      const job = await c.query("INSERT INTO jobs.jobs (user_id, job_type, name) VALUES ($1, 'email.send', 'Welcome mail') RETURNING id, started_at", [owner]);
      expect(job.rows[0].started_at).toBeNull();
      const running = await c.query("UPDATE jobs.jobs SET status = 'running' WHERE id = $1 RETURNING started_at, completed_at, attempts", [job.rows[0].id]);
      expect(running.rows[0]).toMatchObject({ completed_at: null, attempts: 1 });
      expect(running.rows[0].started_at).not.toBeNull();
      await expect(c.query("UPDATE jobs.jobs SET status = 'failed' WHERE id = $1", [job.rows[0].id])).rejects.toThrow(/jobs_failed_has_error/);
      const done = await c.query("UPDATE jobs.jobs SET status = 'completed' WHERE id = $1 RETURNING completed_at", [job.rows[0].id]);
      expect(done.rows[0].completed_at).not.toBeNull();
      // A pending job never carries a start: the trigger clears it, and the CHECK backs it up.
      const pending = await c.query("INSERT INTO jobs.jobs (user_id, job_type, name, status, started_at) VALUES ($1, 'x', 'x', 'pending', now()) RETURNING started_at", [owner]);
      expect(pending.rows[0].started_at).toBeNull();
      await c.query("ALTER TABLE jobs.jobs DISABLE TRIGGER jobs_stamp_status_times");
      await expect(c.query("INSERT INTO jobs.jobs (user_id, job_type, name, status, started_at) VALUES ($1, 'x', 'x', 'pending', now())", [owner])).rejects.toThrow(/jobs_pending_not_started/);
      await c.query("ALTER TABLE jobs.jobs ENABLE TRIGGER jobs_stamp_status_times");
    });
  });
});
