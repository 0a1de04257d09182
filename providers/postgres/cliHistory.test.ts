import { describe, expect, it } from "vitest";
import { cliName, cliVersion, freeCliVersion, planCliRows } from "./cliHistory";

describe("the Supabase CLI's history of a module's files", () => {
  it("versions an instant as the CLI does: 14 digits, UTC, to the second", () => {
    expect(cliVersion(new Date("2026-12-07T10:45:09.987Z"))).toBe("20261207104509");
    expect(cliName("jobs", "001_tables.sql")).toBe("supastack_jobs_001_tables");
  });

  it("takes the next free second when a version is taken (a team's own migration keeps its row)", () => {
    const at = new Date("2026-12-07T10:45:09.500Z");
    expect(freeCliVersion(at, new Set())).toBe("20261207104509");
    expect(freeCliVersion(at, new Set(["20261207104509", "20261207104510"]))).toBe("20261207104511");
    expect(freeCliVersion(new Date("2026-12-31T23:59:59Z"), new Set(["20261231235959"]))).toBe("20270101000000");
  });

  it("plans a row for each recorded file without one, in the order they were applied, one second apart when applied in the same second", () => {
    const t = new Date("2026-12-07T10:00:00.100Z");
    const recorded = [
      { name: "002_functions.sql", appliedAt: new Date("2026-12-07T10:00:00.300Z"), cliVersion: null },
      { name: "001_tables.sql", appliedAt: t, cliVersion: null },
      { name: "003_rules.sql", appliedAt: new Date("2026-12-07T10:00:05Z"), cliVersion: "20261207100005" },
    ];
    expect(planCliRows("jobs", recorded, new Set(["20261207100005"]))).toEqual([
      { file: "001_tables.sql", version: "20261207100000", name: "supastack_jobs_001_tables" },
      { file: "002_functions.sql", version: "20261207100001", name: "supastack_jobs_002_functions" },
    ]);
  });

  it("writes a removed row again under its own version when that is free, else the next free one", () => {
    const recorded = [{ name: "001_tables.sql", appliedAt: new Date("2026-12-07T10:00:00Z"), cliVersion: "20261207100000" }];
    expect(planCliRows("jobs", recorded, new Set())).toEqual([{ file: "001_tables.sql", version: "20261207100000", name: "supastack_jobs_001_tables" }]);
    expect(planCliRows("jobs", [{ ...recorded[0]!, cliVersion: "20261207090000" }], new Set(["20261207100000"]))).toEqual([
      { file: "001_tables.sql", version: "20261207090000", name: "supastack_jobs_001_tables" },
    ]);
  });
});
