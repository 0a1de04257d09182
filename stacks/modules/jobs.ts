// jobs: an agent job queue. A user sees and changes only their own jobs; job_stats and
// get_job_stats() run as the caller, so RLS scopes them too.
import type { ModuleSpec } from "./spec";

const own = "user_id = (SELECT auth.uid())";

export const jobsModule: ModuleSpec = {
  name: "jobs",
  schema: "jobs",
  description: "Agent job queue: jobs with a status lifecycle, per-user statistics",
  tables: [{ name: "jobs", grants: { authenticated: ["SELECT", "INSERT", "UPDATE", "DELETE"] } }],
  policies: [
    { table: "jobs", name: "owners read their jobs", command: "SELECT", roles: ["authenticated"], using: own },
    { table: "jobs", name: "owners create their jobs", command: "INSERT", roles: ["authenticated"], withCheck: own },
    { table: "jobs", name: "owners update their jobs", command: "UPDATE", roles: ["authenticated"], using: own, withCheck: own },
    { table: "jobs", name: "owners delete their jobs", command: "DELETE", roles: ["authenticated"], using: own },
  ],
  views: [
    {
      name: "job_stats",
      definition: `SELECT j.user_id,
       count(*) AS total,
       count(*) FILTER (WHERE j.status = 'pending') AS pending,
       count(*) FILTER (WHERE j.status = 'running') AS running,
       count(*) FILTER (WHERE j.status = 'completed') AS completed,
       count(*) FILTER (WHERE j.status = 'failed') AS failed,
       count(*) FILTER (WHERE j.status = 'cancelled') AS cancelled,
       round(avg(EXTRACT(epoch FROM j.completed_at - j.started_at)) FILTER (WHERE j.status = 'completed'), 2) AS avg_duration_seconds
  FROM jobs.jobs j
 GROUP BY j.user_id`,
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [{ signature: "get_job_stats(uuid)", grants: ["authenticated"] }],
};
