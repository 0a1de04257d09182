// jobs: the AI Agent Template's job queue (source: jobs.md). A signed-in user sees their own jobs
// (the source's four policies, with (select auth.uid())), creates them pending, and may cancel
// them; the backend (service key, service_role, which bypasses RLS on Supabase) runs them: status,
// result, error and times. job_stats and get_job_stats() run as the caller, so RLS scopes them too.
// anon gets nothing, and neither do anonymous sign-ins write: queueing work the backend runs is for
// permanent users, so each write policy is paired with a restrictive one refusing JWTs with
// is_anonymous true (modules/policies.ts anonymousGuards; the tables declare no `anonymous`).
import { CALLER, ownRows } from "../policies";
import { defineModule } from "../define";
import { moduleSqlDir } from "../files";

const own = `${CALLER} = user_id`;

export const jobs = defineModule({
  name: "jobs",
  sql: moduleSqlDir("jobs"),
  description: "Agent job queue: jobs with a status lifecycle, statistics per user",
  // Column-level writes (docs/modules/jobs.md, "Write rules"): a user sends the agent, the job's
  // input and (the source's create_job() body) user_id and status, held by the policy to their own
  // uid and 'pending'; the only change they may make is the status (to cancel). result,
  // error_message and the times are the backend's.
  tables: [
    {
      name: "jobs",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: { authenticated: { INSERT: ["id", "user_id", "agent_identifier", "status", "job_data"], UPDATE: ["status"] } },
    },
  ],
  policies: [
    // The source's policy names; its "Service role full access" policy is not needed: service_role
    // has BYPASSRLS on Supabase (docs/modules/jobs.md).
    ...ownRows("jobs", own, {
      SELECT: "Users can view own jobs",
      INSERT: { name: "Users can insert own jobs", withCheck: `${own} AND status = 'pending'` },
      // A user may change their job while it is pending, and cancel it; running it and recording
      // results is the backend's (the status machine in 002_functions.sql refuses the rest).
      UPDATE: { name: "Users can update own jobs", withCheck: `${own} AND status IN ('pending', 'cancelled')` },
      DELETE: "Users can delete own jobs",
    }),
  ],
  views: (s) => [
    {
      name: "job_stats",
      // The source's SELECT, over the module's jobs table; security_invoker (applied by the View provider): a user
      // sees the statistics of their own jobs, service_role of all jobs.
      definition: `SELECT count(*) AS total_jobs,
       count(*) FILTER (WHERE status = 'pending') AS pending_jobs,
       count(*) FILTER (WHERE status = 'running') AS running_jobs,
       count(*) FILTER (WHERE status = 'completed') AS completed_jobs,
       count(*) FILTER (WHERE status = 'failed') AS failed_jobs,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled_jobs,
       avg(EXTRACT(epoch FROM (completed_at - started_at))) FILTER (WHERE status = 'completed') AS avg_processing_time
  FROM ${s}.jobs`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [{ signature: "get_job_stats(uuid)", grants: ["authenticated"] }],
  // The generator and its data load only when the module is seeded, never in the Pulumi program.
  generator: (target) => import("./seed.js").then((m) => m.jobsSeeder(target)),
});
