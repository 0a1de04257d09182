// A local HTTP server that plays the Supabase Management API (the only stand-in the tests use, since
// the cloud cannot be reached from here), strict about what the real API refuses and faithful to what
// the real platform does, so a client that gets either wrong fails a test. Each behaviour names its
// source. Abbreviations: OAS = the Management API's OpenAPI spec (as generated into
// supabase-management-js 2.0.2, the client we use: request body types, enums, bounds); TFP = Supabase's
// Terraform provider (internal/provider/utils.go, settings_resource.go, project_resource.go);
// docs = supabase.com/docs/guides/...; issue 13 = our issue, which read these sources.
//
// - Bodies: every write body is checked against the OAS fields, enums and bounds; an unknown field
//   is refused (400) so the client never relies on a field the API would ignore (stricter than the
//   API may be, by choice). `desired_instance_size: "nano"` is refused: nano is the free plan's
//   default compute with no add-on (OAS ApplyProjectAddonBody variants start at ci_micro), and issue
//   13 found the API rejecting it on create.
// - Projects go COMING_UP -> ACTIVE_HEALTHY after some polls (OAS status enum; TFP waitForProjectActive).
// - GET /v1/projects/{ref}/health?services=... (OAS; services required, enum checked): after
//   ACTIVE_HEALTHY the services need a while: db is up, the pooler answers UNHEALTHY with error
//   {"error":"not found"} and rest/auth COMING_UP until `servicesReadyAfterMs` (TFP
//   waitForServicesActive: "pooler reports UNHEALTHY: not found for the first couple of seconds").
//   Before then, the pooler config is 404 and settings writes answer 503: the stand-in's way of
//   failing a client that does not wait (issue 13: "settings calls fail"; the real answers' exact
//   status is not documented).
// - Data API: exposing a schema that does not exist makes PostgREST's schema-cache load fail: the
//   stand-in records it and reports `rest` UNHEALTHY (issue 13; PostgREST fails to load a missing schema).
// - Pooler: Supavisor in transaction mode by default on the row's port (OAS pool_mode; docs
//   connecting-to-postgres: transaction mode is the shared pooler's 6543).
// - SSL enforcement: PUT is applied after `sslApplyMs` (appliedSuccessfully false until then, the
//   database restarting: connections refused), and answers 400 "... not allowed to configure SSL
//   enforcements" for projects that may not (TFP sslEnforcementUnsupported; docs ssl-enforcement).
// - Network restrictions: GET carries `entitlement` (OAS); apply answers 400 when it is disallowed;
//   applied lists are enforced by the database endpoint for the test machine's pretended public
//   address `clientAddress` (docs network-restrictions).
// - DELETE of a project still COMING_UP answers 400 (issue 13), then 200 once it is healthy.
// - GET /v1/projects lists projects with created_at (OAS V1ProjectResponse), which supastack uses to
//   find a project an interrupted run created but never recorded.
// - API keys (OAS ApiKeyResponse, CreateApiKeyBody; docs guides/api/api-keys and "Migrating to
//   publishable and secret API keys"): a project has the legacy JWT keys `anon` and `service_role`
//   (type legacy) and, when made after the new keys existed, a publishable (`sb_publishable_...`) and a
//   secret (`sb_secret_...`) key named `default`; `withoutNewApiKeys` plays a project made before.
//   POST api-keys creates one (201; type publishable|secret, name 4-64 chars ^[a-z_][a-z0-9_]+$,
//   description and secret_jwt_template optional, nothing else). A secret key's value comes back
//   only with ?reveal=true (TFP always reveals); without it the stand-in masks it, its choice.
// - 401 for a bad token, 404 for an unknown ref, 429 with Retry-After on demand (docs management-api).
// The project's database is the local PostgreSQL behind a TLS-speaking proxy (test/supabase/pg-proxy.ts)
// whose certificate chains to a CA of the test's own, as Supabase's chain to Supabase's root CA.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { z } from "zod";
import { withClient } from "../../providers/postgres/client";
import { ident, literal } from "../../providers/postgres/sql";
import { withDatabase } from "../../providers/postgres/url";
import { adminUrl, type TestDatabase } from "./database";
import { PgProxy } from "../supabase/pg-proxy";
import { makePki, type TestPki } from "../supabase/tls";

