// Runs queries the way PostgREST does for a request: in a transaction, with the JWT claims in
// request.jwt.claims and the role switched to the claim's role (anon, authenticated, service_role),
// then rolls back so each check leaves the data as it was.
import type { Client } from "pg";
import { inTransaction, withClient } from "../../stacks/postgres/client";

export interface Actor {
  role: "anon" | "authenticated" | "service_role";
  /** auth.uid() for an authenticated actor. */
  sub?: string;
  /** Extra claims (app_metadata, email, ...). */
  claims?: Record<string, unknown>;
}

export async function impersonate(client: Pick<Client, "query">, actor: Actor): Promise<void> {
  const claims = { role: actor.role, ...(actor.sub ? { sub: actor.sub, aud: "authenticated" } : {}), ...actor.claims };
  await client.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
  await client.query(`SET LOCAL ROLE ${actor.role}`);
}

class Rollback extends Error {}

/** fn runs as the actor inside a transaction that is always rolled back; its result is returned. */
export async function asActor<T>(url: string, actor: Actor, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(url, async (client) => {
    let result: T | undefined;
    try {
      await inTransaction(client, async () => {
        await impersonate(client, actor);
        result = await fn(client);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return result as T;
  });
}

/** Runs fn as the actor on an open client, in a savepoint that is rolled back. */
export async function attempt(client: Pick<Client, "query">, actor: Actor, sql: string, params: unknown[] = []): Promise<{ rows: number; error?: string; code?: string }> {
  await client.query("BEGIN");
  try {
    await impersonate(client, actor);
    const result = await client.query(sql, params);
    return { rows: result.rowCount ?? 0 };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { rows: 0, error: e.message, code: e.code };
  } finally {
    await client.query("ROLLBACK");
  }
}

export { withClient };
