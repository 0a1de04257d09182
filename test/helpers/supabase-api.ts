// A local HTTP server that plays the documented Supabase Management API contract (the only stand-in
// the tests use, since the cloud cannot be reached from here): projects that go COMING_UP ->
// ACTIVE_HEALTHY after some polls, 401 for a bad token, 404 for an unknown ref, 429 with
// Retry-After on demand, network restrictions, pooler/PostgREST/auth/SSL config, API keys. The
// pooler points at a real local database, which stands in for the project's.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { withClient } from "../../stacks/postgres/client";
import { ident, literal } from "../../stacks/postgres/sql";

export interface MockProject {
  ref: string;
  name: string;
  region: string;
  organization_slug: string;
  status: string;
  pollsLeft: number;
  dbPass: string;
  restrictions: { dbAllowedCidrs: string[]; dbAllowedCidrsV6: string[] };
  postgrest: { db_schema: string; max_rows: number; db_extra_search_path: string };
  auth: { site_url: string; jwt_exp: number; disable_signup: boolean };
  pooler: { pool_mode: string; default_pool_size: number | null };
  ssl: boolean;
  addons: string[];
  serviceKey: string;
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
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

export class MockManagementApi {
  readonly projects = new Map<string, MockProject>();
  readonly requests: RequestRecord[] = [];
  private rateLimited = 0;
  private retryAfter = 1;
  private server?: http.Server;
  url = "";

  constructor(readonly options: MockOptions) {}

  /** The next `n` requests get 429 with Retry-After `seconds`. */
  rateLimitNext(n: number, seconds: number): void {
    this.rateLimited = n;
    this.retryAfter = seconds;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        void this.handle(req.method ?? "GET", req.url ?? "/", req.headers.authorization, body).then(([status, payload, headers]) => {
          this.requests.push({ method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] as string, status });
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
    for (const p of this.projects.values()) await this.dropUser(p.ref);
  }

  private user(ref: string): string {
    return `postgres.${ref}`;
  }

  private async dropUser(ref: string): Promise<void> {
    await withClient(this.options.database.adminUrl, (c) => c.query(`DROP ROLE IF EXISTS ${ident(this.user(ref))}`)).catch(() => undefined);
  }

  private async handle(method: string, rawUrl: string, auth: string | undefined, body: string): Promise<[number, unknown, Record<string, string>?]> {
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      return [429, { message: "Rate limit exceeded" }, { "retry-after": String(this.retryAfter) }];
    }
    if (auth !== `Bearer ${this.options.token}`) return [401, { message: "Unauthorized" }];
    const url = new URL(rawUrl, "http://x");
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const parts = url.pathname.split("/").filter(Boolean); // v1, projects, ref, ...
    if (parts[0] !== "v1" || parts[1] !== "projects") return [404, { message: "Not found" }];
    if (parts.length === 2 && method === "POST") return [201, await this.create(json)];
    if (parts.length === 2 && method === "GET") return [200, [...this.projects.values()].map((p) => this.view(p))];
    const p = this.projects.get(parts[2] ?? "");
    if (!p || p.status === "REMOVED") return [404, { message: "Project not found" }];
    const rest = parts.slice(3).join("/");
    switch (`${method} ${rest}`) {
      case "GET ":
        if (p.status === "COMING_UP" && !this.options.neverHealthy && --p.pollsLeft <= 0) p.status = "ACTIVE_HEALTHY";
        return [200, this.view(p)];
      case "PATCH ":
        p.name = String(json.name);
        return [200, { ref: p.ref, name: p.name }];
      case "DELETE ":
        p.status = "REMOVED";
        return [200, { ref: p.ref, name: p.name }];
      case "GET api-keys":
        return [200, [
          { name: "anon", type: "legacy", api_key: `anon.${p.ref}` },
          { name: "service_role", type: "legacy", api_key: p.serviceKey },
        ]];
      case "GET config/database/pooler":
        return [200, [{ database_type: "PRIMARY", identifier: p.ref, db_user: this.user(p.ref), db_host: this.options.database.host, db_port: this.options.database.port, db_name: this.options.database.name, pool_mode: p.pooler.pool_mode, default_pool_size: p.pooler.default_pool_size, is_using_scram_auth: true }]];
      case "PATCH config/database/pooler":
        Object.assign(p.pooler, json);
        return [200, p.pooler];
      case "GET postgrest":
        return [200, p.postgrest];
      case "PATCH postgrest":
        Object.assign(p.postgrest, json);
        return [200, p.postgrest];
      case "GET config/auth":
        return [200, p.auth];
      case "PATCH config/auth":
        Object.assign(p.auth, json);
        return [200, p.auth];
      case "GET ssl-enforcement":
        return [200, { currentConfig: { database: p.ssl }, appliedSuccessfully: true }];
      case "PUT ssl-enforcement":
        p.ssl = Boolean((json.requestedConfig as { database?: boolean } | undefined)?.database);
        return [200, { currentConfig: { database: p.ssl }, appliedSuccessfully: true }];
      case "GET network-restrictions":
        return [200, { entitlement: "allowed", config: p.restrictions, status: "applied" }];
      case "POST network-restrictions/apply":
        p.restrictions = { dbAllowedCidrs: (json.dbAllowedCidrs as string[]) ?? [], dbAllowedCidrsV6: (json.dbAllowedCidrsV6 as string[]) ?? [] };
        return [201, { entitlement: "allowed", config: p.restrictions, status: "stored" }];
      case "GET billing/addons":
        return [200, { selected_addons: p.addons.map((id) => ({ type: "compute_instance", variant: { id, name: id } })), available_addons: [] }];
      case "PATCH billing/addons":
        p.addons = [String(json.addon_variant)];
        return [200, undefined];
      case "PATCH database/password":
        p.dbPass = String(json.password);
        await withClient(this.options.database.adminUrl, (c) => c.query(`ALTER ROLE ${ident(this.user(p.ref))} PASSWORD ${literal(p.dbPass)}`));
        return [200, { message: "ok" }];
      default:
        return [404, { message: `no route ${method} /${parts.join("/")}` }];
    }
  }