export interface MockProject {
  ref: string;
  name: string;
  region: string;
  organization_slug: string;
  status: string;
  pollsLeft: number;
  healthyAt?: number;
  dbPass: string;
  restrictions: { dbAllowedCidrs: string[]; dbAllowedCidrsV6: string[] };
  postgrest: { db_schema: string; max_rows: number; db_extra_search_path: string; db_pool: number | null };
  /** Set when db_schema named a schema missing from the database (PostgREST cannot load its schema cache). */
  schemaCacheError?: string;
  auth: { site_url: string; jwt_exp: number; disable_signup: boolean };
  pooler: { pool_mode: string; default_pool_size: number | null };
  ssl: boolean;
  sslRequested?: boolean;
  sslApplyAt?: number;
  addons: string[];
  serviceKey: string;
  apiKeys: MockApiKey[];
  created_at: string;
  /** Requests answered 503 or refused because they came before the services were ready. */
  earlyCalls: string[];
}

/** The test database that stands in for a project's (host, port and name from its URL; the admin URL for roles). */
export function projectDatabase(db: Pick<TestDatabase, "url" | "name">): MockOptions["database"] {
  const u = new URL(db.url);
  return { host: u.hostname, port: Number(u.port), name: db.name, adminUrl: adminUrl() };
}

export interface MockApiKey {
  id: string;
  type: "legacy" | "publishable" | "secret";
  name: string;
  api_key: string;
  prefix: string;
  description: string | null;
  inserted_at: string;
}

export interface MockOptions {
  token: string;
  /**
   * The local database standing in for every project's. Like Supabase, creating a project makes its
   * pooler user (postgres.<ref>) with the project's database password; `adminUrl` is used for that.
   */
  database: { host: string; port: number; name: string; adminUrl: string };
  /** GETs of a new project answered COMING_UP before it is ACTIVE_HEALTHY. */
  pollsUntilHealthy?: number;
  /** Projects never become healthy (for the timeout path). */
  neverHealthy?: boolean;
  /** How long after ACTIVE_HEALTHY the pooler, PostgREST and Auth need (default 300 ms). */
  servicesReadyAfterMs?: number;
  /** How long an SSL enforcement change takes to apply (default 300 ms). */
  sslApplyMs?: number;
  /** Projects may configure SSL enforcement (default true). */
  sslAllowed?: boolean;
  /** Projects are entitled to network restrictions (default true). */
  networkRestrictionsAllowed?: boolean;
  /** The public address the test machine pretends to connect from (default 203.0.113.7). */
  clientAddress?: string;
  /** Projects are made with the legacy JWT keys only, as before the publishable and secret keys (default false). */
  withoutNewApiKeys?: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  body?: unknown;
}

type Reply = [number, unknown, Record<string, string>?];

