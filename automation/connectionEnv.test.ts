import { describe, expect, it } from "vitest";
import { connectionEnv, formatEnv, formatJson } from "./connectionEnv";

const outputs = {
  databaseUrl: { value: "postgresql://postgres:s3cr%27t@127.0.0.1:54322/ephemeral_x", secret: true },
  schemas: { value: ["support", "jobs"], secret: false },
  target: { value: "local", secret: false },
};

describe("connectionEnv", () => {
  it("gives DATABASE_URL and its libpq parts", () => {
    const env = Object.fromEntries(connectionEnv("ephemeral-x", outputs).map((e) => [e.key, e.value]));
    expect(env).toEqual({
      SUPASTACK_STACK: "ephemeral-x",
      DATABASE_URL: "postgresql://postgres:s3cr%27t@127.0.0.1:54322/ephemeral_x",
      PGHOST: "127.0.0.1",
      PGPORT: "54322",
      PGDATABASE: "ephemeral_x",
      PGUSER: "postgres",
      PGPASSWORD: "s3cr't",
      SUPASTACK_SCHEMAS: "support,jobs",
    });
  });
  it("prints secrets only when asked", () => {
    const entries = connectionEnv("ephemeral-x", outputs);
    const hidden = formatEnv(entries, false);
    expect(hidden).not.toContain("s3cr");
    expect(hidden).toContain("# DATABASE_URL is a secret: add --show-secrets to print it");
    expect(formatEnv(entries, true)).toContain("PGPASSWORD='s3cr'\\''t'");
    expect(JSON.parse(formatJson(entries, false)).DATABASE_URL).toBe("[secret]");
    expect(JSON.parse(formatJson(entries, true)).PGPASSWORD).toBe("s3cr't");
  });
  it("gives the publishable and secret keys, and the legacy JWT keys only while the project has them", () => {
    const keys = (legacy: boolean) => ({
      supabaseUrl: { value: "https://abc.supabase.co", secret: false },
      publishableKey: { value: "sb_publishable_p", secret: false },
      secretKey: { value: "sb_secret_s", secret: true },
      anonKey: { value: legacy ? "eyJ.anon" : "sb_publishable_p", secret: false },
      serviceRoleKey: { value: legacy ? "eyJ.service" : "sb_secret_s", secret: true },
    });
    const withLegacy = connectionEnv("staging", keys(true)).filter((e) => e.key.startsWith("SUPABASE_"));
    expect(withLegacy.map((e) => [e.key, e.secret])).toEqual([
      ["SUPABASE_URL", false],
      ["SUPABASE_PUBLISHABLE_KEY", false],
      ["SUPABASE_SECRET_KEY", true],
      ["SUPABASE_ANON_KEY", false],
      ["SUPABASE_SERVICE_ROLE_KEY", true],
    ]);
    expect(connectionEnv("staging", keys(false)).map((e) => e.key)).not.toContain("SUPABASE_ANON_KEY");
    expect(formatEnv(connectionEnv("staging", keys(false)), false)).toContain("# SUPABASE_SECRET_KEY is a secret");
  });
});
