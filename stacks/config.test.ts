import { describe, expect, it } from "vitest";
import { ConfigError, parseStackConfig } from "./config";

const fails = (raw: Record<string, string>) => {
  try {
    parseStackConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
};

describe("parseStackConfig", () => {
  it("accepts the dev stack's configuration with defaults", () => {
    expect(parseStackConfig({ modules: '["support"]' })).toEqual({ target: "local", modules: ["support"], localDatabase: "postgres", createDatabase: false, ephemeral: false });
  });
  it("names an unknown module and where it is", () => {
    expect(fails({ modules: '["support","suport"]' })).toMatch(/supastack:modules\[1\]: unknown module; choose from voice, support, contact_center, jobs, agentflow \(got "suport"\)/);
  });
  it("names a missing required key", () => {
    expect(fails({ target: "local" })).toMatch(/supastack:modules: missing required configuration/);
    expect(fails({ target: "url", modules: '["support"]' })).toMatch(/supastack:databaseUrl: is required when supastack:target is url/);
  });
  it("names a misspelt key, a bad target and a module listed twice", () => {
    expect(fails({ modules: '["support"]', modulez: "x" })).toMatch(/supastack:modulez: unknown key/);
    expect(fails({ modules: '["support"]', target: "cloud" })).toMatch(/supastack:target: must be one of local, url, supabase/);
    expect(fails({ modules: '["support","support"]' })).toMatch(/supastack:modules: lists a module twice/);
    expect(fails({ modules: "support" })).toMatch(/supastack:modules: must be a list/);
  });
  it("checks a stack's own database", () => {
    expect(parseStackConfig({ modules: '["jobs"]', localDatabase: "eph_1", createDatabase: "true" }).createDatabase).toBe(true);
    expect(fails({ modules: '["jobs"]', createDatabase: "true" })).toMatch(/supastack:localDatabase: must name a database of the stack's own/);
    expect(fails({ modules: '["jobs"]', createDatabase: "yes", localDatabase: "x" })).toMatch(/supastack:createDatabase: must be true or false/);
    expect(fails({ modules: '["jobs"]', target: "url", databaseUrl: "postgres://h/d", createDatabase: "true", localDatabase: "x" })).toMatch(
      /supastack:createDatabase: applies to supastack:target local only/,
    );
  });
});
