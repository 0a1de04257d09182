import { describe, expect, it } from "vitest";
import { diffShape } from "./diff";
import { planRepairs } from "./repair";
import type { Shape } from "./types";
import { jobsTable } from "./fixtures";

const declared = (): Shape => ({
  schema: "jobs",
  tables: [
    jobsTable({
      constraints: [
        { name: "jobs_id_check", kind: "check", definition: "CHECK ((id IS NOT NULL))", validated: true },
        { name: "jobs_status_key", kind: "unique", definition: "UNIQUE (status)", validated: true },
      ],
      indexes: [{ name: "idx", definition: "CREATE INDEX idx ON jobs.jobs USING btree (status)" }],
      triggers: [{ name: "trg", definition: "CREATE TRIGGER trg BEFORE UPDATE ON jobs.jobs FOR EACH ROW EXECUTE FUNCTION jobs.f()", enabled: "O" }],
    }),
  ],
  enums: [{ schema: "jobs", name: "job_status", labels: ["pending", "done"] }],
  functions: [],
});

describe("planRepairs", () => {
  it("restores constraints, defaults, NOT NULL, index and trigger without touching rows, validating last", () => {
    const live = declared();
    const t = live.tables[0]!;
    t.constraints = [t.constraints[0]!];
    t.columns[1] = { ...t.columns[1]!, default: null, notNull: false };
    t.indexes = [];
    t.triggers = [];
    const plan = planRepairs(diffShape(declared(), live));
    expect(plan.refused).toEqual([]);
    expect(plan.manual).toEqual([]);
    expect(plan.steps.map((s) => [s.mode, ...s.statements])).toEqual([
      ["apply", `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET DEFAULT 'pending'::jobs.job_status`],
      ["try", `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET NOT NULL`],
      ["apply", `ALTER TABLE "jobs"."jobs" ADD CONSTRAINT "jobs_id_check" CHECK ((id IS NOT NULL)) NOT VALID`],
      ["try", `ALTER TABLE "jobs"."jobs" ADD CONSTRAINT "jobs_status_key" UNIQUE (status)`],
      ["try", "CREATE INDEX idx ON jobs.jobs USING btree (status)"],
      ["apply", "CREATE TRIGGER trg BEFORE UPDATE ON jobs.jobs FOR EACH ROW EXECUTE FUNCTION jobs.f()"],
      ["try", `ALTER TABLE "jobs"."jobs" VALIDATE CONSTRAINT "jobs_id_check"`],
    ]);
    expect(plan.steps.at(-1)!.onRefusal).toContain("NOT VALID");
  });

  it("moves an enum type back from another schema without the flag: no row is rewritten", () => {
    const live = declared();
    live.enums = [];
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, type: "other.job_status", default: "'pending'::other.job_status" };
    const plan = planRepairs(diffShape(declared(), live));
    expect(plan.refused).toEqual([]);
    expect(plan.steps.map((s) => s.statements[0])).toEqual([
      `ALTER TYPE "other"."job_status" SET SCHEMA "jobs"`,
      `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET DEFAULT 'pending'::jobs.job_status`,
    ]);
  });

  it("refuses what rewrites rows (a column's type changed by hand) unless data loss is allowed, then plans it", () => {
    const live = declared();
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, type: "text", default: "'pending'::text" };
    const findings = diffShape(declared(), live);
    const refused = planRepairs(findings);
    expect(refused.refused.map((f) => [f.object, f.kind])).toEqual([["jobs.jobs.status", "column type"]]);
    expect(refused.steps.map((s) => s.statements[0])).toEqual([`ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET DEFAULT 'pending'::jobs.job_status`]);
    const allowed = planRepairs(findings, { allowDataLoss: true });
    expect(allowed.refused).toEqual([]);
    expect(allowed.steps.map((s) => s.statements[0])).toEqual([
      `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" TYPE jobs.job_status USING "status"::jobs.job_status`,
      `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET DEFAULT 'pending'::jobs.job_status`,
    ]);
  });

  it("never acts on extra objects", () => {
    const live = declared();
    live.tables[0]!.indexes.push({ name: "mine", definition: "CREATE INDEX mine ON jobs.jobs USING btree (id)" });
    const plan = planRepairs(diffShape(declared(), live), { allowDataLoss: true });
    expect(plan.steps).toEqual([]);
    expect(plan.manual.map((f) => f.object)).toEqual(["jobs.jobs.mine"]);
  });

  it("drops and re-creates a constraint whose definition was changed by hand", () => {
    const live = declared();
    live.tables[0]!.constraints[1] = { ...live.tables[0]!.constraints[1]!, definition: "CHECK (true)" };
    expect(planRepairs(diffShape(declared(), live)).steps.map((s) => s.statements)).toEqual([
      [`ALTER TABLE "jobs"."jobs" DROP CONSTRAINT "jobs_id_check"`, `ALTER TABLE "jobs"."jobs" ADD CONSTRAINT "jobs_id_check" CHECK ((id IS NOT NULL)) NOT VALID`],
      [`ALTER TABLE "jobs"."jobs" VALIDATE CONSTRAINT "jobs_id_check"`],
    ]);
  });

  it("lets a NOT NULL rows break wait as a NOT VALID CHECK, reported as NOT VALID, and finishes it once valid", () => {
    const live = declared();
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, notNull: false };
    const step = planRepairs(diffShape(declared(), live)).steps.find((x) => x.object === "jobs.jobs.status")!;
    expect(step).toMatchObject({ mode: "try", fallback: [`ALTER TABLE "jobs"."jobs" ADD CONSTRAINT "jobs_status_not_null_check" CHECK ("status" IS NOT NULL) NOT VALID`] });
    live.tables[0]!.constraints.push({ name: "jobs_status_not_null_check", kind: "check", definition: "CHECK ((status IS NOT NULL))", validated: false });
    const found = diffShape(declared(), live);
    expect(found.map((f) => [f.object, f.kind])).toEqual([["jobs.jobs.status", "validation"]]);
    expect(found[0]!.live).toContain("NOT VALID");
    expect(planRepairs(found).steps.map((x) => x.statements)).toEqual([
      [
        `ALTER TABLE "jobs"."jobs" VALIDATE CONSTRAINT "jobs_status_not_null_check"`,
        `ALTER TABLE "jobs"."jobs" ALTER COLUMN "status" SET NOT NULL`,
        `ALTER TABLE "jobs"."jobs" DROP CONSTRAINT "jobs_status_not_null_check"`,
      ],
    ]);
  });
});
