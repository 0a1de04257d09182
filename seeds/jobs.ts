// jobs: users in auth.users, each with a queue of jobs whose timestamps agree with their status
// (pending has no start, running has no completion, failed has an error message).
import { pools } from "./data/pools";
import { authResetSql, authUserTables, personaPassword, personaPasswords } from "./data/auth";
import { person } from "./data/people";
import { idFor, key, Rng } from "./engine/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "./engine/types";
import { DAY, EPOCH, iso, MINUTE, volume } from "./engine/volumes";

const K = { user: key("jobs.users"), job: key("jobs.jobs"), meta: key("jobs.jobs.meta") };
const MAX_JOBS = 24;
const DOMAINS = ["northwind.io", "globex.dev", "initech.app", "umbrella-labs.com"] as const;

const JOB_TYPES = {
  "email.send": { name: (r: Rng) => `Send ${r.pick(["welcome", "invoice", "reminder", "digest"])} email`, payload: (r: Rng) => ({ template: r.pick(["welcome", "invoice", "reminder", "digest"]), recipients: r.int(1, 40) }) },
  "report.generate": { name: (r: Rng) => `${r.pick(["Weekly", "Monthly", "Quarterly"])} ${r.pick(["sales", "usage", "churn"])} report`, payload: (r: Rng) => ({ format: r.pick(["pdf", "csv", "xlsx"]), rows: r.int(100, 50000) }) },
  "data.sync": { name: (r: Rng) => `Sync ${r.pick(["CRM", "billing", "warehouse", "calendar"])} data`, payload: (r: Rng) => ({ source: r.pick(["hubspot", "stripe", "snowflake", "google"]), full: r.bool(0.2) }) },
  "transcript.summarize": { name: () => "Summarize call transcript", payload: (r: Rng) => ({ call_minutes: r.int(1, 45), language: r.pick(["en", "es", "fr"]) }) },
  "invoice.render": { name: (r: Rng) => `Render invoice INV-${r.int(10000, 99999)}`, payload: (r: Rng) => ({ currency: r.pick(["USD", "EUR", "GBP"]), lines: r.int(1, 30) }) },
} as const;
type JobType = keyof typeof JOB_TYPES;
const ERRORS = ["Timeout after 300 s waiting for upstream API", "Upstream returned 503 Service Unavailable", "Invalid payload: recipients list is empty", "Rate limited by provider (429), retries exhausted", "Out of memory rendering attachment"];
const STATUSES = [
  ["completed", 58],
  ["failed", 10],
  ["running", 7],
  ["pending", 17],
  ["cancelled", 8],
] as const;

function user(seed: number, i: number) {
  const rng = Rng.for(seed, K.user, i);
  const p = person(rng, pools(seed), i, DOMAINS);
  return { id: idFor(seed, K.user, i), email: p.email, fullName: p.fullName, createdMs: EPOCH - rng.int(30, 300) * DAY };
}

function jobCount(seed: number, i: number): number {
  return Rng.for(seed, K.meta, i * MAX_JOBS + MAX_JOBS - 1).int(3, 20);
}

export const jobsSeeder: ModuleSeeder = {
  module: "jobs",
  resetSql: ["TRUNCATE jobs.jobs", authResetSql("jobs")],
  tables(settings: SeedSettings): TableSeed[] {
    const { seed } = settings;
    const users = volume(settings, 25);
    const withPassword = personaPasswords(settings, jobsSeeder.personas?.(settings) ?? []);
    return [
      ...authUserTables("jobs", users, function* () {
        for (let i = 0; i < users; i++) yield withPassword(user(seed, i));
      }),
      {
        schema: "jobs",
        table: "jobs",
        columns: ["id", "user_id", "job_type", "name", "status", "priority", "payload", "result", "error_message", "attempts", "created_at", "updated_at", "started_at", "completed_at"],
        estimate: users * 11,
        *rows() {
          for (let i = 0; i < users; i++) {
            const u = user(seed, i);
            for (let j = 0; j < jobCount(seed, i); j++) {
              const index = i * MAX_JOBS + j;
              const r = Rng.for(seed, K.job, index);
              const type = r.pick(Object.keys(JOB_TYPES) as JobType[]);
              const status = r.weighted(STATUSES);
              const createdMs = u.createdMs + r.int(1, 25) * DAY + r.int(0, 1439) * MINUTE;
              const queuedMs = r.int(1, 600) * 1000;
              const runMs = r.int(2, 900) * 1000;
              const started = status === "pending" || (status === "cancelled" && r.bool(0.6)) ? null : createdMs + queuedMs;
              const completed = status === "pending" || status === "running" ? null : (started ?? createdMs + queuedMs) + (started ? runMs : 0);
              const attempts = status === "failed" ? r.int(1, 3) : started === null ? 0 : 1;
              yield [
                idFor(seed, K.job, index),
                u.id,
                type,
                JOB_TYPES[type].name(r),
                status,
                r.int(1, 10),
                JOB_TYPES[type].payload(r),
                status === "completed" ? { ok: true, duration_ms: runMs, output_url: `s3://jobs-output/${idFor(seed, K.job, index)}` } : null,
                status === "failed" ? r.pick(ERRORS) : null,
                attempts,
                iso(createdMs),
                iso(completed ?? started ?? createdMs),
                started === null ? null : iso(started),
                completed === null ? null : iso(completed),
              ];
            }
          }
        },
      },
    ];
  },
  personas(settings: SeedSettings): Persona[] {
    const u = user(settings.seed, 0);
    return [{ module: "jobs", name: "job-owner", description: "A user with a queue of jobs in every status", userId: u.id, email: u.email, password: personaPassword(settings.seed, u.id), refs: {} }];
  },
};
