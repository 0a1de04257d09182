// Target supabase through the real engine against a local server playing the Management API
// strictly (test/helpers/supabase-api.ts): create (waiting through COMING_UP, then the services'
// health, riding out a 429) -> modules applied through the project's pooler over verified TLS (the
// local database, behind a TLS proxy with its own CA, stands in for the project's) -> settings that
// name the modules' schemas -> SSL enforcement, polled until applied -> network restrictions last ->
// a settings change updates in place -> a region change plans a replace -> drift made on the server
// is seen by refresh and undone by up -> destroy deletes the project. Plus the API's failure modes
// through the providers themselves. Tests name modules only, never their columns.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRoot } from "../automation/engine";
import { environmentProgram } from "../program/environment";
import { withClient } from "../providers/postgres/client";
import { networkRestrictionsSpec } from "../providers/supabase/networkRestrictions";
import { projectSpec } from "../providers/supabase/project";
import { settingsSpec } from "../providers/supabase/settings";
import { apiProvider } from "../providers/supabase/provider";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack, type TestStack } from "./helpers/engine";
import { createClient } from "@supabase/supabase-js";
import { MockManagementApi, projectDatabase } from "./helpers/supabase-api";

const TOKEN = "sbp_0123456789abcdef0123456789abcdef01234567";
let db: TestDatabase;
let api: MockManagementApi;
let ts: TestStack;

