import { describe, expect, it } from "vitest";
import { diffShape, type Shape } from "../../providers/postgres/tableshape";
import { jobsTable } from "../../providers/postgres/tableshape/fixtures";
import { rowsSource, violationQuery } from "./inspect";
import { type AdoptInput, addsWithoutRewrite, adoptionFindings, formatAdoptPlan, planAdoption } from "./plan";

const declared = (schema = "public"): Shape => ({
  schema,
  tables: [
    jobsTable({
      schema,
      columns: [{ name: "note", type: "text", default: "'none'::text", notNull: false, generated: null, identity: null }],
      constraints: [{ name: "jobs_note_not_blank", kind: "check", definition: "CHECK ((length(note) > 0))", validated: true }],
    }),
  ],
  enums: [{ schema, name: "job_status", labels: ["pending", "done"] }],
  functions: [],
});

const input = (live: Shape, more: Partial<AdoptInput> = {}): AdoptInput => ({
  module: "jobs",
  source: "public",
  target: "jobs",
  declared: declared(),
  live,
  rows: { jobs: 200 },
  violations: [{ object: "public.jobs.jobs_note_not_blank", kind: "check", count: 2, keys: ["a", "b"] }],
  policies: ['public.jobs: "Users can view own jobs"'],
  grants: ["public.jobs: anon SELECT, INSERT"],
  leftovers: [{ kind: "view", name: "public.job_stats" }],
  occupied: [],
  ...more,
});

describe("planAdoption", () => {
  it("names the differences, the rows in the way, the steps in order and what it leaves", () => {
    const live = declared();
    live.tables[0]!.columns = live.tables[0]!.columns.filter((c) => c.name !== "note");
    live.tables[0]!.constraints = live.tables[0]!.constraints.filter((k) => k.kind === "primary key");
    const plan = planAdoption(input(live), diffShape(declared(), live));
    expect(plan.blockers).toEqual([]);
    expect(plan.tables).toEqual([{ table: "jobs", state: "different", rows: 200, differences: [expect.stringContaining("column public.jobs.note missing"), expect.stringContaining("jobs_note_not_blank missing")] }]);
    expect(plan.steps[1]).toMatch(/^move public\.job_status, public\.jobs to schema jobs \(ALTER \.\.\. SET SCHEMA/);
    expect(plan.steps.join("\n")).toMatch(/leave NOT VALID, because rows break them: public\.jobs\.jobs_note_not_blank/);
    expect(plan.leaves[0]).toMatch(/^view public\.job_stats .*without API access/);
    const text = formatAdoptPlan([plan], false);
    expect(text).toMatch(/public\.jobs\.jobs_note_not_blank \(check\): 2 rows, e\.g\. a, b/);
    expect(text).toMatch(/jobs can be adopted; nothing was changed \(run again with --yes\)$/);
  });

  it("refuses a column of another type, a missing table and a table already in the target schema, with the choices", () => {
    const live = declared();
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, type: "text" };
    const plan = planAdoption(input(live, { occupied: ["jobs"] }), diffShape(declared(), live));
    expect(plan.blockers).toEqual([expect.stringMatching(/^jobs\.jobs already exists .*choices/), expect.stringMatching(/^public\.jobs\.status is text, the module declares jobs\.job_status: .*choices/)]);
    expect(plan.steps).toEqual([]);
    const missing = planAdoption(input({ ...declared(), tables: [] }), diffShape(declared(), { ...declared(), tables: [] }));
    expect(missing.blockers).toEqual([expect.stringMatching(/^public\.jobs is missing, and the module's data needs it: choices/)]);
    expect(formatAdoptPlan([missing], true)).toMatch(/cannot adopt jobs: nothing was changed$/);
  });

  it("adds a nullable or constant-default column without a rewrite; a per-row default is a blocker", () => {
    const live = declared();
    live.tables[0]!.columns = live.tables[0]!.columns.filter((c) => c.name !== "note");
    const [f] = diffShape(declared(), live).filter((x) => x.kind === "column");
    expect(f!.rewritesRows).toBe(true);
    expect(addsWithoutRewrite(f!)).toBe(true);
    expect(adoptionFindings([f!])[0]!.rewritesRows).toBe(false);
    const volatile = { ...f!, column: { ...f!.column!, default: "gen_random_uuid()" } };
    expect(addsWithoutRewrite(volatile)).toBe(false);
    expect(planAdoption(input(live), [volatile]).blockers).toEqual([expect.stringMatching(/computed per row.*choices/)]);
  });
});

describe("counting the rows in the way", () => {
  it("reads a column the table lacks as ADD COLUMN gives it to existing rows", () => {
    const live = declared();
    live.tables[0]!.columns = live.tables[0]!.columns.filter((c) => c.name !== "note");
    expect(rowsSource(live.tables[0]!, declared().tables[0])).toBe(`(SELECT x0.*, ('none'::text)::text AS "note" FROM "public"."jobs" x0) x`);
    expect(rowsSource(declared().tables[0]!, declared().tables[0])).toBe(`"public"."jobs" x`);
  });

  it("breaks a CHECK where it is false (not NULL), a foreign key where a set key has no parent, a NOT NULL where NULL", () => {
    const live = declared();
    live.tables[0]!.constraints = [];
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, notNull: false };
    const found = diffShape(declared(), live);
    expect(violationQuery(found.find((f) => f.name === "jobs_note_not_blank")!, live)).toEqual({ kind: "check", where: "((length(note) > 0)) IS FALSE" });
    expect(violationQuery(found.find((f) => f.kind === "not null")!, live)).toEqual({ kind: "not null", where: `"status" IS NULL` });
    const fk = { ...found.find((f) => f.name === "jobs_note_not_blank")!, detail: "foreign key", declared: "FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE" };
    expect(violationQuery(fk, live)).toEqual({ kind: "foreign key", where: "user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM auth.users r WHERE r.id = x.user_id)" });
  });
});
