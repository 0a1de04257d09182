// The Auth (GoTrue) settings a stack may manage, each once: its name in `supastack:supabase.settings.auth`,
// its field in the Management API's auth config (OAS UpdateAuthConfigBody, supabase-management-js
// 2.0.2: names, bounds), its shape, and how its value travels. Only the fields a stack sets are
// written and read back; the config's ~230 others stay as the project keeps them. Fields whose
// values come back hashed (smtp_pass, external_*_secret, hook secrets; reference: Supabase's auth
// config) are not here: they could not be compared to catch drift.
import { z } from "zod";

interface AuthField<T> {
  /** The Management API's field. */
  api: string;
  schema: z.ZodType<T>;
  /** From the stack's value to the API's (default: as it is). */
  toApi?: (value: T) => unknown;
  /** From the API's value back (default: as it is). */
  fromApi?: (value: unknown) => T;
}

const field = <T>(f: AuthField<T>) => f;

/** A comma-separated list in the API, a list in the stack (uri_allow_list). */
const commaList = {
  toApi: (urls: string[]) => urls.join(","),
  fromApi: (text: unknown) => String(text ?? "").split(",").map((s) => s.trim()).filter(Boolean),
};

export const AUTH_FIELDS = {
  /** The site's URL (redirects and emails); OAS: one URL, no comma. */
  siteUrl: field({ api: "site_url", schema: z.string().url().regex(/^[^,]+$/, "one URL, without a comma") }),
  /** Further URLs redirects may go to (wildcards as GoTrue allows). */
  redirectUrls: field({ api: "uri_allow_list", schema: z.array(z.string().min(1).regex(/^[^,]+$/, "one URL each, without a comma")), ...commaList }),
  /** How long an access token lasts, in seconds (OAS 0..604800; below 30 is refused here). */
  jwtExpirySeconds: field({ api: "jwt_exp", schema: z.number().int().min(30).max(604_800) }),
  /** Close sign-ups: only users that exist may sign in. */
  disableSignup: field({ api: "disable_signup", schema: z.boolean() }),
  /** Anonymous sign-ins (signInAnonymously: role authenticated, is_anonymous true), which support's chat uses. */
  anonymousSignIns: field({ api: "external_anonymous_users_enabled", schema: z.boolean() }),
  /** Anonymous sign-ins per hour per IP address (OAS 1..2147483647). */
  anonymousSignInsPerHour: field({ api: "rate_limit_anonymous_users", schema: z.number().int().min(1).max(2_147_483_647) }),
  /** The email provider (password and magic-link sign-ins). */
  emailSignIns: field({ api: "external_email_enabled", schema: z.boolean() }),
  /** Sign users in without confirming their email first. */
  emailAutoconfirm: field({ api: "mailer_autoconfirm", schema: z.boolean() }),
  /** The phone provider (OTP by SMS). */
  phoneSignIns: field({ api: "external_phone_enabled", schema: z.boolean() }),
  /** Shortest password GoTrue accepts (OAS 6..32767). */
  passwordMinLength: field({ api: "password_min_length", schema: z.number().int().min(6).max(32_767) }),
  /** Let a signed-in user link another identity (linkIdentity; needed to convert an anonymous user with OAuth). */
  manualLinking: field({ api: "security_manual_linking_enabled", schema: z.boolean() }),
} as const;

type Fields = typeof AUTH_FIELDS;
export type AuthSettings = { [K in keyof Fields]?: Fields[K] extends AuthField<infer T> ? T : never };

/** The stack's `settings.auth`: the fields above, each optional, nothing else. */
export const authSettingsSchema = z
  .object(Object.fromEntries(Object.entries(AUTH_FIELDS).map(([k, f]) => [k, (f.schema as z.ZodType).optional()])) as { [K in keyof Fields]: z.ZodOptional<Fields[K]["schema"]> })
  .strict();

type AnyField = AuthField<unknown>;
const entries = () => Object.entries(AUTH_FIELDS) as [keyof Fields, AnyField][];

/** Pure: the API's body for the fields set. */
export function authBody(settings: AuthSettings): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, f] of entries()) {
    const value = settings[name];
    if (value !== undefined) body[f.api] = f.toApi ? f.toApi(value) : value;
  }
  return body;
}

/** Pure: the fields `settings` sets, as the API's config holds them now. */
export function authFromApi(settings: AuthSettings, config: Record<string, unknown>): AuthSettings {
  const out: Record<string, unknown> = {};
  for (const [name, f] of entries()) {
    if (settings[name] === undefined) continue;
    const value = config[f.api];
    out[name] = f.fromApi ? f.fromApi(value) : (value ?? undefined);
  }
  return out as AuthSettings;
}
