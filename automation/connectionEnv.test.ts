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
});
