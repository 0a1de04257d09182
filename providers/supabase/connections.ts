// A project's connection strings from its pooler configuration and database host (pure).
//
// TLS: Supabase's database and pooler certificates chain to Supabase's own root CA (dashboard >
// Database settings > SSL Configuration, prod-ca-2021.crt), which is in no system CA store. Every
// URL therefore says `sslmode=verify-full&sslrootcert=<that CA file>`: libpq and `pg` (whose
// pg-connection-string 2.x reads sslrootcert and treats verify-full as full verification) both
// check the chain and the host name against it. Never weaker than libpq's `require`.

export interface PoolerRow {
  database_type?: string;
  db_user: string;
  db_host: string;
  db_port: number;
  db_name: string;
  pool_mode: "transaction" | "session" | string;
}

export interface ConnectionStrings {
  direct: string;
  poolerSession: string;
  poolerTransaction: string;
}

/** Supavisor's session mode listens on 5432 and its transaction mode on 6543 (docs: connecting-to-postgres). */
export const SESSION_PORT = 5432;
export const TRANSACTION_PORT = 6543;

export function tlsQuery(caFile: string): string {
  return `sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`;
}

function url(user: string, password: string, host: string, port: number, database: string, caFile: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}?${tlsQuery(caFile)}`;
}

/**
 * Direct: postgres@db.<ref>.supabase.co:5432. Pooler (Supavisor), as the pooler's user
 * (postgres.<ref>): transaction mode on the port the API reports (6543), session mode on 5432
 * (`sessionPort`). Session mode on 6543 is deprecated, so the session URL never uses the API's port.
 */
export function connectionStrings(rows: PoolerRow[], dbHost: string, password: string, caFile: string, sessionPort = SESSION_PORT): ConnectionStrings {
  const primary = rows.filter((r) => (r.database_type ?? "PRIMARY") === "PRIMARY");
  const any = primary[0];
  if (!any) throw new Error("the project has no primary pooler configuration yet");
  return {
    direct: url("postgres", password, dbHost, 5432, "postgres", caFile),
    poolerSession: url(any.db_user, password, any.db_host, sessionPort, any.db_name, caFile),
    poolerTransaction: url(any.db_user, password, any.db_host, any.db_port ?? TRANSACTION_PORT, any.db_name, caFile),
  };
}

/** Project status while waiting for ACTIVE_HEALTHY: keep polling, done, or give up (TFP waitForProjectActive). */
export function statusVerdict(status: string): "wait" | "healthy" | "failed" {
  if (status === "ACTIVE_HEALTHY") return "healthy";
  if (["GOING_DOWN", "INIT_FAILED", "REMOVED", "INACTIVE", "PAUSE_FAILED", "RESTORE_FAILED"].includes(status)) return "failed";
  return "wait";
}

export interface ServiceHealth {
  name: string;
  status: "COMING_UP" | "ACTIVE_HEALTHY" | "UNHEALTHY" | string;
  error?: string;
}

/** The `error` of an UNHEALTHY service: a JSON text `{"error": "..."}` or plain text. */
function serviceError(s: ServiceHealth): string {
  if (!s.error) return "unknown reason";
  try {
    const parsed = JSON.parse(s.error) as { error?: unknown };
    return typeof parsed.error === "string" ? parsed.error : s.error;
  } catch {
    return s.error;
  }
}

/**
 * GET /v1/projects/{ref}/health, judged as the Terraform provider does (utils.go
 * waitForServicesActive): COMING_UP waits; the pooler's UNHEALTHY "not found" (its first moments)
 * and "Failed to retrieve project's <service> service health" are transient; any other UNHEALTHY fails.
 */
export function healthVerdict(services: ServiceHealth[], wanted: readonly string[]): { verdict: "wait" | "healthy" | "failed"; detail: string } {
  const waiting: string[] = [];
  const failed: string[] = [];
  for (const name of wanted) {
    const s = services.find((x) => x.name === name);
    if (!s || s.status === "COMING_UP") {
      waiting.push(`${name} ${s ? "COMING_UP" : "not reported"}`);
      continue;
    }
    if (s.status === "ACTIVE_HEALTHY") continue;
    const reason = serviceError(s);
    if ((name === "pooler" && reason === "not found") || reason === `Failed to retrieve project's ${name} service health`) waiting.push(`${name} ${reason}`);
    else failed.push(`${name}: ${reason}`);
  }
  if (failed.length > 0) return { verdict: "failed", detail: failed.join("; ") };
  if (waiting.length > 0) return { verdict: "wait", detail: waiting.join(", ") };
  return { verdict: "healthy", detail: wanted.join(", ") };
}
