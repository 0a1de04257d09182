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
    expect(parseStackConfig({ modules: '["support"]' })).toEqual({
      target: "local",
      modules: ["support"],
      schemas: {},
      localDatabase: "postgres",
      createDatabase: false,
      ephemeral: false,
      migrationLockTimeout: "5s",
      migrationStatementTimeout: "5min",
    });
  });
  it("takes a stack's own migration timeouts and names a bad one", () => {
    expect(parseStackConfig({ modules: '["jobs"]', migrationLockTimeout: "30s", migrationStatementTimeout: "0" })).toMatchObject({ migrationLockTimeout: "30s", migrationStatementTimeout: "0" });
    expect(fails({ modules: '["jobs"]', migrationLockTimeout: "ten seconds" })).toMatch(/supastack:migrationLockTimeout: must be a duration such as 500ms, 5s, 5min or 1h \(0 turns it off\)/);
    expect(fails({ modules: '["jobs"]', migrationStatementTimeout: "5 minutes" })).toMatch(/supastack:migrationStatementTimeout: must be a duration/);
  });
  it("maps modules to schemas (public included), naming a bad mapping by its module", () => {
    expect(parseStackConfig({ modules: '["jobs","support"]', schemas: '{"jobs":"public","support":"public"}' }).schemas).toEqual({ jobs: "public", support: "public" });
    expect(fails({ modules: '["jobs"]', schemas: '{"support":"public"}' })).toMatch(/supastack:schemas\.support: support is not in supastack:modules/);
    expect(fails({ modules: '["jobs"]', schemas: '{"jobs":"auth"}' })).toMatch(/supastack:schemas\.jobs: auth is a Supabase or system schema/);
    expect(fails({ modules: '["jobs"]', schemas: '{"jobs":"Bad-Name"}' })).toMatch(/supastack:schemas\.jobs: a schema is lower-case letters/);
    expect(fails({ modules: '["jobs"]', schemas: '{"crm":"public"}' })).toMatch(/supastack:schemas\.crm: crm is not in supastack:modules/);
    expect(fails({ modules: '["jobs"]', schemas: "public" })).toMatch(/supastack:schemas: must be an object/);
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
  it("checks the Supabase project settings, naming a bad CIDR by its place", () => {
    const supabase = (extra: Record<string, unknown>) => JSON.stringify({ organization: "acme", name: "staging", region: "eu-west-1", ...extra });
    expect(parseStackConfig({ modules: '["jobs"]', target: "supabase", supabase: supabase({}) }).supabase?.region).toBe("eu-west-1");
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ networkRestrictions: { ipv4: ["203.0.113.0/24", "10.1.2.0/24"] } }) })).toMatch(
      /supastack:supabase\.networkRestrictions\.ipv4\[1\]: "10\.1\.2\.0\/24" is a private range/,
    );
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ region: "mars-1" }) })).toMatch(/supastack:supabase\.region: must be one of us-east-1/);
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ regoin: "x" }) })).toMatch(/supastack:supabase: Unrecognized key: "regoin"/);
    // The rules of the Project and Settings shapes hold for the configuration too, under its key names.
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ projectRef: "ABC" }) })).toMatch(/supastack:supabase\.projectRef: must be a project ref: 20 lowercase letters/);
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ poolerSessionPort: 70000 }) })).toMatch(/supastack:supabase\.poolerSessionPort: /);
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ settings: { api: { schemas: ["public", "bad-name"] } } }) })).toMatch(
      /supastack:supabase\.settings\.api\.schemas\[1\]: schemas are plain schema names/,
    );
    expect(fails({ modules: '["jobs"]', target: "supabase", supabase: supabase({ settings: { pooler: { poolMode: "session" } } }) })).toMatch(
      /supastack:supabase\.settings\.pooler\.poolMode: session mode on port 6543 is deprecated/,
    );
  });
});