// OAS bodies (supabase-management-js 2.0.2 types), strict: unknown fields are refused.
const REGION_CODES = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-east-1", "ap-southeast-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-central-1", "eu-central-2", "ca-central-1", "ap-south-1", "sa-east-1"] as const;
const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"] as const;
const bodies = {
  createProject: z
    .object({
      db_pass: z.string().min(1),
      name: z.string().min(1).max(256),
      organization_slug: z.string().regex(/^[\w-]+$/),
      region_selection: z.union([
        z.object({ type: z.literal("specific"), code: z.enum(REGION_CODES) }).strict(),
        z.object({ type: z.literal("smartGroup"), code: z.enum(["americas", "emea", "apac"]) }).strict(),
      ]),
      desired_instance_size: z.enum(SIZES, { message: "desired_instance_size must be one of micro, small, ...; nano is the free plan's default and is not a desired size" }).optional(),
      template_url: z.string().url().optional(),
    })
    .strict(),
  renameProject: z.object({ name: z.string().min(1).max(256) }).strict(),
  password: z.object({ password: z.string().min(4) }).strict(),
  addon: z.object({ addon_type: z.literal("compute_instance"), addon_variant: z.enum(SIZES.map((s) => `ci_${s}`) as [string, ...string[]]) }).strict(),
  pooler: z.object({ default_pool_size: z.number().int().min(0).max(3000).nullable().optional(), pool_mode: z.enum(["transaction", "session"]).optional() }).strict(),
  postgrest: z
    .object({ db_schema: z.string().optional(), db_extra_search_path: z.string().optional(), max_rows: z.number().int().min(0).max(1_000_000).optional(), db_pool: z.number().int().min(0).max(1000).optional() })
    .strict(),
  // Of the auth config's 234 OAS fields, the stand-in knows the ones supastack manages (plus a few).
  auth: z
    .object({
      site_url: z.string().optional(),
      jwt_exp: z.number().int().min(0).max(604_800).optional(),
      disable_signup: z.boolean().optional(),
      uri_allow_list: z.string().optional(),
      mailer_autoconfirm: z.boolean().optional(),
      external_email_enabled: z.boolean().optional(),
      password_min_length: z.number().int().min(6).max(32767).optional(),
    })
    .strict(),
  ssl: z.object({ requestedConfig: z.object({ database: z.boolean() }).strict() }).strict(),
  apiKey: z
    .object({
      type: z.enum(["publishable", "secret"]),
      name: z.string().min(4).max(64).regex(/^[a-z_][a-z0-9_]+$/, "name must match ^[a-z_][a-z0-9_]+$"),
      description: z.string().nullable().optional(),
      secret_jwt_template: z.record(z.string(), z.unknown()).nullable().optional(),
    })
    .strict(),
  restrictions: z.object({ dbAllowedCidrs: z.array(z.string()).optional(), dbAllowedCidrsV6: z.array(z.string()).optional() }).strict(),
};
const HEALTH_SERVICES = ["auth", "db", "db_postgres_user", "pooler", "realtime", "rest", "storage", "pg_bouncer"];

function invalid(error: z.ZodError): Reply {
  const issue = error.issues[0];
  const where = issue?.path.join(".") || "body";
  return [400, { message: `${where}: ${issue?.code === "unrecognized_keys" ? `unknown field(s) ${(issue as { keys?: string[] }).keys?.join(", ")}` : issue?.message}` }];
}

/** A new publishable or secret key: `sb_publishable_` / `sb_secret_` and random characters (docs api-keys). */
function newApiKey(type: "publishable" | "secret", name: string, description: string | null): MockApiKey {
  const prefix = `sb_${type}_`;
  return { id: crypto.randomUUID(), type, name, api_key: `${prefix}${crypto.randomBytes(24).toString("base64url")}`, prefix, description, inserted_at: new Date().toISOString() };
}

/** A key as GET/POST api-keys answer: a secret key's value only with reveal. */
function apiKeyView(k: MockApiKey, reveal: boolean): unknown {
  const hidden = k.type === "secret" || (k.type === "legacy" && k.name === "service_role");
  return { ...k, api_key: hidden && !reveal ? `${k.api_key.slice(0, k.prefix.length + 4)}····` : k.api_key, hash: crypto.createHash("sha256").update(k.api_key).digest("hex"), secret_jwt_template: null, updated_at: k.inserted_at };
}

function inCidrs(address: string, v4: string[], v6: string[]): boolean {
  const list = new net.BlockList();
  for (const c of v4) list.addSubnet(c.split("/")[0] as string, Number(c.split("/")[1]), "ipv4");
  for (const c of v6) list.addSubnet(c.split("/")[0] as string, Number(c.split("/")[1]), "ipv6");
  return list.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4");
}

