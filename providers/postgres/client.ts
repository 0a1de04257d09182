// The one place that opens connections to PostgreSQL for the providers and the CLI.
import { Client, type ClientConfig } from "pg";

export type Queryable = Pick<Client, "query">;

/** Connection settings from a URL; sslmode in the URL is honoured by pg itself. */
export function clientConfig(connection: string, applicationName = "supastack"): ClientConfig {
  return { connectionString: connection, application_name: applicationName, connectionTimeoutMillis: 15_000 };
}

/** Runs fn with a connected client and always closes it. */
export async function withClient<T>(connection: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(clientConfig(connection));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs fn inside BEGIN/COMMIT, rolling back on any error. */
export async function inTransaction<T>(client: Queryable, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** Runs statements in order inside one transaction. */
export async function runStatements(connection: string, statements: readonly string[]): Promise<void> {
  if (statements.length === 0) return;
  await withClient(connection, (client) =>
    inTransaction(client, async () => {
      for (const statement of statements) await client.query(statement);
    }),
  );
}

/** A connection URL with its password replaced, safe to print. */
export function redactUrl(connection: string): string {
  try {
    const url = new URL(connection);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return "(unparseable connection string)";
  }
}
