import { describe, expect, it } from "vitest";
import { compactShape, driftRefusals, shapeDrift } from "./migrationShape";
import { jobsTable } from "./tableshape/fixtures";
import type { Shape } from "./tableshape";

const declared = (): Shape => ({
  schema: "jobs",
  tables: [jobsTable({ constraints: [{ name: "jobs_id_check", kind: "check", definition: "CHECK ((id IS NOT NULL))", validated: true }] })],
  enums: [{ schema: "jobs", name: "job_status", labels: ["pending", "done"] }],
  functions: [
    { schema: "jobs", name: "f", args: "", definitionHash: "abc", securityDefiner: false, searchPath: null, owner: "postgres", definition: "CREATE OR REPLACE FUNCTION jobs.f() ..." },
  ],
});

describe("the shape a Migration keeps", () => {
  it("keeps functions by their hash, not their text", () => {
    const kept = compactShape(declared());
    expect(kept.functions[0]).toMatchObject({ definitionHash: "abc", definition: "" });
    expect(kept.tables).toEqual(declared().tables);
  });

  it("records as drift what up acts on, not extra objects nor a constraint left NOT VALID for its rows", () => {
    const live = declared();
    const t = live.tables[0]!;
    t.constraints[1] = { ...t.constraints[1]!, validated: false };
    t.indexes.push({ name: "by_hand", definition: "CREATE INDEX by_hand ON jobs.jobs USING btree (id)" });
    expect(shapeDrift(declared(), live)).toEqual([]);
    t.columns[1] = { ...t.columns[1]!, default: null };
    expect(shapeDrift(declared(), live)).toEqual([
      { object: "jobs.jobs.status", problem: expect.stringContaining("default"), fix: expect.stringContaining("SET DEFAULT"), rewritesRows: false },
    ]);
  });

  it("refuses at preview the drift whose restoring rewrites rows, unless the run allows it", () => {
    const live = declared();
    live.tables[0]!.columns[1] = { ...live.tables[0]!.columns[1]!, type: "text", default: "'pending'::text" };
    const drift = shapeDrift(declared(), live);
    const refusals = driftRefusals("modules/jobs/sql", drift, false);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.reason).toMatch(/jobs\.jobs\.status.*rewrites its rows.*--allow-data-loss/s);
    expect(driftRefusals("modules/jobs/sql", drift, true)).toEqual([]);
  });
});
