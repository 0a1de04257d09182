// A project's connection strings from its pooler configuration and database host (pure).

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

function url(user: string, password: string, host: string, port: number, database: string, sslMode: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}?sslmode=${sslMode}`;
}

/**
 * Direct: postgres@db.<ref>.supabase.co:5432. Pooler (Supavisor): session mode on 5432, transaction
 * mode on 6543, both as the pooler's user (postgres.<ref>); a row for a mode gives its own port.
 */
export function connectionStrings(rows: PoolerRow[], dbHost: string, password: string, sslMode = "require"): ConnectionStrings {
  const primary = rows.filter((r) => (r.database_type ?? "PRIMARY") === "PRIMARY");
  const any = primary[0];
  if (!any) throw new Error("the project has no primary pooler configuration yet");
  const session = primary.find((r) => r.pool_mode === "session");
  const transaction = primary.find((r) => r.pool_mode === "transaction");
  return {
    direct: url("postgres", password, dbHost, 5432, "postgres", sslMode),
    poolerSession: url(any.db_user, password, any.db_host, session?.db_port ?? 5432, any.db_name, sslMode),
    poolerTransaction: url(any.db_user, password, any.db_host, transaction?.db_port ?? 6543, any.db_name, sslMode),
  };
}

/** Project status while waiting for ACTIVE_HEALTHY: keep polling, done, or give up. */
export function statusVerdict(status: string): "wait" | "healthy" | "failed" {
  if (status === "ACTIVE_HEALTHY") return "healthy";
  if (["GOING_DOWN", "INIT_FAILED", "REMOVED", "INACTIVE", "PAUSE_FAILED", "RESTORE_FAILED"].includes(status)) return "failed";
  return "wait";
}
