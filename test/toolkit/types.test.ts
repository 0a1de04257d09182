// `supastack types` (Supabase's own generator) on a stack applied and seeded through the public
// API (declareModules and seed from index.ts): the generated Database types type-check a small
// supabase-js program with tsc, and a query that names a column jobs.jobs does not have is a type
// error (its @ts-expect-error would otherwise be unused, which tsc reports). And the output is the
// Supabase CLI's: `supabase gen types --db-url` (2.117.0) runs supabase/postgres-meta:v0.99.0 as
// `node dist/server/server.js` with PG_META_* variables, which needs Docker; here the same server.js
// of the same version (npm @supabase/postgres-meta 0.99.0) runs with the variables the CLI sets.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareModules, modules, seed } from "../../index";
import { typesCommand } from "../../cli/commands/types";
import { projectRoot, stateDir } from "../../local/paths";
import { CLI_DEFAULT_SCHEMA, generateTypes } from "../../verify/types";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

const root = projectRoot();

/**
 * What `supabase gen types typescript --db-url <url> --schema <schemas>` prints: postgres-meta's
 * server.js in its generate mode, with the environment the CLI gives its container (the
 * PG_META_* names read from the CLI 2.117.0 binary; one-to-one detection on unless
 * --postgrest-v9-compat). `defaultSchema` sets PG_META_GENERATE_TYPES_DEFAULT_SCHEMA, which the
 * image reads and the CLI never sets.
 */
async function cliTypes(url: string, schemas: string[], defaultSchema?: string): Promise<string> {
  const server = path.join(root, "node_modules", "@supabase", "postgres-meta", "dist", "server", "server.js");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PG_META_DB_URL: url,
    PG_META_GENERATE_TYPES: "typescript",
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(","),
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: "true",
  };
  if (defaultSchema) env.PG_META_GENERATE_TYPES_DEFAULT_SCHEMA = defaultSchema;
  const { stdout } = await promisify(execFile)(process.execPath, [server], { env, maxBuffer: 64 * 1024 * 1024 });
  // server.js prints the source with console.log, which adds one newline.
  return stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout;
}

const program = `import { createClient } from "@supabase/supabase-js";
import type { Database, Tables, TablesInsert } from "./database.types";

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key");

export async function reads(): Promise<string[]> {
  const { data, error } = await supabase.schema("jobs").from("jobs").select("id, status, agent_identifier, job_data").eq("status", "pending");
  if (error) throw error;
  const statuses: Database["jobs"]["Enums"]["job_status"][] = data.map((j) => j.status);
  const stats = await supabase.schema("jobs").from("job_stats").select("total_jobs, pending_jobs");
  const total: number | null | undefined = stats.data?.[0]?.total_jobs;
  const rpc = await supabase.schema("jobs").rpc("get_job_stats", { p_user_id: "00000000-0000-0000-0000-000000000000" });
  void rpc;
  const conversation: Tables<{ schema: "support" }, "conversations"> | undefined = undefined;
  void conversation;
  return [...statuses, String(total)];
}

export async function writes(): Promise<void> {
  const job: TablesInsert<{ schema: "jobs" }, "jobs"> = { agent_identifier: "research-agent", job_data: { topic: "x" } };
  await supabase.schema("jobs").from("jobs").insert(job);
  // @ts-expect-error: jobs.jobs has no column "colour"
  await supabase.schema("jobs").from("jobs").insert({ agent_identifier: "research-agent", colour: "red" });
  // @ts-expect-error: status is the job_status enum, not any text
  await supabase.schema("jobs").from("jobs").update({ status: "paused" }).eq("id", "x");
}
`;

