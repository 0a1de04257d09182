// What a session is waiting for, and who holds it: read over a second connection while a migration
// file runs, so that a file given up by lock_timeout (SQLSTATE 55P03) is reported with the object it
// waited for and the sessions in its way (pg_locks: the lock not granted; pg_blocking_pids(): the
// sessions holding or queued ahead for it; pg_stat_activity: their user, application, state and
// query, which PostgreSQL shows to the same role or members of pg_read_all_stats, else "<insufficient
// privilege>"). PostgreSQL's own error names neither ("canceling statement due to lock timeout").
import { withPooledClient } from "./client";

export interface Blocker {
  pid: number;
  user?: string;
  application?: string;
  state?: string;
  /** When its transaction started (ISO). */
  since?: string;
  query?: string;
}

export interface LockWait {
  /** `jobs.jobs`, or the lock's type when it is not on a relation (transactionid: a row another transaction changed). */
  object: string;
  mode: string;
  blockers: Blocker[];
}

const WAIT_SQL = `
  SELECT coalesce(l.relation::regclass::text, l.locktype) AS object, l.mode,
         coalesce(json_agg(json_build_object('pid', a.pid, 'user', a.usename, 'application', a.application_name,
                  'state', a.state, 'since', a.xact_start, 'query', a.query) ORDER BY a.pid) FILTER (WHERE a.pid IS NOT NULL), '[]') AS blockers
    FROM pg_locks l
    LEFT JOIN LATERAL unnest(pg_blocking_pids($1)) AS b(pid) ON true
    LEFT JOIN pg_stat_activity a ON a.pid = b.pid
   WHERE l.pid = $1 AND NOT l.granted
   GROUP BY 1, 2`;

/** The wait of session `pid` now, if it waits for a lock. */
export async function lockWait(connection: string, pid: number): Promise<LockWait | undefined> {
  const { rows } = await withPooledClient(connection, (c) => c.query(WAIT_SQL, [pid]));
  const row = rows[0];
  if (!row) return undefined;
  const blockers = (row.blockers as Record<string, unknown>[]).map((b) => ({
    pid: Number(b.pid),
    user: (b.user as string | null) ?? undefined,
    application: (b.application as string | null) || undefined,
    state: (b.state as string | null) ?? undefined,
    since: (b.since as string | null) ?? undefined,
    query: (b.query as string | null) ?? undefined,
  }));
  return { object: String(row.object), mode: String(row.mode), blockers };
}

/**
 * Looks at session `pid`'s lock wait every `everyMs` from `everyMs` on (a file done sooner costs
 * nothing), keeping the last wait seen; stop() ends the watching and returns it.
 */
export function watchLockWait(connection: string, pid: number, everyMs: number): { stop(): Promise<LockWait | undefined> } {
  let last: LockWait | undefined;
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(async () => {
      if (stopped) return;
      last = (await lockWait(connection, pid).catch(() => undefined)) ?? last;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pending;
      return last;
    },
  };
}

/** Pure: one line per blocking session, as a person reads it. */
export function describeBlockers(blockers: readonly Blocker[]): string[] {
  return blockers.map((b) => {
    const who = [b.user, b.application].filter(Boolean).join(", ");
    const state = b.state ? `${b.state}${b.since ? ` (transaction open since ${new Date(b.since).toISOString()})` : ""}` : undefined;
    const query = b.query && b.query !== "<insufficient privilege>" ? `: ${b.query.replace(/\s+/g, " ").trim().slice(0, 200)}` : " (its query is not visible to this role)";
    return `pid ${b.pid}${who ? ` (${who})` : ""}${state ? `, ${state}` : ""}${query}`;
  });
}
