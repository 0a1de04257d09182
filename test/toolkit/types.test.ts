// `supastack types` (Supabase's own generator) on a stack applied and seeded through the public
// API (declareModules and seed from index.ts): the generated Database types type-check a small
// supabase-js program with tsc, and a query that names a column jobs.jobs does not have is a type
// error (its @ts-expect-error would otherwise be unused, which tsc reports).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareModules, modules, seed } from "../../index";
import { typesCommand } from "../../cli/commands/types";
import { projectRoot, stateDir } from "../../local/paths";
import { generateTypes } from "../../verify/types";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

const root = projectRoot();

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

  it("refuses schemas that are not there or not names", async () => {
    await expect(generateTypes(db.url, { schemas: ["nope"] })).rejects.toThrow(/schemas: nope not found/);
    await expect(generateTypes(db.url, { schemas: [] })).rejects.toThrow(/schemas: name at least one schema/);
    await expect(typesCommand().parseAsync(["--database-url", db.url, "--schemas", "a;b"], { from: "user" })).rejects.toThrow(/--schemas: a;b is not a schema name/);
  });
});