describe("supastack types", () => {
  let db: TestDatabase;
  let ts: TestStack;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase("types");
    ts = await testStack({
      name: "types",
      program: async () => {
        const declared = await declareModules(pulumi.secret(db.url), [modules.jobs, "support"]);
        return { schemas: pulumi.all(declared.map((m) => m.schema)) };
      },
    });
    await ts.stack.up();
    await seed({ databaseUrl: db.url, modules: ["jobs", "support"], profile: "dev", seed: 2 });
    // Inside the project, so the program resolves @supabase/supabase-js from its node_modules.
    dir = fs.mkdtempSync(path.join(stateDir(root), "types-"));
  });

  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes types that type-check a supabase-js program, wrong columns included as errors", async () => {
    const out = path.join(dir, "database.types.ts");
    await typesCommand().parseAsync(["--database-url", db.url, "--schemas", "jobs,support", "--out", out], { from: "user" });
    const source = fs.readFileSync(out, "utf8");
    for (const piece of [/export type Database = \{/, /jobs: \{\s+Tables: \{\s+jobs: \{\s+Row: \{/, /job_stats: \{\s+Row:/, /get_job_stats: \{\s+Args: \{ p_user_id: string \}/, /job_status: "pending" \| "running"/, /export type TablesInsert</]) {
      expect(source).toMatch(piece);
    }
    fs.writeFileSync(path.join(dir, "client.ts"), program);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["client.ts"] }),
    );
    let output = "";
    try {
      execFileSync(path.join(root, "node_modules", ".bin", "tsc"), ["-p", path.join(dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = `${(error as { stdout?: string }).stdout ?? ""}${(error as { stderr?: string }).stderr ?? ""}`;
    }
    expect(output).toBe("");

    // The same program with the wrong column not marked fails to compile, at that column.
    const unmarked = program.replace('  // @ts-expect-error: jobs.jobs has no column "colour"\n', "");
    const line = unmarked.split("\n").findIndex((l) => l.includes('colour: "red"')) + 1;
    const column = unmarked.split("\n")[line - 1]!.indexOf("colour") + 1;
    fs.writeFileSync(path.join(dir, "client.ts"), unmarked);
    let failure = "";
    try {
      execFileSync(path.join(root, "node_modules", ".bin", "tsc"), ["-p", path.join(dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failure = (error as { stdout?: string }).stdout ?? "";
    }
    expect(failure.trim().split("\n")).toEqual([expect.stringContaining(`client.ts(${line},${column}): error TS`)]);
  });

  it("prints what supabase gen types prints, with and without public, and --default-schema as the image's variable", async () => {
    for (const schemas of [["jobs", "support"], ["public", "jobs"]]) {
      const ours = await generateTypes(db.url, { schemas });
      expect(ours).toMatch(new RegExp(`type DefaultSchema = DatabaseWithoutInternals\\[Extract<\\s*keyof Database,\\s*"${CLI_DEFAULT_SCHEMA}"\\s*>\\]`));
      expect(ours).toBe(await cliTypes(db.url, schemas));
    }
    const out = path.join(dir, "support-default.types.ts");
    await typesCommand().parseAsync(["--database-url", db.url, "--schemas", "jobs,support", "--default-schema", "support", "--out", out], { from: "user" });
    const source = fs.readFileSync(out, "utf8");
    expect(source).toMatch(/type DefaultSchema = DatabaseWithoutInternals\[Extract<\s*keyof Database,\s*"support"\s*>\]/);
    expect(source).toBe(await cliTypes(db.url, ["jobs", "support"], "support"));
    await expect(typesCommand().parseAsync(["--database-url", db.url, "--schemas", "jobs", "--default-schema", "support"], { from: "user" })).rejects.toThrow(
      "--default-schema: support is not one of the schemas generated (jobs)",
    );
  });

  it("refuses schemas that are not there or not names", async () => {
    await expect(generateTypes(db.url, { schemas: ["nope"] })).rejects.toThrow(/schemas: nope not found/);
    await expect(generateTypes(db.url, { schemas: [] })).rejects.toThrow(/schemas: name at least one schema/);
    await expect(typesCommand().parseAsync(["--database-url", db.url, "--schemas", "a;b"], { from: "user" })).rejects.toThrow(/--schemas: a;b is not a schema name/);
  });
});
