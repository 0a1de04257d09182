// Settings: the project's pooler (mode, pool size), Data API (exposed schemas, max rows), auth (the
// fields of shapes/auth.ts: URLs, JWT expiry, sign-ups, anonymous sign-ins...) and SSL enforcement. Only the fields the user sets are managed: each
// is written on create/update and read back for refresh; the rest stay as Supabase keeps them.
// SSL enforcement goes last and is polled until applied (it restarts the database, as the Terraform
// provider's updateSslEnforcementConfig waits for), then the services are waited on again.
import type { ManagementApi } from "./api";
import { waitServicesHealthy } from "./health";
import { progress } from "./progress";
import type { ApiProviderSpec } from "./provider";
import { settingsSchema, type SettingsInputs } from "./shapes/settings";
import { authBody, authFromApi } from "./shapes/auth";

export { settingsSchema, type SettingsInputs } from "./shapes/settings";

type Pooler = { pool_mode?: string; default_pool_size?: number | null; database_type?: string };
type Postgrest = { db_schema?: string; max_rows?: number };
type Ssl = { currentConfig?: { database?: boolean }; appliedSuccessfully?: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The 400 Supabase answers for projects that may not configure SSL enforcement (TFP settings_resource.go). */
const SSL_NOT_ALLOWED = "not allowed to configure SSL enforcements";

async function applySslEnforcement(api: ManagementApi, s: SettingsInputs): Promise<void> {
  const want = s.sslEnforcement as boolean;
  try {
    await api.call(`update SSL enforcement of ${s.ref}`, "write", (c) => c.updateSslEnforcementConfig(s.ref, { requestedConfig: { database: want } }));
  } catch (error) {
    if ((error as { status?: number }).status === 400 && String((error as Error).message).includes(SSL_NOT_ALLOWED)) {
      throw new Error(`project ${s.ref} is not allowed to configure SSL enforcement (400); remove supastack:supabase.settings.sslEnforcement for this project`);
    }
    throw error;
  }
  // Applying restarts the database: poll until the change is applied, then wait for the services.
  const t0 = Date.now();
  await progress(`project ${s.ref}: SSL enforcement ${want ? "on" : "off"} requested; waiting until it is applied (the database restarts)`);
  for (;;) {
    const ssl = (await api.call(`get SSL enforcement of ${s.ref}`, "read", (c) => c.getSslEnforcementConfig(s.ref))) as Ssl;
    if (ssl.appliedSuccessfully && ssl.currentConfig?.database === want) break;
    if (Date.now() - t0 > s.timeoutSeconds * 1000) throw new Error(`project ${s.ref}: SSL enforcement was not applied within ${s.timeoutSeconds} s`);
    await sleep(s.pollSeconds * 1000);
  }
  await waitServicesHealthy(api, s.ref, s.timeoutSeconds, s.pollSeconds);
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

async function write(api: ManagementApi, s: SettingsInputs, olds?: SettingsInputs): Promise<void> {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (s.pooler && !same(s.pooler, olds?.pooler)) {
    const body = defined({ pool_mode: s.pooler.poolMode, default_pool_size: s.pooler.defaultPoolSize });
    await api.call(`update pooler settings of ${s.ref}`, "write", (c) => c.updatePoolerConfig(s.ref, body as Parameters<typeof c.updatePoolerConfig>[1]));
  }
  if (s.api && !same(s.api, olds?.api)) {
    const body = defined({ db_schema: s.api.schemas?.join(","), max_rows: s.api.maxRows });
    await api.call(`update Data API settings of ${s.ref}`, "write", (c) => c.updatePostgrestServiceConfig(s.ref, body));
  }
  if (s.auth && !same(s.auth, olds?.auth)) {
    const body = authBody(s.auth);
    await api.call(`update auth settings of ${s.ref}`, "write", (c) => c.updateAuthServiceConfig(s.ref, body as Parameters<typeof c.updateAuthServiceConfig>[1]));
  }
  if (s.sslEnforcement !== undefined && s.sslEnforcement !== olds?.sslEnforcement) await applySslEnforcement(api, s);
}

/** The managed fields as the API holds them now. */
async function current(api: ManagementApi, s: SettingsInputs): Promise<SettingsInputs> {
  const out: SettingsInputs = { ...s };
  if (s.pooler) {
    const rows = (await api.call(`get pooler settings of ${s.ref}`, "read", (c) => c.getPoolerConfig(s.ref))) as unknown as Pooler[];
    const p = rows.find((r) => (r.database_type ?? "PRIMARY") === "PRIMARY") ?? {};
    out.pooler = defined({
      poolMode: s.pooler.poolMode === undefined ? undefined : (p.pool_mode as "transaction" | "session"),
      defaultPoolSize: s.pooler.defaultPoolSize === undefined ? undefined : (p.default_pool_size ?? undefined),
    });
  }
  if (s.api) {
    const p = (await api.call(`get Data API settings of ${s.ref}`, "read", (c) => c.getPostgrestServiceConfig(s.ref))) as Postgrest;
    out.api = defined({
      schemas: s.api.schemas === undefined ? undefined : (p.db_schema ?? "").split(",").map((x) => x.trim()).filter(Boolean),
      maxRows: s.api.maxRows === undefined ? undefined : p.max_rows,
    });
  }
  if (s.auth) {
    const config = (await api.call(`get auth settings of ${s.ref}`, "read", (c) => c.getAuthServiceConfig(s.ref))) as unknown as Record<string, unknown>;
    out.auth = defined(authFromApi(s.auth, config));
  }
  if (s.sslEnforcement !== undefined) {
    const ssl = (await api.call(`get SSL enforcement of ${s.ref}`, "read", (c) => c.getSslEnforcementConfig(s.ref))) as Ssl;
    out.sslEnforcement = ssl.currentConfig?.database ?? false;
  }
  return out;
}

export const settingsSpec: ApiProviderSpec<SettingsInputs, SettingsInputs> = {
  kind: "Settings",
  schema: settingsSchema,
  replaceOn: ["ref"],
  ignoreInDiff: ["timeoutSeconds", "pollSeconds"],
  id: (s) => `${s.ref}/settings`,
  async create(api, inputs) {
    await write(api, inputs);
    return inputs;
  },
  read: (api, _id, olds) => current(api, olds),
  async update(api, _id, olds, news) {
    await write(api, news, olds);
    return news;
  },
  // Settings belong to the project: removing the resource stops managing them, it does not reset them.
  async delete() {},
};