export class MockManagementApi {
  readonly projects = new Map<string, MockProject>();
  readonly requests: RequestRecord[] = [];
  readonly pki: TestPki;
  private rateLimited = 0;
  private retryAfter = 1;
  private server?: http.Server;
  private proxy?: PgProxy;
  url = "";
  /** The stand-in database endpoint (TLS, restrictions, SSL enforcement) every project's pooler row names. */
  dbPort = 0;
  /** Connections the database endpoint refused, with the reason. */
  readonly refusals: string[] = [];

  constructor(readonly options: MockOptions) {
    this.pki = makePki();
  }

  get caFile(): string {
    return this.pki.caFile;
  }

  /** The next `n` requests get 429 with Retry-After `seconds`. */
  rateLimitNext(n: number, seconds: number): void {
    this.rateLimited = n;
    this.retryAfter = seconds;
  }

  async start(): Promise<string> {
    this.proxy = new PgProxy({
      backend: { host: this.options.database.host, port: this.options.database.port },
      key: this.pki.key,
      // Leaf and root, as Supabase's endpoints send their chain (hence SELF_SIGNED_CERT_IN_CHAIN without the CA).
      cert: this.pki.cert + this.pki.ca,
      decide: (params, encrypted) => this.decide(params, encrypted),
    });
    this.dbPort = await this.proxy.start();
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        void this.handle(req.method ?? "GET", req.url ?? "/", req.headers.authorization, body).then(([status, payload, headers]) => {
          this.requests.push({ method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] as string, status, body: body ? JSON.parse(body) : undefined });
          res.writeHead(status, { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...headers });
          res.end(payload === undefined ? "" : JSON.stringify(payload));
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    await this.proxy?.stop();
    for (const p of this.projects.values()) await this.dropUser(p.ref);
  }

  private decide(params: Record<string, string>, encrypted: boolean): { refuse?: { code: string; message: string } } {
    const ref = /^postgres\.([a-z]{20})$/.exec(params.user ?? "")?.[1];
    const p = ref ? this.projects.get(ref) : undefined;
    const refuse = (code: string, message: string) => {
      this.refusals.push(message);
      return { refuse: { code, message } };
    };
    if (!p) return {};
    this.tick(p);
    if (p.sslApplyAt !== undefined) return refuse("57P03", "the database system is starting up");
    if (p.ssl && !encrypted) return refuse("XX000", "SSL connection is required");
    const { dbAllowedCidrs: v4, dbAllowedCidrsV6: v6 } = p.restrictions;
    const address = this.options.clientAddress ?? "203.0.113.7";
    if ((v4.length > 0 || v6.length > 0) && !inCidrs(address, v4, v6)) return refuse("XX000", `Address not in tenant allow_list: ${address}`);
    return {};
  }

  private user(ref: string): string {
    return `postgres.${ref}`;
  }

  private async dropUser(ref: string): Promise<void> {
    await withClient(this.options.database.adminUrl, (c) => c.query(`DROP ROLE IF EXISTS ${ident(this.user(ref))}`)).catch(() => undefined);
  }

  /** Time passes: a requested SSL change is applied once its delay is over. */
  private tick(p: MockProject): void {
    if (p.sslApplyAt !== undefined && Date.now() >= p.sslApplyAt) {
      p.ssl = p.sslRequested ?? p.ssl;
      p.sslApplyAt = undefined;
    }
  }

  private servicesReady(p: MockProject): boolean {
    return p.status === "ACTIVE_HEALTHY" && p.healthyAt !== undefined && Date.now() - p.healthyAt >= (this.options.servicesReadyAfterMs ?? 300);
  }

  private dbUrl(): string {
    return withDatabase(this.options.database.adminUrl, this.options.database.name);
  }

  private async schemasMissing(dbSchema: string): Promise<string[]> {
    const wanted = dbSchema.split(",").map((s) => s.trim()).filter(Boolean);
    const { rows } = await withClient(this.dbUrl(), (c) => c.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)", [wanted]));
    return wanted.filter((w) => !rows.some((r) => r.nspname === w));
  }

  private async handle(method: string, rawUrl: string, auth: string | undefined, body: string): Promise<Reply> {
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      return [429, { message: "Rate limit exceeded" }, { "retry-after": String(this.retryAfter) }];
    }
    if (auth !== `Bearer ${this.options.token}`) return [401, { message: "Unauthorized" }];
    const url = new URL(rawUrl, "http://x");
    let json: unknown = {};
    try {
      json = body ? JSON.parse(body) : {};
    } catch {
      return [400, { message: "body is not JSON" }];
    }
    const parts = url.pathname.split("/").filter(Boolean); // v1, projects, ref, ...
    if (parts[0] !== "v1" || parts[1] !== "projects") return [404, { message: "Not found" }];
    if (parts.length === 2 && method === "POST") {
      const parsed = bodies.createProject.safeParse(json);
      return parsed.success ? [201, await this.create(parsed.data)] : invalid(parsed.error);
    }
    if (parts.length === 2 && method === "GET") return [200, [...this.projects.values()].map((p) => this.view(p))];
    const p = this.projects.get(parts[2] ?? "");
    if (!p || p.status === "REMOVED") return [404, { message: "Project not found" }];
    this.tick(p);
    const rest = parts.slice(3).join("/");
    const ready = this.servicesReady(p);
    const notReady = (what: string): Reply => {
      p.earlyCalls.push(`${method} ${rest}`);
      return [503, { message: `Failed to ${what}: the project's services are not ready yet` }];
    };
    const check = <T>(schema: z.ZodType<T>, fn: (data: T) => Reply | Promise<Reply>): Reply | Promise<Reply> => {
      const parsed = schema.safeParse(json);
      return parsed.success ? fn(parsed.data) : invalid(parsed.error);
    };
    switch (`${method} ${rest}`) {
      case "GET ":
        if (p.status === "COMING_UP" && !this.options.neverHealthy && --p.pollsLeft <= 0) {
          p.status = "ACTIVE_HEALTHY";
          p.healthyAt = Date.now();
        }
        return [200, this.view(p)];
      case "PATCH ":
        return check(bodies.renameProject, (b) => {
          p.name = b.name;
          return [200, { id: p.ref, ref: p.ref, name: p.name }];
        });
      case "DELETE ":
        if (p.status === "COMING_UP") return [400, { message: `Project ${p.ref} is still being provisioned; try again once it is up` }];
        p.status = "REMOVED";
        return [200, { id: p.ref, ref: p.ref, name: p.name }];
      case "GET health": {
        const services = (url.searchParams.get("services") ?? "").split(",").filter(Boolean);
        const bad = services.filter((s) => !HEALTH_SERVICES.includes(s));
        if (services.length === 0 || bad.length > 0) return [400, { message: `services must list some of ${HEALTH_SERVICES.join(", ")}${bad.length ? ` (got ${bad.join(", ")})` : ""}` }];
        return [200, services.map((name) => this.health(p, name, ready))];
      }
      case "GET api-keys": {
        const reveal = url.searchParams.get("reveal") === "true";
        return [200, p.apiKeys.map((k) => apiKeyView(k, reveal))];
      }
      case "POST api-keys":
        return check(bodies.apiKey, (b) => {
          const key = newApiKey(b.type, b.name, b.description ?? null);
          p.apiKeys.push(key);
          return [201, apiKeyView(key, url.searchParams.get("reveal") === "true")];
        });
      case "GET config/database/pooler":
        if (!ready) return [404, { message: "not found" }];
        return [200, [{ database_type: "PRIMARY", identifier: p.ref, db_user: this.user(p.ref), db_host: "127.0.0.1", db_port: this.dbPort, db_name: this.options.database.name, pool_mode: p.pooler.pool_mode, default_pool_size: p.pooler.default_pool_size, is_using_scram_auth: true, connection_string: "" }]];
      case "PATCH config/database/pooler":
        return check(bodies.pooler, (b) => {
          if (!ready) return notReady("update pooler config");
          Object.assign(p.pooler, b);
          return [200, { default_pool_size: p.pooler.default_pool_size, pool_mode: p.pooler.pool_mode }];
        });
      case "GET postgrest":
        return [200, p.postgrest];
      case "PATCH postgrest":
        return check(bodies.postgrest, async (b) => {
          if (!ready) return notReady("update PostgREST config");
          Object.assign(p.postgrest, b);
          if (b.db_schema !== undefined) {
            const missing = await this.schemasMissing(b.db_schema);
            p.schemaCacheError = missing.length ? `schema cache load failed: schema(s) ${missing.join(", ")} do not exist` : undefined;
          }
          return [200, p.postgrest];
        });
      case "GET config/auth":
        return [200, p.auth];
      case "PATCH config/auth":
        return check(bodies.auth, (b) => {
          if (!ready) return notReady("update auth config");
          Object.assign(p.auth, b);
          return [200, p.auth];
        });
      case "GET ssl-enforcement":
        if (this.options.sslAllowed === false) return [400, { message: "Project is not allowed to configure SSL enforcements" }];
        return [200, { currentConfig: { database: p.ssl }, appliedSuccessfully: p.sslApplyAt === undefined }];
      case "PUT ssl-enforcement":
        return check(bodies.ssl, (b) => {
          if (this.options.sslAllowed === false) return [400, { message: "Project is not allowed to configure SSL enforcements" }];
          p.sslRequested = b.requestedConfig.database;
          p.sslApplyAt = Date.now() + (this.options.sslApplyMs ?? 300);
          return [200, { currentConfig: { database: p.ssl }, appliedSuccessfully: false }];
        });
      case "GET network-restrictions":
        return [200, { entitlement: this.entitlement(), config: p.restrictions, status: "applied" }];
      case "POST network-restrictions/apply":
        return check(bodies.restrictions, (b) => {
          if (this.entitlement() === "disallowed") return [400, { message: "Project is not entitled to network restrictions" }];
          const all = [...(b.dbAllowedCidrs ?? []).map((c) => [c, 4] as const), ...(b.dbAllowedCidrsV6 ?? []).map((c) => [c, 6] as const)];
          const bad = all.find(([c, family]) => !/^[^/]+\/\d+$/.test(c) || net.isIP(c.split("/")[0] as string) !== family);
          if (bad) return [400, { message: `invalid CIDR ${bad[0]}` }];
          p.restrictions = { dbAllowedCidrs: b.dbAllowedCidrs ?? [], dbAllowedCidrsV6: b.dbAllowedCidrsV6 ?? [] };
          return [201, { entitlement: "allowed", config: p.restrictions, status: "stored" }];
        });
      case "GET billing/addons":
        return [200, { selected_addons: p.addons.map((id) => ({ type: "compute_instance", variant: { id, name: id } })), available_addons: [] }];
      case "PATCH billing/addons":
        return check(bodies.addon, (b) => {
          p.addons = [b.addon_variant];
          return [200, undefined];
        });
      case "PATCH database/password":
        return check(bodies.password, async (b) => {
          p.dbPass = b.password;
          await withClient(this.options.database.adminUrl, (c) => c.query(`ALTER ROLE ${ident(this.user(p.ref))} PASSWORD ${literal(p.dbPass)}`));
          return [200, { message: "ok" }];
        });
      default:
        if (method === "DELETE" && parts[3] === "billing" && parts[4] === "addons" && parts[5]) {
          if (!p.addons.includes(parts[5])) return [404, { message: `add-on ${parts[5]} is not selected` }];
          p.addons = p.addons.filter((a) => a !== parts[5]);
          return [200, undefined];
        }
        return [404, { message: `no route ${method} /${parts.join("/")}` }];
    }
  }