function supabaseConfig(overrides: Record<string, unknown> = {}) {
  return {
    organization: "acme",
    name: "staging",
    region: "eu-west-1",
    instanceSize: "micro",
    apiUrl: api.url,
    caCertificate: api.caFile,
    poolerSessionPort: api.dbPort,
    pollSeconds: 0.05,
    networkRestrictions: { ipv4: ["203.0.113.0/24"], ipv6: ["2001:db8::/32"] },
    settings: { api: { maxRows: 500 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" }, sslEnforcement: true },
    ...overrides,
  };
}

async function configure(overrides: Record<string, unknown> = {}) {
  await ts.stack.setAllConfig({
    "supastack:target": { value: "supabase" },
    "supastack:modules": { value: '["support","jobs"]' },
    "supastack:supabase": { value: JSON.stringify(supabaseConfig(overrides)), secret: true },
    "supastack:supabaseAccessToken": { value: TOKEN, secret: true },
  });
}

const project = () => [...api.projects.values()][0];
/** The project's URL and new keys, as the first up gave them. */
let keys = { url: "", publishable: "", secret: "" };

beforeAll(async () => {
  // The test machine's pretended public address, inside the allow-list (see the lock-out checks).
  process.env.SUPASTACK_DEPLOYER_IP = "203.0.113.7";
  db = await createTestDatabase("supabase");
  // A project made with the legacy JWT keys only, as before the publishable and secret keys.
  api = new MockManagementApi({ token: TOKEN, database: projectDatabase(db), pollsUntilHealthy: 4, withoutNewApiKeys: true });
  await api.start();
  ts = await testStack({ name: "supabase", program: environmentProgram });
  await configure();
});
afterAll(async () => {
  await ts?.destroy().catch(() => undefined);
  await db?.drop();
  await api?.stop();
});

describe("target supabase", () => {
  it("creates the project, waits until healthy, applies settings and the modules", async () => {
    api.rateLimitNext(1, 1);
    let output = "";
    const up = await ts.stack.up({ onOutput: (text) => (output += text) });
    expect(up.summary.result).toBe("succeeded");
    const p = project();
    expect(p).toMatchObject({ name: "staging", region: "eu-west-1", organization_slug: "acme", status: "ACTIVE_HEALTHY", addons: ["ci_micro"] });
    // The 429 was retried, and the project was polled until it was healthy.
    // (First the list: an interrupted run's project of the same name would be reported, not duplicated.)
    expect(api.requests[0]).toMatchObject({ method: "GET", path: "/v1/projects", status: 429 });
    expect(api.requests[1]).toMatchObject({ method: "GET", path: "/v1/projects", status: 200 });
    expect(api.requests[2]).toMatchObject({ method: "POST", path: "/v1/projects", status: 201 });
    expect(api.requests.filter((r) => r.method === "GET" && r.path === `/v1/projects/${p?.ref}`).length).toBeGreaterThanOrEqual(4);
    // Progress reaches the Pulumi log.
    expect(output).toMatch(new RegExp(`supastack: project ${p?.ref}: COMING_UP after 0 s`));
    expect(output).toMatch(new RegExp(`supastack: project ${p?.ref}: ACTIVE_HEALTHY after \\d+ s`));
    expect(p?.restrictions).toEqual({ dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: ["2001:db8::/32"] });
    expect(p?.postgrest).toMatchObject({ db_schema: "public,graphql_public,support,jobs", max_rows: 500 });
    expect(p?.pooler.default_pool_size).toBe(15);
    expect(p?.auth.site_url).toBe("https://staging.example.com");
    expect(p?.ssl).toBe(true);

    // Readiness and order: health awaited before any settings call (none came early), the Data API
    // told about the module schemas only once they existed (PostgREST loaded its schema cache), SSL
    // enforcement after the other settings and polled until applied, network restrictions last.
    expect(p?.earlyCalls).toEqual([]);
    expect(p?.schemaCacheError).toBeUndefined();
    const writes = api.requests.filter((r) => r.method !== "GET" && r.status < 300).map((r) => `${r.method} ${r.path.replace(`/v1/projects/${p?.ref}`, "")}`);
    expect(writes[0]).toBe("POST /v1/projects");
    const at = (w: string) => writes.indexOf(w);
    expect(at("PATCH /postgrest")).toBeGreaterThan(0);
    expect(at("PUT /ssl-enforcement")).toBeGreaterThan(at("PATCH /postgrest"));
    expect(at("PUT /ssl-enforcement")).toBeGreaterThan(at("PATCH /config/auth"));
    expect(writes.at(-1)).toBe("POST /network-restrictions/apply");
    const firstHealth = api.requests.findIndex((r) => r.path.endsWith("/health"));
    const firstPooler = api.requests.findIndex((r) => r.path.endsWith("/config/database/pooler"));
    expect(firstHealth).toBeGreaterThan(0);
    expect(firstPooler).toBeGreaterThan(firstHealth);
    expect(api.requests.filter((r) => r.path.endsWith("/ssl-enforcement") && r.method === "GET").length).toBeGreaterThanOrEqual(1);
    expect(output).toMatch(/waiting for services \(.*pooler not found/);
    // Create body as the API documents it: desired size micro, region_selection, nothing unknown.
    expect(api.requests[2]?.body).toMatchObject({ organization_slug: "acme", region_selection: { type: "specific", code: "eu-west-1" }, desired_instance_size: "micro" });

    const schemas = await withClient(db.url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('support', 'jobs') ORDER BY 1"));
    expect(schemas.rows.map((r) => r.nspname)).toEqual(["jobs", "support"]);
    expect(up.outputs.supabaseUrl?.value).toBe(`https://${p?.ref}.supabase.co`);
    expect(up.outputs.anonKey).toMatchObject({ value: `anon.${p?.ref}`, secret: false });
    expect(up.outputs.serviceRoleKey).toMatchObject({ value: p?.serviceKey, secret: true });
    // It had no publishable or secret key: the provider made both (OAS CreateApiKeyBody), and the
    // stack gives them, the secret one as a secret.
    const made = api.requests.filter((r) => r.method === "POST" && r.path === `/v1/projects/${p?.ref}/api-keys`);
    expect(made.map((r) => [r.status, r.body])).toEqual([
      [201, { type: "publishable", name: "default", description: expect.stringContaining("made by supastack") }],
      [201, { type: "secret", name: "default", description: expect.stringContaining("made by supastack") }],
    ]);
    const newKey = (type: string) => p?.apiKeys.find((k) => k.type === type)?.api_key;
    expect(newKey("publishable")).toMatch(/^sb_publishable_/);
    expect(up.outputs.publishableKey).toMatchObject({ value: newKey("publishable"), secret: false });
    expect(up.outputs.secretKey).toMatchObject({ value: newKey("secret"), secret: true });
    keys = { url: String(up.outputs.supabaseUrl?.value), publishable: String(up.outputs.publishableKey?.value), secret: String(up.outputs.secretKey?.value) };
    expect(up.outputs.databaseUrl?.secret).toBe(true);
    // Connection strings verify the server with the configured CA (never sslmode=require alone).
    expect(up.outputs.transactionUrl?.value).toMatch(new RegExp(`:${api.dbPort}/.*\\?sslmode=verify-full&sslrootcert=`));
    expect(String(up.outputs.databaseUrl?.value)).toContain(`sslrootcert=${encodeURIComponent(api.caFile)}`);
  });

  it("generates the database password and keeps it, the service key and the token out of the exported state", () => {
    const exported = execFileSync(path.join(engineRoot(), "bin", "pulumi"), ["stack", "export", "--stack", ts.stack.name], {
      cwd: ts.workDir,
      env: { ...process.env, ...ts.stack.workspace.envVars },
      encoding: "utf8",
    });
    expect(exported).toContain(project()?.ref as string);
    const p = project();
    expect(p?.dbPass.length).toBeGreaterThanOrEqual(24);
    const secretKey = p?.apiKeys.find((k) => k.type === "secret")?.api_key as string;
    for (const secret of [p?.dbPass as string, p?.serviceKey as string, secretKey, TOKEN]) expect(exported).not.toContain(secret);
  });

  it("gives keys supabase-js takes as its client key: apikey (and the bearer, the same key) on every request", async () => {
    for (const key of [keys.publishable, keys.secret]) {
      const seen: Headers[] = [];
      const client = createClient(keys.url, key, {
        auth: { persistSession: false, autoRefreshToken: false },
        global: {
          fetch: async (_input: RequestInfo | URL, init?: RequestInit) => {
            seen.push(new Headers(init?.headers));
            return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
          },
        },
      });
      const { error } = await client.schema("jobs").from("jobs").select("id").limit(1);
      expect(error).toBeNull();
      expect(seen[0]?.get("apikey")).toBe(key);
      // New keys are not JWTs: as a bearer they are accepted only when equal to the apikey header (docs api-keys).
      const bearer = seen[0]?.get("authorization");
      if (bearer !== null && bearer !== undefined) expect(bearer).toBe(`Bearer ${key}`);
    }
  });

  it("updates a settings change in place", async () => {
    await configure({ settings: { api: { maxRows: 800 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" } } });
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(up.summary.resourceChanges?.replace).toBeUndefined();
    expect(project()?.postgrest.max_rows).toBe(800);
  });

  it("plans a replace for a region change", async () => {
    await configure({ region: "us-east-1", settings: { api: { maxRows: 800 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" } } });
    const preview = await ts.stack.preview({ diff: true });
    expect(preview.changeSummary.replace).toBeGreaterThanOrEqual(1);
    expect(preview.stdout).toMatch(/\+-\s+supabase:index:Project|replace/);
    await configure({ settings: { api: { maxRows: 800 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" } } });
  });

  it("refuses at preview an allow-list that would lock out the machine running up, unless told so", async () => {
    const settings = { api: { maxRows: 800 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" }, sslEnforcement: true };
    await configure({ settings, networkRestrictions: { ipv4: ["198.51.100.0/24"], ipv6: [] } });
    const refused = await ts.stack.preview().catch((e: Error) => e);
    expect(String(refused)).toMatch(/supastack:supabase\.networkRestrictions: would lock out the machine running 'up' \(SUPASTACK_DEPLOYER_IP 203\.0\.113\.7/);
    process.env.SUPASTACK_DEPLOYER_IP = "";
    const unknown = await ts.stack.preview().catch((e: Error) => e);
    expect(String(unknown)).toMatch(/cannot tell whether the machine running 'up' is among them; set SUPASTACK_DEPLOYER_IP/);
    process.env.SUPASTACK_DEPLOYER_IP = "203.0.113.7";
    await configure({ settings, networkRestrictions: { ipv4: ["198.51.100.0/24"], ipv6: [], allowLockout: true } });
    const allowed = await ts.stack.preview();
    expect(allowed.changeSummary.update).toBeGreaterThanOrEqual(1);
    await configure({ settings });
  });

  it("sees drift made on the server on refresh, and up puts it back", async () => {
    const p = project();
    if (!p) throw new Error("no project");
    // Changed in the dashboard, still letting this machine (203.0.113.7) in.
    p.restrictions = { dbAllowedCidrs: ["203.0.113.0/25"], dbAllowedCidrsV6: [] };
    p.postgrest.max_rows = 50;
    p.addons = ["ci_large"];
    // The new API keys deleted in the dashboard (the legacy ones left).
    p.apiKeys = p.apiKeys.filter((k) => k.type === "legacy");
    const refresh = await ts.stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(3);
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges?.update).toBe(3);
    expect(p.addons).toEqual(["ci_micro"]);
    expect(p.restrictions).toEqual({ dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: ["2001:db8::/32"] });
    expect(p.postgrest.max_rows).toBe(800);
    expect(p.apiKeys.map((k) => k.type).sort()).toEqual(["legacy", "legacy", "publishable", "secret"]);
    expect(up.outputs.publishableKey?.value).toBe(p.apiKeys.find((k) => k.type === "publishable")?.api_key);
  });

  it("destroy deletes the project and the modules", async () => {
    await ts.stack.destroy();
    expect(project()?.status).toBe("REMOVED");
    expect(api.requests.some((r) => r.method === "DELETE" && r.path === `/v1/projects/${project()?.ref}`)).toBe(true);
    const schemas = await withClient(db.url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('support', 'jobs')"));
    expect(schemas.rows).toEqual([]);
  });
});

describe("Management API failures, through the provider", () => {
  const provider = apiProvider(projectSpec);
  const inputs = (extra: Record<string, unknown> = {}) => ({ accessToken: TOKEN, apiUrl: api.url, organization: "acme", name: `p-${Math.random().toString(36).slice(2, 8)}`, region: "eu-west-1", caFile: api.caFile, sessionPort: api.dbPort, healthTimeoutSeconds: 900, pollSeconds: 0.05, ...extra });

  it("says the token was rejected on 401, without the token", async () => {
    const error = await provider.create(inputs({ accessToken: "sbp_wrong_token_value_1234567890" })).catch((e: Error) => e);
    expect(String(error)).toMatch(/list projects: the Supabase access token was rejected \(401\)/);
    expect(String(error)).not.toContain("sbp_wrong_token_value");
  });

  it("says not found on 404 when adopting an unknown ref", async () => {
    const error = await provider.create(inputs({ adoptRef: "zzzzzzzzzzzzzzzzzzzz", dbPassword: "a-long-password" })).catch((e: Error) => e);
    expect(String(error)).toMatch(/get project zzzzzzzzzzzzzzzzzzzz: not found \(404\): Project not found/);
  });

  it("never sends nano (the free plan's default, refused as a desired size) and the test server refuses it", async () => {
    const raw = await fetch(`${api.url}/v1/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x", organization_slug: "acme", db_pass: "a-long-password", region_selection: { type: "specific", code: "eu-west-1" }, desired_instance_size: "nano" }),
    });
    expect(raw.status).toBe(400);
    expect(JSON.stringify(await raw.json())).toMatch(/nano is the free plan's default/);
    const before = api.requests.length;
    const created = await provider.create(inputs({ instanceSize: "nano" }));
    const post = api.requests.slice(before).find((r) => r.method === "POST" && r.path === "/v1/projects");
    expect(post?.status).toBe(201);
    expect(post?.body).not.toHaveProperty("desired_instance_size");
    expect(api.projects.get(created.id)?.addons).toEqual([]);
    const unknownField = await fetch(`${api.url}/v1/projects/${created.id}/postgrest`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ max_rows: 10, exposed_schemas: "public" }),
    });
    expect(unknownField.status).toBe(400);

    await provider.delete(created.id, created.outs);
  });

  it("deletes a project that is still provisioning once it settles (the API answers 400 meanwhile)", async () => {
    const res = await fetch(`${api.url}/v1/projects`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "young", organization_slug: "acme", db_pass: "a-long-password", region_selection: { type: "specific", code: "eu-west-1" } }),
    });
    const { ref } = (await res.json()) as { ref: string };
    await provider.delete(ref, { ...inputs(), ref, adopted: false });
    expect(api.projects.get(ref)?.status).toBe("REMOVED");
    expect(api.requests.some((r) => r.method === "DELETE" && r.path === `/v1/projects/${ref}` && r.status === 400)).toBe(true);
  });

  it("does not delete a project it created while its database holds rows, unless the run allows it", async () => {
    const created = await provider.create(inputs());
    await withClient(db.url, (c) => c.query("CREATE TABLE public.keep_me (id int); INSERT INTO public.keep_me VALUES (1)"));
    try {
      await expect(provider.delete(created.id, created.outs)).rejects.toThrow(
        new RegExp(`^deleting project ${created.id} \\(p-\\w+\\) with its database would drop or rewrite rows, .*:\n  public\\.keep_me: 1 row\nto drop them`),
      );
      expect(api.projects.get(created.id)?.status).toBe("ACTIVE_HEALTHY");
      process.env.SUPASTACK_ALLOW_DATA_LOSS = "1";
      await provider.delete(created.id, created.outs);
      expect(api.projects.get(created.id)?.status).toBe("REMOVED");
    } finally {
      delete process.env.SUPASTACK_ALLOW_DATA_LOSS;
      await withClient(db.url, (c) => c.query("DROP TABLE IF EXISTS public.keep_me"));
    }
  });

  it("explains a project that may not configure SSL enforcement or network restrictions, and refuses session mode on 6543", async () => {
    const created = await provider.create(inputs());
    const ref = created.id;
    const settings = apiProvider(settingsSpec);
    const restrictions = apiProvider(networkRestrictionsSpec);
    api.options.sslAllowed = false;
    api.options.networkRestrictionsAllowed = false;
    try {
      const ssl = await settings.create({ accessToken: TOKEN, apiUrl: api.url, ref, sslEnforcement: true, pollSeconds: 0.05, timeoutSeconds: 60 }).catch((e: Error) => e);
      expect(String(ssl)).toMatch(new RegExp(`project ${ref} is not allowed to configure SSL enforcement \\(400\\); remove supastack:supabase.settings.sslEnforcement`));
      const nr = await restrictions.create({ accessToken: TOKEN, apiUrl: api.url, ref, ipv4: ["203.0.113.0/24"], ipv6: [] }).catch((e: Error) => e);
      expect(String(nr)).toMatch(/not entitled to network restrictions \(entitlement: disallowed\)/);
    } finally {
      api.options.sslAllowed = true;
      api.options.networkRestrictionsAllowed = true;
    }
    const session = await settings.check?.({}, { accessToken: TOKEN, ref, pooler: { poolMode: "session" } });
    expect(session?.failures).toEqual([expect.objectContaining({ property: "pooler.poolMode", reason: expect.stringMatching(/session mode on port 6543 is deprecated/) })]);
    await provider.delete(ref, created.outs);
  });

  it("gives up on a project that never becomes healthy, naming it", async () => {
    api.options.neverHealthy = true;
    try {
      const error = await provider.create(inputs({ healthTimeoutSeconds: 1, pollSeconds: 0.2 })).catch((e: Error) => e);
      expect(String(error)).toMatch(/project [a-z]{20} did not become healthy within 1 s \(status COMING_UP\)/);
      expect(String(error)).not.toContain(TOKEN);
    } finally {
      api.options.neverHealthy = false;
    }
  });
});
