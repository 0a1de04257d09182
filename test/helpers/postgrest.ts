// Runs queries the way PostgREST does for a request: in a transaction, with the JWT claims in
// request.jwt.claims and the role switched to the claim's role (anon, authenticated, service_role),
// then rolls back so each check leaves the data as it was.
import type { Client } from "pg";
import { expect } from "vitest";
import { inTransaction, withClient } from "../../providers/postgres/client";
import { ident, qualified } from "../../providers/postgres/sql";

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

/**
 * The claims GoTrue puts in an anonymous sign-in's access token (supabase/auth internal/tokens:
 * AccessTokenClaims; https://supabase.com/docs/guides/auth/auth-anonymous): role authenticated,
 * is_anonymous true, empty email and phone, amr method "anonymous". `sub` is the auth.users id.
 */
export function anonymousClaims(sub: string): Record<string, unknown> {
  return {
    iss: "http://127.0.0.1:54321/auth/v1",
    sub,
    aud: "authenticated",
    exp: 4102444800,
    iat: 1767225600,
    email: "",
    phone: "",
    app_metadata: {},
    user_metadata: {},
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "anonymous", timestamp: 1767225600 }],
    session_id: "00000000-0000-4000-8000-00000000e5e5",
    is_anonymous: true,
  };
}

/**
 * The same user as an anonymous sign-in would be (same uid, GoTrue's anonymous claims): what a
 * permanent user is refused, their anonymous twin must be refused too. Undefined for actors
 * without a uid (anon, service_role).
 */
export function anonymousTwin(actor: Actor): Actor | undefined {
  if (actor.role !== "authenticated" || !actor.sub) return undefined;
  return { role: "authenticated", sub: actor.sub, claims: anonymousClaims(actor.sub) };
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

/**
 * attempt(), and when the actor is a signed-in user who was refused (an error, or no row), the same
 * request again as their anonymous twin, which must be refused as well: the integrity tests' forging
 * and cross-tenant attacks run as an anonymous sign-in too. The permanent user's result is returned.
 */
export async function attemptAlsoAnonymous(client: Pick<Client, "query">, actor: Actor, sql: string, params: unknown[] = []): Promise<{ rows: number; error?: string; code?: string }> {
  const result = await attempt(client, actor, sql, params);
  const twin = anonymousTwin(actor);
  if (twin && (result.error !== undefined || result.rows === 0)) {
    const asAnonymous = await attempt(client, twin, sql, params);
    if (asAnonymous.error === undefined && asAnonymous.rows > 0) {
      throw new Error(`as an anonymous sign-in (uid ${actor.sub}, is_anonymous true) this request changed or showed ${asAnonymous.rows} rows, though the permanent user was refused: ${sql}`);
    }
  }
  return result;
}

export { withClient };

type Body = Record<string, unknown>;

/** POST /rest/v1/<table> with Prefer: return=representation, as PostgREST builds it (the body becomes a record of the table's type). */
export function postgrestInsert(schema: string, table: string, body: Body): [string, unknown[]] {
  const cols = Object.keys(body).map(ident).join(", ");
  const t = qualified(schema, table);
  return [`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM json_populate_record(NULL::${t}, $1::json) RETURNING *`, [JSON.stringify(body)]];
}

/** PATCH /rest/v1/<table>?<column>=eq.<value> with Prefer: return=representation. */
export function postgrestUpdate(schema: string, table: string, body: Body, column: string, value: unknown): [string, unknown[]] {
  const cols = Object.keys(body).map(ident);
  const t = qualified(schema, table);
  return [
    `UPDATE ${t} SET (${cols.join(", ")}) = (SELECT ${cols.map((c) => `b.${c}`).join(", ")} FROM json_populate_record(NULL::${t}, $1::json) b) WHERE ${ident(column)} = $2 RETURNING *`,
    [JSON.stringify(body), value],
  ];
}

/** One request as the actor in its own transaction, committed (for calls that build on each other); its rows. */
export async function request(c: Pick<Client, "query">, actor: Actor, [sql, params]: [string, unknown[]]): Promise<Record<string, any>[]> {
  await c.query("BEGIN");
  try {
    await impersonate(c, actor);
    const r = await c.query(sql, params);
    await c.query("COMMIT");
    return r.rows;
  } catch (error) {
    await c.query("ROLLBACK");
    throw error;
  }
}

/** Runs the statement as the actor and expects RLS's refusal (42501), nothing changed; returns PostgreSQL's message. */
export async function refusedByRls(c: Pick<Client, "query">, actor: Actor, sql: string, params: unknown[] = [], run: typeof attempt = attempt): Promise<string> {
  const r = await run(c, actor, sql, params);
  expect(r, sql).toMatchObject({ code: "42501" });
  return r.error as string;
}