  private entitlement(): "allowed" | "disallowed" {
    return this.options.networkRestrictionsAllowed === false ? "disallowed" : "allowed";
  }

  private health(p: MockProject, name: string, ready: boolean): unknown {
    if (p.status !== "ACTIVE_HEALTHY") return { name, healthy: false, status: "COMING_UP" };
    if (name === "db") return { name, healthy: true, status: "ACTIVE_HEALTHY" };
    if (!ready) {
      return name === "pooler"
        ? { name, healthy: false, status: "UNHEALTHY", error: JSON.stringify({ error: "not found" }) }
        : { name, healthy: false, status: "COMING_UP" };
    }
    if (name === "rest" && p.schemaCacheError) return { name, healthy: false, status: "UNHEALTHY", error: JSON.stringify({ error: p.schemaCacheError }) };
    return { name, healthy: true, status: "ACTIVE_HEALTHY" };
  }

  private async create(body: z.infer<typeof bodies.createProject>): Promise<unknown> {
    const ref = Array.from(crypto.randomBytes(20), (b) => String.fromCharCode(97 + (b % 26))).join("");
    const project: MockProject = {
      ref,
      name: body.name,
      region: body.region_selection.code,
      organization_slug: body.organization_slug,
      status: "COMING_UP",
      pollsLeft: this.options.pollsUntilHealthy ?? 3,
      dbPass: body.db_pass,
      restrictions: { dbAllowedCidrs: [], dbAllowedCidrsV6: [] },
      postgrest: { db_schema: "public,graphql_public", max_rows: 1000, db_extra_search_path: "public,extensions", db_pool: null },
      auth: { site_url: "http://localhost:3000", jwt_exp: 3600, disable_signup: false },
      // Supavisor's shared pooler row: transaction mode (docs connecting-to-postgres).
      pooler: { pool_mode: "transaction", default_pool_size: null },
      ssl: false,
      addons: body.desired_instance_size ? [`ci_${body.desired_instance_size}`] : [],
      serviceKey: `service.${ref}.${crypto.randomBytes(12).toString("hex")}`,
      apiKeys: [],
      created_at: new Date().toISOString(),
      earlyCalls: [],
    };
    project.apiKeys.push(
      { id: crypto.randomUUID(), type: "legacy", name: "anon", api_key: `anon.${ref}`, prefix: "eyJ", description: null, inserted_at: project.created_at },
      { id: crypto.randomUUID(), type: "legacy", name: "service_role", api_key: project.serviceKey, prefix: "eyJ", description: null, inserted_at: project.created_at },
    );
    if (!this.options.withoutNewApiKeys) project.apiKeys.push(newApiKey("publishable", "default", null), newApiKey("secret", "default", null));
    this.projects.set(ref, project);
    // The project's own login through the pooler, `postgres.<ref>`, with the password the project was
    // created with. Supavisor maps it to the project's `postgres` role (docs: connecting-to-postgres),
    // which is not a superuser on Supabase: every session of this login runs as postgres.
    await withClient(this.options.database.adminUrl, async (c) => {
      await c.query(`CREATE ROLE ${ident(this.user(ref))} LOGIN NOSUPERUSER PASSWORD ${literal(project.dbPass)}`);
      await c.query(`GRANT postgres TO ${ident(this.user(ref))}`);
      await c.query(`ALTER ROLE ${ident(this.user(ref))} SET role = 'postgres'`);
    });
    // Every Supabase project has graphql_public, exposed by default (reference: Supabase's schemas).
    await withClient(this.dbUrl(), (c) => c.query("CREATE SCHEMA IF NOT EXISTS graphql_public"));
    return { id: ref, ref, name: project.name, region: project.region, organization_slug: project.organization_slug, status: project.status, created_at: project.created_at };
  }

  private view(p: MockProject): unknown {
    return { id: p.ref, ref: p.ref, name: p.name, region: p.region, organization_slug: p.organization_slug, status: p.status, created_at: p.created_at, database: { host: `db.${p.ref}.supabase.co`, version: "17.4" } };
  }
}
