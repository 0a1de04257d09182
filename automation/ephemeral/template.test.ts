import { describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../../modules/catalog";
import { ephemeralConfig, stackFileConfig } from "./template";

const staging = {
  config: {
    "supastack:target": "supabase",
    "supastack:modules": ["support", "jobs"],
    "supastack:supabase": { organization: "acme", name: "acme-staging", region: "eu-west-1", projectRef: "abcdefghijklmnopqrst", dbPassword: "plain-text-pass" },
    "supastack:supabaseAccessToken": { secure: "v1:abc" },
    "aws:region": "eu-west-1",
  },
};

describe("ephemeral stacks from a stack file", () => {
  it("takes the supastack keys and leaves encrypted ones out", () => {
    const { raw, skipped } = stackFileConfig(staging, "Pulumi.staging.yaml");
    expect(Object.keys(raw)).toEqual(["target", "modules", "supabase"]);
    expect(skipped).toEqual(["supastack:supabaseAccessToken"]);
  });
  it("gives a Supabase template a project of its own, never the adopted one", () => {
    const { raw } = stackFileConfig(staging, "f");
    const { config } = ephemeralConfig(raw, { stackName: "ephemeral-gh12-1-abc", database: "ephemeral_gh12_1_abc" });
    expect(config.supabase).toMatchObject({ name: "acme-staging-gh12-1-abc", organization: "acme" });
    expect(config.supabase?.projectRef).toBeUndefined();
    expect(config.supabase?.dbPassword).toBeUndefined();
    expect(config.modules).toEqual(["support", "jobs"]);
    expect(config.ephemeral).toBe(true);
  });
  it("gives a local template a database of its own, and --modules wins", () => {
    const { config } = ephemeralConfig({}, { stackName: "ephemeral-x", database: "ephemeral_x", modules: ["jobs"] });
    expect(config).toMatchObject({ target: "local", localDatabase: "ephemeral_x", createDatabase: true, modules: ["jobs"] });
  });
  it("takes every module of the catalog when neither the template nor --modules names any", () => {
    const { config } = ephemeralConfig({}, { stackName: "ephemeral-x", database: "ephemeral_x" });
    expect(config.modules).toEqual([...MODULE_NAMES]);
    expect(config.modules).toHaveLength(5);
  });
  it("refuses a shared database and names a bad key", () => {
    expect(() => ephemeralConfig({ target: "url", databaseUrl: "postgres://h/d" }, { stackName: "e", database: "e" })).toThrow(/target url points at a shared one/);
    expect(() => ephemeralConfig({ modules: '["nope"]' }, { stackName: "e", database: "e" })).toThrow(/supastack:modules\[0\]: unknown module/);
  });
});
