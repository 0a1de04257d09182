// The README's "from zero to a seeded staging project", run as written through the real CLI against
// the Management API test server: a stack that does not exist yet is created from its
// Pulumi.<name>.yaml (with the user's passphrase, refused clearly without one), then up, verify,
// seed --profile qa and outputs; destroy at the end deletes the project.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockManagementApi } from "../helpers/supabase-api";
import { type CliEnv, type StackFixture, stackFixture, supastack } from "./cli";

const TOKEN = "sbp_readme_flow_token_0123456789abcdef";
const NAME = `t-staging-${Math.random().toString(36).slice(2, 8)}`;
let fx: StackFixture;
let api: MockManagementApi;
let cli: CliEnv;
let file: string;

beforeAll(async () => {
  fx = await stackFixture(NAME, TOKEN, ["support", "jobs"], "readme");
  ({ api, cli, file } = fx);
});
afterAll(async () => {
  await fx?.dispose();
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("README: from zero to a seeded staging project", () => {
  it("asks for the passphrase a new stack needs", async () => {
    const run = await supastack(["up", "--stack", NAME], { ...cli.env, PULUMI_CONFIG_PASSPHRASE: undefined });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(new RegExp(`stack ${NAME} needs a secrets passphrase: set PULUMI_CONFIG_PASSPHRASE`));
    expect(api.projects.size).toBe(0);
  });

  it("says what to do for a stack with no stack file", async () => {
    const run = await supastack(["up", "--stack", "t-nofile"], cli.env);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/no stack named t-nofile, and no Pulumi\.t-nofile\.yaml to create it from/);
  });

  it("up creates the stack from its file, the project, and applies the modules", async () => {
    const run = await supastack(["up", "--stack", NAME], cli.env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(new RegExp(`stack ${NAME} is up`));
    expect(run.output).toMatch(/schemas\s+support, jobs/);
    const p = [...api.projects.values()][0];
    expect(p).toMatchObject({ name: NAME, status: "ACTIVE_HEALTHY", ssl: true, restrictions: { dbAllowedCidrs: ["203.0.113.0/24"] } });
    // The engine added the passphrase's salt to the user's stack file, as `pulumi stack init` does.
    expect(fs.readFileSync(file, "utf8")).toMatch(/encryptionsalt: v1:/);
  });

  it("verify, seed --profile qa and outputs work on it", async () => {
    const verify = await supastack(["verify", "--stack", NAME], cli.env);
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toMatch(new RegExp(`verify stack ${NAME}: clean`));

    const seed = await supastack(["seed", "--stack", NAME, "--profile", "qa"], cli.env);
    expect(seed.code, seed.output).toBe(0);
    expect(seed.output).toMatch(/seeded|rows/);

    const outputs = await supastack(["outputs", "--stack", NAME, "--format", "env", "--show-secrets"], cli.env);
    expect(outputs.code, outputs.output).toBe(0);
    const p = [...api.projects.values()][0];
    expect(outputs.output).toMatch(new RegExp(`SUPABASE_URL=.?https://${p?.ref}.supabase.co`));
    expect(outputs.output).toMatch(/PGSSLMODE=.?verify-full/);
    expect(outputs.output).toContain(`PGSSLROOTCERT=`);
    expect(outputs.output).toMatch(/DATABASE_URL='?postgresql:\/\/.*sslmode=verify-full&sslrootcert=/);
    const hidden = await supastack(["outputs", "--stack", NAME, "--format", "env"], cli.env);
    expect(hidden.output).not.toContain(p?.dbPass as string);
  });
});
