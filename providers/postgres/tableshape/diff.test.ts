import { describe, expect, it } from "vitest";
import { canonicalDefinition, diffShape, typeSchema } from "./diff";
import { dedupeSearchPath, mapSchemaText, mapShape } from "./declared";
import type { Shape, TableShape } from "./types";
import { jobsTable as fixtureTable } from "./fixtures";

const jobsTable = (): TableShape =>
  fixtureTable({
    columns: [{ name: "note", type: "text", default: null, notNull: false, generated: null, identity: null }],
    constraints: [{ name: "jobs_note_not_blank", kind: "check", definition: "CHECK ((length(btrim(note)) > 0))", validated: true }],
    indexes: [{ name: "idx_jobs_status", definition: "CREATE INDEX idx_jobs_status ON jobs.jobs USING btree (status)" }],
    triggers: [{ name: "jobs_follow_status", definition: "CREATE TRIGGER jobs_follow_status BEFORE UPDATE ON jobs.jobs FOR EACH ROW EXECUTE FUNCTION jobs.follow_status()", enabled: "O" }],
  });

const declared = (): Shape => ({
  schema: "jobs",
  tables: [jobsTable()],
  enums: [{ schema: "jobs", name: "job_status", labels: ["pending", "running", "completed"] }],
  functions: [
    { schema: "jobs", name: "follow_status", args: "", definitionHash: "aaa", securityDefiner: false, searchPath: '""', owner: "postgres", definition: "CREATE OR REPLACE FUNCTION jobs.follow_status() ..." },
  ],
});

describe("diffShape", () => {
  it("finds nothing when the live shape is the declared one", () => {
    expect(diffShape(declared(), declared())).toEqual([]);
  });

  it("names a dropped CHECK with the SQL that restores it NOT VALID, then validates it", () => {
    const live = declared();
    live.tables[0]!.constraints = live.tables[0]!.constraints.filter((k) => k.name !== "jobs_note_not_blank");
    const [f, ...rest] = diffShape(declared(), live);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ object: "jobs.jobs.jobs_note_not_blank", kind: "constraint", state: "missing", rewritesRows: false, severity: "high" });
    expect(f!.fix).toBe(
      'ALTER TABLE "jobs"."jobs" ADD CONSTRAINT "jobs_note_not_blank" CHECK ((length(btrim(note)) > 0)) NOT VALID; ALTER TABLE "jobs"."jobs" VALIDATE CONSTRAINT "jobs_note_not_blank"',
    );
  });

  it("reports a NOT VALID constraint in words that say NOT VALID", () => {
    const live = declared();
    live.tables[0]!.constraints[1]!.validated = false;
    const [f] = diffShape(declared(), live);
    expect(f).toMatchObject({ kind: "validation", live: "NOT VALID", severity: "medium" });
    expect(f!.fix).toContain("NOT VALID");
  });

  it("names a changed default with SET DEFAULT of the declared expression", () => {
    const live = declared();
    live.tables[0]!.columns[1]!.default = "'running'::jobs.job_status";
    expect(diffShape(declared(), live)).toMatchObject([
      { object: "jobs.jobs.status", kind: "default", state: "different", declared: "'pending'::jobs.job_status", live: "'running'::jobs.job_status", fix: `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET DEFAULT 'pending'::jobs.job_status` },
    ]);
  });

  it("reports a type moved to another schema once, on the type, as rewriting rows", () => {
    const live = declared();
    live.enums = [];
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, type: "elsewhere.job_status", default: "'pending'::elsewhere.job_status" };
    const found = diffShape(declared(), live);
    expect(found.map((f) => [f.object, f.kind])).toEqual([
      ["jobs.job_status", "type schema"],
      ["jobs.jobs.status", "default"],
    ]);
    expect(found[0]).toMatchObject({ rewritesRows: false, live: "elsewhere.job_status", declared: "jobs.job_status" });
    expect(found[0]!.fix).toMatch(/^ALTER TYPE "elsewhere"."job_status" SET SCHEMA "jobs"/);
  });

  it("names a dropped trigger and index with their declared definitions", () => {
    const live = declared();
    live.tables[0]!.triggers = [];
    live.tables[0]!.indexes = [];
    expect(diffShape(declared(), live).map((f) => [f.object, f.kind, f.state, f.fix])).toEqual([
      ["jobs.jobs.idx_jobs_status", "index", "missing", "CREATE INDEX idx_jobs_status ON jobs.jobs USING btree (status)"],
      ["jobs.jobs.jobs_follow_status", "trigger", "missing", jobsTable().triggers[0]!.definition],
    ]);
  });

  it("reports what was made by hand as extra, never with a fix that drops it automatically", () => {
    const live = declared();
    live.tables[0]!.indexes.push({ name: "my_index", definition: "CREATE INDEX my_index ON jobs.jobs USING btree (note)" });
    live.tables[0]!.columns.push({ name: "mine", type: "text", default: null, notNull: false, generated: null, identity: null });
    const found = diffShape(declared(), live);
    expect(found.map((f) => [f.object, f.state, f.severity])).toEqual([
      ["jobs.jobs.mine", "extra", "low"],
      ["jobs.jobs.my_index", "extra", "low"],
    ]);
    expect(found.every((f) => f.fix.includes("supastack never drops it"))).toBe(true);
  });

  it("reports a column type change and a dropped column as rewriting rows", () => {
    const live = declared();
    live.tables[0]!.columns = [live.tables[0]!.columns[0]!, { ...live.tables[0]!.columns[1]!, type: "text", default: "'pending'::text" }];
    const found = diffShape(declared(), live);
    expect(found.filter((f) => f.rewritesRows).map((f) => [f.object, f.kind])).toEqual([
      ["jobs.jobs.status", "column type"],
      ["jobs.jobs.note", "column"],
    ]);
  });

  it("plans missing enum labels in declared order", () => {
    const live = declared();
    live.enums[0]!.labels = ["running"];
    expect(diffShape(declared(), live).map((f) => f.fix)).toEqual([
      `ALTER TYPE "jobs"."job_status" ADD VALUE IF NOT EXISTS 'pending' BEFORE 'running'`,
      `ALTER TYPE "jobs"."job_status" ADD VALUE IF NOT EXISTS 'completed' AFTER 'running'`,
    ]);
  });

  it("sees a function replaced by hand and restores the declared definition", () => {
    const live = declared();
    live.functions[0] = { ...live.functions[0]!, definitionHash: "bbb", securityDefiner: true };
    expect(diffShape(declared(), live)).toMatchObject([
      { object: "jobs.follow_status()", kind: "function", state: "different", declared: "its body or result, SECURITY INVOKER (live: DEFINER)", fix: "CREATE OR REPLACE FUNCTION jobs.follow_status() ..." },
    ]);
  });

  it("reports a missing table without planning its re-creation itself (the migration file runs again)", () => {
    const live = { ...declared(), tables: [] };
    expect(diffShape(declared(), live)).toMatchObject([{ object: "jobs.jobs", kind: "table", state: "missing" }]);
  });
});

