import { describe, expect, it } from "vitest";
import { cleanDump, configToml, dataApiSchemas, exportDirProblems, planMigrations } from "./supabaseProject";

describe("a stack as a Supabase CLI project", () => {
  it("makes one migration per schema in the stack's order, a second apart, named for its modules", () => {
    const at = new Date("2026-12-07T10:50:00.400Z");
    expect(planMigrations([{ name: "voice", schema: "voice" }, { name: "jobs", schema: "public" }, { name: "support", schema: "public" }], at)).toEqual([
      { file: "20261207105000_voice.sql", schema: "voice", modules: ["voice"] },
      { file: "20261207105001_jobs_support.sql", schema: "public", modules: ["jobs", "support"] },
    ]);
  });

  it("exposes Supabase's schemas and the modules' in config.toml", () => {
    const modules = [{ name: "jobs", schema: "jobs" }, { name: "support", schema: "public" }];
    expect(dataApiSchemas(modules)).toEqual(["public", "graphql_public", "jobs"]);
    const toml = configToml("staging", modules, 17);
    expect(toml).toContain('project_id = "staging"');
    expect(toml).toContain('schemas = ["public", "graphql_public", "jobs"]');
    expect(toml).toContain("major_version = 17");
    expect(toml).toContain('sql_paths = ["./seed.sql"]');
  });

  it("drops psql's meta-commands and PostgreSQL 17's transaction_timeout from pg_dump's text", () => {
    const dump = "--\n\\restrict abc123\nSET statement_timeout = 0;\nSET transaction_timeout = 0;\n\n\n\nCREATE SCHEMA jobs;\n\\unrestrict abc123\n";
    expect(cleanDump(dump)).toBe("--\nSET statement_timeout = 0;\n\nCREATE SCHEMA jobs;\n");
  });

  it("refuses a folder that holds a Supabase project already", () => {
    expect(exportDirProblems(["README.md"], "/x")).toEqual([]);
    expect(exportDirProblems(["supabase"], "/x")).toEqual(["/x/supabase already exists: export into an empty folder (nothing was written)"]);
  });
});
