// The one place that opens connections to PostgreSQL for the providers and the CLI.
import { Client, type ClientConfig, Pool, type PoolClient } from "pg";

export type Queryable = Pick<Client, "query">;

/** Connection settings from a URL; sslmode in the URL is honoured by pg itself. */
export function clientConfig(connection: string, applicationName = "supastack"): ClientConfig {
  return { connectionString: connection, application_name: applicationName, connectionTimeoutMillis: 15_000 };
}

/**
 * client.connect() that also settles when the client is ended while it connects (a seed's Ctrl-C
 * closes every connection it opened, connected or not). pg's end() during the handshake destroys
 * the socket but, since it was asked to end, never calls back the pending connect(): its promise
 * would stay pending forever (pg/lib/client.js, the connection's 'end' handler).
 */
export function connectClient(client: Client): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ended = () => reject(new Error("Connection terminated while connecting"));
    client.once("end", ended);
    client.connect().then(
      () => {
        client.off("end", ended);
        resolve();
      },
      (error: unknown) => {
        client.off("end", ended);
        reject(error);
      },
    );
  });
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

const pools = new Map<string, Pool>();

/**
 * Runs fn with a connection from a small pool per connection string, for the providers: an `up` of
 * the dev stack makes ~210 changes and a refresh ~210 reads, and a new connection each (a backend
 * forked, SCRAM, TLS and several round trips to a remote server) was most of their cost. A connection
 * goes back clean (DISCARD ALL: no role, search_path or setting a migration left carries over to the
 * next resource) or, after any error, is closed. Idle connections close after a second and never keep
 * the process alive; one a server terminated (DROP DATABASE ... WITH (FORCE)) is dropped quietly.
 */
export async function withPooledClient<T>(connection: string, fn: (client: Client) => Promise<T>): Promise<T> {
  let pool = pools.get(connection);
  if (!pool) {
    pool = new Pool({ ...clientConfig(connection), max: 4, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
    pool.on("error", () => undefined);
    pools.set(connection, pool);
  }
  const client: PoolClient = await pool.connect();
  let result: T;
  try {
    result = await fn(client as unknown as Client);
  } catch (error) {
    client.release(true);
    throw error;
  }
  // A connection that cannot be reset (a transaction left open, a broken socket) is closed instead.
  await client.query("DISCARD ALL").then(
    () => client.release(),
    () => client.release(true),
  );
  return result;
}

/** Which of `schemas` exist in the database `connection` names. */
export async function existingSchemas(connection: string, schemas: readonly string[]): Promise<Set<string>> {
  const { rows } = await withClient(connection, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)", [schemas]));
  return new Set(rows.map((r) => r.nspname as string));
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
