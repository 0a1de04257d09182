import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makePki } from "../../test/supabase/tls";
import { describeFailure, retryable, retryDelayMs } from "./api";
import { pemProblem, resolveCaFile } from "./ca";
import { checkInputs } from "../framework/core";
import { lockoutProblem, normaliseCidrs } from "./cidr";
import { connectionStrings, healthVerdict, statusVerdict } from "./connections";
import { orphanedProjects, PROJECT_TYPE } from "./orphans";
import { missingApiKeys, pickKeys } from "./project";
import { networkRestrictionsSchema } from "./shapes/networkRestrictions";
import { settingsSchema } from "./shapes/settings";

const policy = { retries: 4, maxWaitMs: 65_000, baseWaitMs: 2_000 };

describe("Management API rules", () => {
  it("waits as Retry-After says, else backs off, never past the cap", () => {
    expect(retryDelayMs(1, "7", policy)).toBe(7_000);
    expect(retryDelayMs(1, null, policy)).toBe(2_000);
    expect(retryDelayMs(3, null, policy)).toBe(8_000);
    expect(retryDelayMs(1, "600", policy)).toBe(65_000);
  });
  it("retries a 429 always and a 5xx only for reads", () => {
    expect(retryable(429, "write")).toBe(true);
    expect(retryable(503, "read")).toBe(true);
    expect(retryable(503, "write")).toBe(false);
    expect(retryable(404, "read")).toBe(false);
  });
  it("explains 401, 403 and 404 without the token", () => {
    expect(describeFailure("get project abc", 401, { message: "Unauthorized" })).toMatch(/access token was rejected \(401\).*SUPABASE_ACCESS_TOKEN/);
    expect(describeFailure("get project abc", 404, { error: { message: "Project not found" } })).toBe(
      "get project abc: not found (404): Project not found; check the project ref and organization slug",
    );
  });
  it("names each bad CIDR by list and index", () => {
    const cidrFailures = (ipv4: string[], ipv6: string[]) => checkInputs(networkRestrictionsSchema, { accessToken: "t", ref: "r", ipv4, ipv6 }).failures;
    expect(cidrFailures(["203.0.113.0/24", "10.0.0.0/8", "300.1.1.1/32", "1.2.3.4"], ["2001:db8::/32", "::1/128", "zz::/8"])).toEqual([
      { property: "ipv4.1", reason: '"10.0.0.0/8" is a private range; network restrictions apply to public addresses' },
      { property: "ipv4.2", reason: '"300.1.1.1/32" is not an IPv4 CIDR like 203.0.113.0/24' },
      { property: "ipv4.3", reason: '"1.2.3.4" is not an IPv4 CIDR like 203.0.113.0/24' },
      { property: "ipv6.1", reason: '"::1/128" is a private range; network restrictions apply to public addresses' },
      { property: "ipv6.2", reason: '"zz::/8" is not an IPv6 CIDR like 2001:db8::/32' },
    ]);
    expect(cidrFailures(["0.0.0.0/0"], ["::/0"])).toEqual([]);
    expect(normaliseCidrs(["b/1", "a/1", "b/1"])).toEqual(["a/1", "b/1"]);
  });
  it("builds direct, session (5432) and transaction (6543) URLs that verify the server with the CA", () => {
    const c = connectionStrings(
      [{ database_type: "PRIMARY", db_user: "postgres.abcdefghijklmnopqrst", db_host: "aws-0-eu-west-1.pooler.supabase.com", db_port: 6543, db_name: "postgres", pool_mode: "transaction" }],
      "db.abcdefghijklmnopqrst.supabase.co",
      "p@ss",
      "/etc/supabase ca.crt",
    );
    const tls = "sslmode=verify-full&sslrootcert=%2Fetc%2Fsupabase%20ca.crt";
    expect(c.direct).toBe(`postgresql://postgres:p%40ss@db.abcdefghijklmnopqrst.supabase.co:5432/postgres?${tls}`);
    expect(c.poolerSession).toBe(`postgresql://postgres.abcdefghijklmnopqrst:p%40ss@aws-0-eu-west-1.pooler.supabase.com:5432/postgres?${tls}`);
    expect(c.poolerTransaction).toBe(`postgresql://postgres.abcdefghijklmnopqrst:p%40ss@aws-0-eu-west-1.pooler.supabase.com:6543/postgres?${tls}`);
    // Never the session-mode row's port: session mode on 6543 is deprecated.
    const s = connectionStrings([{ db_user: "u", db_host: "h", db_port: 6543, db_name: "postgres", pool_mode: "session" }], "d", "p", "/ca");
    expect(s.poolerSession).toMatch(/@h:5432\//);
  });

  it("judges service health as the Terraform provider does", () => {
    const wanted = ["db", "pooler", "rest"];
    expect(healthVerdict([{ name: "db", status: "ACTIVE_HEALTHY" }, { name: "pooler", status: "UNHEALTHY", error: '{"error":"not found"}' }, { name: "rest", status: "COMING_UP" }], wanted)).toEqual({
      verdict: "wait",
      detail: "pooler not found, rest COMING_UP",
    });
    expect(healthVerdict([{ name: "db", status: "ACTIVE_HEALTHY" }, { name: "pooler", status: "ACTIVE_HEALTHY" }, { name: "rest", status: "UNHEALTHY", error: "Failed to retrieve project's rest service health" }], wanted).verdict).toBe("wait");
    expect(healthVerdict([{ name: "db", status: "UNHEALTHY", error: '{"error":"disk full"}' }, { name: "pooler", status: "ACTIVE_HEALTHY" }, { name: "rest", status: "ACTIVE_HEALTHY" }], wanted)).toEqual({ verdict: "failed", detail: "db: disk full" });
    expect(healthVerdict(wanted.map((name) => ({ name, status: "ACTIVE_HEALTHY" })), wanted).verdict).toBe("healthy");
  });

  it("refuses an allow-list that would lock out the deploying machine, unless told so", () => {
    expect(lockoutProblem(["203.0.113.0/24"], [], ["203.0.113.9"], false)).toBeUndefined();
    expect(lockoutProblem(["203.0.113.0/24"], [], ["198.51.100.1"], false)).toMatch(/would lock out the machine running 'up' \(SUPASTACK_DEPLOYER_IP 198\.51\.100\.1/);
    expect(lockoutProblem(["203.0.113.0/24"], ["2001:db8::/32"], ["2001:db8::5", "203.0.113.1"], false)).toBeUndefined();
    expect(lockoutProblem(["203.0.113.0/24"], [], [], false)).toMatch(/cannot tell whether the machine running 'up' is among them/);
    expect(lockoutProblem(["0.0.0.0/0"], ["::/0"], [], false)).toBeUndefined();
    expect(lockoutProblem(["203.0.113.0/24"], [], ["198.51.100.1"], true)).toBeUndefined();
  });

  it("finds only the project a killed run created and never recorded", () => {
    const since = new Date("2026-11-23T12:00:00Z");
    const op = { type: "creating", resource: { type: PROJECT_TYPE, inputs: { name: "acme-staging", organization: "acme" } } };
    const p = (ref: string, extra: Record<string, string> = {}) => ({ ref, name: "acme-staging", organization_slug: "acme", status: "COMING_UP", created_at: "2026-11-23T12:00:05Z", ...extra });
    const projects = [
      p("aaaaaaaaaaaaaaaaaaaa"),
      p("bbbbbbbbbbbbbbbbbbbb", { created_at: "2026-11-20T09:00:00Z" }), // older than the run: someone else's
      p("cccccccccccccccccccc", { organization_slug: "other" }),
      p("dddddddddddddddddddd", { name: "acme-prod" }),
      p("eeeeeeeeeeeeeeeeeeee", { status: "REMOVED" }),
      p("ffffffffffffffffffff"), // recorded in the state
    ];
    expect(orphanedProjects(op, projects, ["ffffffffffffffffffff"], since).map((x) => x.ref)).toEqual(["aaaaaaaaaaaaaaaaaaaa"]);
    expect(orphanedProjects({ ...op, type: "updating" }, projects, [], since)).toEqual([]);
    expect(orphanedProjects({ type: "creating", resource: { type: PROJECT_TYPE, inputs: { name: "acme-staging", organization: "acme", adoptRef: "a".repeat(20) } } }, projects, [], since)).toEqual([]);
  });

  it("refuses session mode on 6543 (deprecated)", () => {
    const failures = (poolMode: string) => checkInputs(settingsSchema, { accessToken: "t", ref: "r", pooler: { poolMode } }).failures;
    expect(failures("session")).toEqual([{ property: "pooler.poolMode", reason: expect.stringMatching(/session mode on port 6543 is deprecated/) }]);
    expect(failures("transaction")).toEqual([]);
  });

  it("requires Supabase's CA and says how to get it; accepts a CA file or PEM text, never a leaf certificate", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-ca-"));
    expect(() => resolveCaFile(undefined, root, root)).toThrow(/^missing\. .*Download certificate, prod-ca-2021\.crt/);
    expect(() => resolveCaFile("certs/nope.crt", root, root)).toThrow(/certs\/nope\.crt does not exist/);
    expect(pemProblem("hello")).toMatch(/not a PEM certificate/);
    const pki = makePki();
    expect(pemProblem(pki.cert)).toMatch(/not a CA/);
    fs.mkdirSync(path.join(root, "certs"));
    fs.copyFileSync(pki.caFile, path.join(root, "certs", "ca.crt"));
    expect(resolveCaFile("certs/ca.crt", root, root)).toBe(path.join(root, "certs", "ca.crt"));
    const fromPem = resolveCaFile(pki.ca, root, path.join(root, ".state"));
    expect(fs.readFileSync(fromPem, "utf8")).toBe(pki.ca);
    expect(() => resolveCaFile(pki.cert, root, root)).toThrow(/the PEM text holds a certificate that is not a CA/);
  });

  it("waits through COMING_UP and gives up on INIT_FAILED", () => {
    expect(statusVerdict("COMING_UP")).toBe("wait");
    expect(statusVerdict("ACTIVE_HEALTHY")).toBe("healthy");
    expect(statusVerdict("INIT_FAILED")).toBe("failed");
  });
});

describe("a project's API keys", () => {
  const legacy = [
    { name: "anon", type: "legacy", api_key: "eyJ.anon" },
    { name: "service_role", type: "legacy", api_key: "eyJ.service" },
  ];
  const fresh = [
    { name: "default", type: "publishable", api_key: "sb_publishable_p" },
    { name: "default", type: "secret", api_key: "sb_secret_s" },
  ];
  it("gives the new keys, and the legacy JWT keys under their names while the project has them", () => {
    expect(pickKeys([...legacy, ...fresh])).toEqual({ anonKey: "eyJ.anon", serviceRoleKey: "eyJ.service", publishableKey: "sb_publishable_p", secretKey: "sb_secret_s" });
    expect(pickKeys(fresh)).toEqual({ anonKey: "sb_publishable_p", serviceRoleKey: "sb_secret_s", publishableKey: "sb_publishable_p", secretKey: "sb_secret_s" });
    // A project made before the new keys, as refresh reads it: no new keys, which is drift.
    expect(pickKeys(legacy)).toEqual({ anonKey: "eyJ.anon", serviceRoleKey: "eyJ.service", publishableKey: "", secretKey: "" });
  });
  it("creates only the kinds of key a project lacks, with a body the API takes", () => {
    expect(missingApiKeys(legacy).map((k) => [k.type, k.name])).toEqual([["publishable", "default"], ["secret", "default"]]);
    expect(missingApiKeys([...legacy, fresh[0]!]).map((k) => k.type)).toEqual(["secret"]);
    expect(missingApiKeys([...legacy, ...fresh])).toEqual([]);
    for (const k of missingApiKeys([])) expect(k.name).toMatch(/^[a-z_][a-z0-9_]{3,63}$/);
  });
});