  private async create(json: Record<string, unknown>): Promise<unknown> {
    const ref = Array.from(crypto.randomBytes(20), (b) => String.fromCharCode(97 + (b % 26))).join("");
    const region = (json.region_selection as { code?: string } | undefined)?.code ?? String(json.region);
    const project: MockProject = {
      ref,
      name: String(json.name),
      region,
      organization_slug: String(json.organization_slug),
      status: "COMING_UP",
      pollsLeft: this.options.pollsUntilHealthy ?? 3,
      dbPass: String(json.db_pass),
      restrictions: { dbAllowedCidrs: [], dbAllowedCidrsV6: [] },
      postgrest: { db_schema: "public,graphql_public", max_rows: 1000, db_extra_search_path: "public,extensions" },
      auth: { site_url: "http://localhost:3000", jwt_exp: 3600, disable_signup: false },
      pooler: { pool_mode: "session", default_pool_size: null },
      ssl: false,
      addons: json.desired_instance_size && json.desired_instance_size !== "nano" ? [`ci_${String(json.desired_instance_size)}`] : [],
      serviceKey: `service.${ref}.${crypto.randomBytes(12).toString("hex")}`,
    };
    this.projects.set(ref, project);
    // The project's own login, with the password it was created with (a superuser on the stand-in).
    await withClient(this.options.database.adminUrl, (c) => c.query(`CREATE ROLE ${ident(this.user(ref))} LOGIN SUPERUSER PASSWORD ${literal(project.dbPass)}`));
    return { ref, name: project.name, region, organization_slug: project.organization_slug, status: project.status, created_at: new Date().toISOString() };
  }

  private view(p: MockProject): unknown {
    return { ref: p.ref, id: p.ref, name: p.name, region: p.region, organization_slug: p.organization_slug, status: p.status, database: { host: `db.${p.ref}.supabase.co`, version: "17.4" } };
  }
}
