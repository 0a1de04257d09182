// jobs: users (Supabase users on reserved domains), each with a history of jobs for agents of the
// AI Agent Template (data.ts): agent_identifier from the pool, job_data shaped by the
// agent's job type, result shaped by it for completed jobs, error_message for failed ones, and
// times that agree with the status (pending: neither start nor end; running: started minutes ago;
// finished: a completion after the start, the run taking what that agent's jobs take). Every time
// is before the seed's now (seedkit/clock.ts): history stops before it, live jobs were created in
// the hour before it, and the first user's newest job is always live within the minute before it.
import { JOB_STORIES } from "./stories";
import { authUserTables, type SeedUser, seedPerson, signedUpMs } from "../../seedkit/auth";
import { AGENTS } from "./data";
import { logNormal } from "../../seedkit/distributions";
import { atLocalTime, OFFICE_HOURS } from "../../seedkit/localtime";
import type { CopyValue, ModuleSeeder, Persona, SeedSettings, SeedTarget, TableSeed } from "../../seedkit/types";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import { nowOf } from "../../seedkit/clock";
import { DAY, HOUR, MINUTE, SECOND, iso, volume } from "../../seedkit/volumes";

const K = keysOf("jobs", { user: "users", job: "jobs", meta: "jobs.meta" });
const MAX_JOBS = 24;
/** Where the template's users work, weighted by where US office workers are. */
const USER_ZONES = ["America/New_York", "America/New_York", "America/New_York", "America/Chicago", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Los_Angeles"] as const;
const FINISHED = [
  ["completed", 76],
  ["failed", 12],
  ["cancelled", 12],
] as const;
type Status = "pending" | "running" | "completed" | "failed" | "cancelled";

function user(seed: number, now: number, i: number): SeedUser {
  const { id, person: p, rng } = seedPerson(seed, K.user, i);
  return { id, email: p.email, fullName: p.fullName, createdMs: signedUpMs(rng, [30, 300], now) };
}

interface Job {
  id: string;
  status: Status;
  row: CopyValue[];
}

/** Seconds a live job has existed before now: long-tailed (log-uniform 5 s..50 min), most only minutes old. */
function liveAgeMs(r: Rng): number {
  return Math.round(Math.exp(Math.log(5) + r.float() * Math.log(600)) * SECOND);
}

/**
 * Every job of user i, in time order; the user's last one or two may still be queued or running.
 * Finished jobs all ended before the live ones were created and before now; a history that would
 * run past that stops early (a user who signed up lately has had fewer jobs).
 */
function jobsOf(seed: number, now: number, i: number): Job[] {
  const u = user(seed, now, i);
  const meta = Rng.for(seed, K.meta, i);
  // Jobs per user are long-tailed: most run a handful, a few run the queue hot.
  const count = Math.round(logNormal(meta, 9, 0.7, 2, MAX_JOBS));
  // The first user always has a live job, created within the minute before now: the newest live record.
  const active = i === 0 ? 1 : meta.bool(0.4) ? meta.int(1, 2) : 0;
  const historyEnd = now - HOUR;
  const jobs: Job[] = [];
  // Users queue their jobs in office hours where they work (their zone, seedkit/localtime.ts).
  const zone = meta.pick(USER_ZONES);
  const officeTimeAfter = (ms: number) => {
    const at = atLocalTime(meta, ms, zone, OFFICE_HOURS);
    return at > ms ? at : at + DAY;
  };
  let t = officeTimeAfter(u.createdMs + meta.int(1, 5) * DAY);
  for (let j = 0; j < count; j++) {
    const index = i * MAX_JOBS + j;
    const r = Rng.for(seed, K.job, index);
    const agent = r.pick(AGENTS);
    const input = agent.input(r);
    const recent = j >= count - active;
    const status: Status = recent ? (r.bool(0.5) ? "running" : "pending") : r.weighted(FINISHED);
    // Waits in the queue and run times are long-tailed (log-normal): a few seconds in the queue,
    // now and then minutes; a run near the agent's typical time, a few several times longer.
    const queued = Math.round(logNormal(r, 4, 1, 1, 900) * SECOND);
    const runMs = Math.round(logNormal(r, Math.sqrt(agent.seconds[0] * agent.seconds[1]), 0.6, agent.seconds[0] / 2, agent.seconds[1] * 3) * SECOND);
    // A running job is part-way through a run like any other (never longer than runs take); a
    // pending one has waited in the queue so far.
    const liveAge = i === 0 ? r.int(5, 55) * SECOND : status === "running" ? queued + Math.round(runMs * r.float()) : Math.min(liveAgeMs(r), queued * 3);
    const createdMs = recent ? now - liveAge - r.int(0, 999) : t + r.int(0, 59) * SECOND + r.int(0, 999);
    t = officeTimeAfter(t + r.int(1, 60) * HOUR);
    let started: number | null = null;
    let completed: number | null = null;
    let result: object | null = null;
    let error: string | null = null;
    if (status === "running") started = Math.min(createdMs + queued, now - SECOND);
    if (status === "completed") {
      started = createdMs + queued;
      completed = started + runMs;
      result = agent.output(r, input, runMs / SECOND);
    }
    if (status === "failed") {
      started = createdMs + queued;
      completed = started + Math.max(SECOND, Math.round(runMs * r.float()));
      error = agent.error(r, input, (completed - started) / SECOND);
    }
    if (status === "cancelled") {
      // Cancelled while still queued, or part-way through its run.
      if (r.bool(0.5)) started = createdMs + queued;
      completed = (started ?? createdMs) + r.int(5, 300) * SECOND;
    }
    const updated = completed ?? started ?? createdMs;
    if (!recent && updated >= historyEnd) {
      // The history reached the hour before now: skip to the live jobs, if any.
      j = count - active - 1;
      continue;
    }
    const id = idFor(seed, K.job, index);
    jobs.push({
      id,
      status,
      row: [id, u.id, agent.id, status, input, result, error, iso(createdMs), iso(updated), started === null ? null : iso(started), completed === null ? null : iso(completed)],
    });
  }
  return jobs;
}

export function jobsSeeder(target: SeedTarget): ModuleSeeder {
  return {
    module: "jobs",
    resetSql: target.resetSql,
    stories: JOB_STORIES,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const now = nowOf(settings);
      const users = volume(settings, 25);
      return [
        ...authUserTables("jobs", users, (i) => user(seed, now, i)),
        {
          ...target.table("jobs"),
          estimate: users * 11,
          *rows() {
            for (let i = 0; i < users; i++) for (const job of jobsOf(seed, now, i)) yield job.row;
          },
        },
      ];
    },
    personas(settings: SeedSettings): Persona[] {
      // Among the first 25 users (every profile has them, so the persona is the same user in each):
      // the one whose jobs cover the most statuses (ties: the first).
      const users = Math.min(volume(settings, 25), 25);
      const now = nowOf(settings);
      let best = { i: 0, jobs: jobsOf(settings.seed, now, 0) };
      for (let i = 1; i < users; i++) {
        const jobs = jobsOf(settings.seed, now, i);
        if (new Set(jobs.map((j) => j.status)).size > new Set(best.jobs.map((j) => j.status)).size) best = { i, jobs };
      }
      const u = user(settings.seed, now, best.i);
      const refs: Record<string, string> = {};
      for (const j of best.jobs) refs[`${j.status}JobId`] ??= j.id;
      return [{ module: "jobs", name: "job-owner", description: "A user with jobs in as many statuses as the seed has", userId: u.id, email: u.email, refs }];
    },
  };
}