describe("scratch names", () => {
  it("maps a scratch schema to the real one, bare or quoted", () => {
    expect(mapSchemaText("'pending'::supastack_shape_ab.job_status", "supastack_shape_ab", "jobs")).toBe("'pending'::jobs.job_status");
    expect(mapSchemaText('"supastack_shape_ab", "public"', "supastack_shape_ab", "public")).toBe('"public", "public"');
    expect(mapSchemaText("supastack_shape_ab.t", "supastack_shape_ab", "My Schema")).toBe('"My Schema".t');
    expect(dedupeSearchPath('"public", "public", "extensions", pg_temp')).toBe('"public", "extensions", pg_temp');
  });

  it("maps a whole shape, with a search_path FROM CURRENT that named the scratch schema", () => {
    const scratch: Shape = {
      schema: "supastack_shape_ab",
      tables: [],
      enums: [],
      functions: [
        {
          schema: "supastack_shape_ab",
          name: "f",
          args: "",
          definitionHash: "x",
          securityDefiner: false,
          searchPath: '"supastack_shape_ab", "public", "extensions", pg_temp',
          owner: "postgres",
          definition: "CREATE OR REPLACE FUNCTION supastack_shape_ab.f()\n RETURNS int\n SET search_path TO 'supastack_shape_ab', 'public', 'extensions', 'pg_temp'\nAS $function$select 1$function$\n",
        },
      ],
    };
    const mapped = mapShape(scratch, "supastack_shape_ab", "public");
    expect(mapped.functions[0]!.searchPath).toBe('"public", "extensions", pg_temp');
    expect(mapped.functions[0]!.definition).toBe('CREATE OR REPLACE FUNCTION public.f()\n RETURNS int\n SET search_path TO "public", "extensions", pg_temp\nAS $function$select 1$function$\n');
  });

  it("splits a printed type into schema and name", () => {
    expect(typeSchema("jobs.job_status[]")).toEqual({ schema: "jobs", name: "job_status" });
    expect(typeSchema('"My".t')).toEqual({ schema: "My", name: "t" });
    expect(typeSchema("timestamp with time zone")).toBeUndefined();
    expect(typeSchema("numeric(10,2)")).toBeUndefined();
  });
});

describe("canonicalDefinition", () => {
  it("folds the two spellings of an IN list on a varchar column into one", () => {
    const asWritten = "CHECK (((role)::text = ANY ((ARRAY['user'::character varying, 'assistant'::character varying])::text[])))";
    const readBack = "CHECK (((role)::text = ANY (ARRAY[('user'::character varying)::text, ('assistant'::character varying)::text])))";
    expect(canonicalDefinition(asWritten)).toBe(canonicalDefinition(readBack));
    expect(canonicalDefinition(asWritten)).not.toBe(canonicalDefinition(asWritten.replace("'assistant'", "'system'")));
    expect(canonicalDefinition("CHECK ((length(btrim(note)) > 0))")).toBe("CHECK ((length(btrim(note)) > 0))");
  });
});
