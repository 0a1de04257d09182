// Target supabase through the real engine against a local server playing the Management API:
// create (waiting through COMING_UP, riding out a 429) -> modules applied through the project's
// pooler (the local database stands in for the project's) -> a settings change updates in place ->
// a region change plans a replace -> drift made on the server is seen by refresh and undone by up
// -> destroy deletes the project. Plus the API's failure modes through the provider itself.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRoot } from "../stacks/engine";
import { environmentProgram } from "../stacks/environment";
import { withClient } from "../stacks/postgres/client";
import { projectSpec } from "../stacks/supabase/project";
import { apiProvider } from "../stacks/supabase/provider";
import { adminUrl, createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack, type TestStack } from "./helpers/engine";
import { MockManagementApi } from "./helpers/supabase-api";

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
    sslMode: "disable",
    pollSeconds: 0.05,
    networkRestrictions: { ipv4: ["203.0.113.0/24"], ipv6: ["2001:db8::/32"] },
    settings: { api: { maxRows: 500 }, pooler: { defaultPoolSize: 15 }, auth: { siteUrl: "https://staging.example.com" } },
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

beforeAll(async () => {
  db = await createTestDatabase("supabase");
  const u = new URL(db.url);
  api = new MockManagementApi({ token: TOKEN, database: { host: u.hostname, port: Number(u.port), name: db.name, adminUrl: adminUrl() }, pollsUntilHealthy: 4 });
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
    expect(api.requests[0]).toMatchObject({ method: "POST", path: "/v1/projects", status: 429 });
    expect(api.requests[1]).toMatchObject({ method: "POST", path: "/v1/projects", status: 201 });
    expect(api.requests.filter((r) => r.method === "GET" && r.path === `/v1/projects/${p?.ref}`).length).toBeGreaterThanOrEqual(4);
    // Progress reaches the Pulumi log.
    expect(output).toMatch(new RegExp(`supastack: project ${p?.ref}: COMING_UP after 0 s`));
    expect(output).toMatch(new RegExp(`supastack: project ${p?.ref}: ACTIVE_HEALTHY after \\d+ s`));
    expect(p?.restrictions).toEqual({ dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: ["2001:db8::/32"] });
    expect(p?.postgrest).toMatchObject({ db_schema: "public,graphql_public,support,jobs", max_rows: 500 });
    expect(p?.pooler.default_pool_size).toBe(15);
    expect(p?.auth.site_url).toBe("https://staging.example.com");

    const schemas = await withClient(db.url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('support', 'jobs') ORDER BY 1"));
    expect(schemas.rows.map((r) => r.nspname)).toEqual(["jobs", "support"]);
    expect(up.outputs.supabaseUrl?.value).toBe(`https://${p?.ref}.supabase.co`);
    expect(up.outputs.anonKey).toMatchObject({ value: `anon.${p?.ref}`, secret: false });
    expect(up.outputs.serviceRoleKey).toMatchObject({ value: p?.serviceKey, secret: true });
    expect(up.outputs.databaseUrl?.secret).toBe(true);
    expect(up.outputs.transactionUrl?.value).toMatch(/:6543\//);
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
    for (const secret of [p?.dbPass as string, p?.serviceKey as string, TOKEN]) expect(exported).not.toContain(secret);
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

  it("sees drift made on the server on refresh, and up puts it back", async () => {
    const p = project();
    if (!p) throw new Error("no project");
    p.restrictions = { dbAllowedCidrs: ["198.51.100.0/24"], dbAllowedCidrsV6: [] };
    p.postgrest.max_rows = 50;
    p.addons = ["ci_large"];
    const refresh = await ts.stack.refresh();
    expect(refresh.summary.resourceChanges?.update).toBe(3);
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges?.update).toBe(3);
    expect(p.addons).toEqual(["ci_micro"]);
    expect(p.restrictions).toEqual({ dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: ["2001:db8::/32"] });
    expect(p.postgrest.max_rows).toBe(800);
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
  const inputs = (extra: Record<string, unknown> = {}) => ({ accessToken: TOKEN, apiUrl: api.url, organization: "acme", name: "p", region: "eu-west-1", sslMode: "disable", healthTimeoutSeconds: 900, pollSeconds: 0.05, ...extra });

  it("says the token was rejected on 401, without the token", async () => {
    const error = await provider.create(inputs({ accessToken: "sbp_wrong_token_value_1234567890" })).catch((e: Error) => e);
    expect(String(error)).toMatch(/create project p: the Supabase access token was rejected \(401\)/);
    expect(String(error)).not.toContain("sbp_wrong_token_value");
  });

  it("says not found on 404 when adopting an unknown ref", async () => {
    const error = await provider.create(inputs({ adoptRef: "zzzzzzzzzzzzzzzzzzzz", dbPassword: "a-long-password" })).catch((e: Error) => e);
    expect(String(error)).toMatch(/get project zzzzzzzzzzzzzzzzzzzz: not found \(404\): Project not found/);
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
