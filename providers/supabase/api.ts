// The Supabase Management API as supastack uses it: the maintained client (supabase-management-js,
// generated from the API's OpenAPI spec) behind one call path that serialises requests, retries a
// 429 (honouring Retry-After) and a 5xx on reads, and turns 401/403/404 into messages a person can
// act on. No token or password ever appears in a message.
import { SupabaseManagementAPI, SupabaseManagementAPIError } from "supabase-management-js";

export const DEFAULT_API_URL = "https://api.supabase.com";

export interface ApiSettings {
  accessToken: string;
  apiUrl?: string;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Longest wait between attempts (a 429 blocks the token for a minute on the real API). */
  maxWaitMs: number;
  /** Wait when the server gives no Retry-After. */
  baseWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: Number(process.env.SUPASTACK_SUPABASE_RETRIES ?? 4),
  maxWaitMs: Number(process.env.SUPASTACK_SUPABASE_MAX_WAIT_MS ?? 65_000),
  baseWaitMs: Number(process.env.SUPASTACK_SUPABASE_BASE_WAIT_MS ?? 2_000),
};

export class SupabaseApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Pure: how long to wait before retry `attempt` (1-based), given a Retry-After header. */
export function retryDelayMs(attempt: number, retryAfter: string | null | undefined, policy: RetryPolicy): number {
  const seconds = retryAfter === null || retryAfter === undefined ? Number.NaN : Number(retryAfter);
  const fromHeader = Number.isFinite(seconds) ? seconds * 1000 : retryAfter ? Date.parse(retryAfter) - Date.now() : Number.NaN;
  const wait = Number.isFinite(fromHeader) && fromHeader >= 0 ? fromHeader : policy.baseWaitMs * 2 ** (attempt - 1);
  return Math.min(wait, policy.maxWaitMs);
}

/** Pure: is this failure worth another attempt? 429 always (nothing happened); 5xx only for reads. */
export function retryable(status: number, method: "read" | "write"): boolean {
  return status === 429 || (method === "read" && status >= 500);
}

/** Pure: the message for a failed call, naming what was asked and never the token. */
export function describeFailure(what: string, status: number, body: unknown): string {
  const detail =
    body && typeof body === "object"
      ? ((body as { message?: unknown }).message ?? (body as { error?: { message?: unknown } }).error?.message)
      : typeof body === "string"
        ? body
        : undefined;
  const suffix = typeof detail === "string" && detail ? `: ${detail.slice(0, 200)}` : "";
  if (status === 401) return `${what}: the Supabase access token was rejected (401)${suffix}; set a valid SUPABASE_ACCESS_TOKEN (a personal access token, sbp_...)`;
  if (status === 403) return `${what}: the Supabase access token may not do this (403)${suffix}; use a token with access to the organization and project`;
  if (status === 404) return `${what}: not found (404)${suffix}; check the project ref and organization slug`;
  if (status === 429) return `${what}: rate limited by the Management API (429) after retrying; wait a minute and run again`;
  return `${what}: the Management API answered ${status}${suffix}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One queue per process: the API counts requests per user, so calls go one at a time. */
let queue: Promise<unknown> = Promise.resolve();

export class ManagementApi {
  readonly client: SupabaseManagementAPI;

  constructor(
    settings: ApiSettings,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {
    if (!settings.accessToken) throw new SupabaseApiError("no Supabase access token: set SUPABASE_ACCESS_TOKEN (or supastack:supabaseAccessToken as a secret)");
    this.client = new SupabaseManagementAPI({ accessToken: settings.accessToken, baseUrl: (settings.apiUrl ?? DEFAULT_API_URL).replace(/\/$/, "") });
  }

  /** Runs one API call with the retry policy; `what` names it in messages. */
  async call<T>(what: string, method: "read" | "write", fn: (c: SupabaseManagementAPI) => Promise<{ data: T }>): Promise<T> {
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await fn(this.client)).data;
        } catch (error) {
          if (!(error instanceof SupabaseManagementAPIError)) {
            throw new SupabaseApiError(`${what}: cannot reach the Management API (${(error as Error).message})`);
          }
          const status = (error as SupabaseManagementAPIError & { status: number }).status;
          const headers = (error as SupabaseManagementAPIError & { headers?: Headers }).headers;
          if (attempt <= this.policy.retries && retryable(status, method)) {
            await sleep(retryDelayMs(attempt, headers?.get("retry-after"), this.policy));
            continue;
          }
          throw new SupabaseApiError(describeFailure(what, status, (error as SupabaseManagementAPIError & { data?: unknown }).data), status);
        }
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }
}
