import { describe, expect, it } from "vitest";
import { describeFailure, retryable, retryDelayMs } from "./api";
import { cidrFailures, normaliseCidrs } from "./cidr";
import { connectionStrings, statusVerdict } from "./connections";

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
    expect(cidrFailures(["203.0.113.0/24", "10.0.0.0/8", "300.1.1.1/32", "1.2.3.4"], ["2001:db8::/32", "::1/128", "zz::/8"])).toEqual([
      { property: "ipv4[1]", reason: '"10.0.0.0/8" is a private range; network restrictions apply to public addresses' },
      { property: "ipv4[2]", reason: '"300.1.1.1/32" is not an IPv4 CIDR like 203.0.113.0/24' },
      { property: "ipv4[3]", reason: '"1.2.3.4" is not an IPv4 CIDR like 203.0.113.0/24' },
      { property: "ipv6[1]", reason: '"::1/128" is a private range; network restrictions apply to public addresses' },
      { property: "ipv6[2]", reason: '"zz::/8" is not an IPv6 CIDR like 2001:db8::/32' },
    ]);
    expect(cidrFailures(["0.0.0.0/0"], ["::/0"])).toEqual([]);
    expect(normaliseCidrs(["b/1", "a/1", "b/1"])).toEqual(["a/1", "b/1"]);
  });
  it("builds direct, session (5432) and transaction (6543) URLs", () => {
    const c = connectionStrings(
      [{ database_type: "PRIMARY", db_user: "postgres.abcdefghijklmnopqrst", db_host: "aws-0-eu-west-1.pooler.supabase.com", db_port: 6543, db_name: "postgres", pool_mode: "transaction" }],
      "db.abcdefghijklmnopqrst.supabase.co",
      "p@ss",
    );
    expect(c.direct).toBe("postgresql://postgres:p%40ss@db.abcdefghijklmnopqrst.supabase.co:5432/postgres?sslmode=require");
    expect(c.poolerSession).toBe("postgresql://postgres.abcdefghijklmnopqrst:p%40ss@aws-0-eu-west-1.pooler.supabase.com:5432/postgres?sslmode=require");
    expect(c.poolerTransaction).toMatch(/:6543\/postgres\?sslmode=require$/);
  });
  it("waits through COMING_UP and gives up on INIT_FAILED", () => {
    expect(statusVerdict("COMING_UP")).toBe("wait");
    expect(statusVerdict("ACTIVE_HEALTHY")).toBe("healthy");
    expect(statusVerdict("INIT_FAILED")).toBe("failed");
  });
});
