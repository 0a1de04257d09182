import { describe, expect, it } from "vitest";
import { type ModuleSpec, tableSpecProblems } from "./spec";

const spec = (tables: ModuleSpec["tables"]) => ({ name: "support", tables });

describe("TableSpec.columns validation", () => {
  it("accepts column INSERT/UPDATE beside other table-level privileges", () => {
    expect(tableSpecProblems(spec([{ name: "messages", grants: { authenticated: ["SELECT", "DELETE"] }, columns: { authenticated: { INSERT: ["content"], UPDATE: ["content"] } } }]))).toEqual([]);
  });
  it("refuses table-level and column-level INSERT for one role, naming module, table and role", () => {
    expect(tableSpecProblems(spec([{ name: "messages", grants: { authenticated: ["SELECT", "INSERT"] }, columns: { authenticated: { INSERT: ["content"] } } }]))).toEqual([
      "module support: table messages: role authenticated has both table-level INSERT in grants and column INSERT in columns; keep one",
    ]);
    expect(tableSpecProblems(spec([{ name: "t", grants: { anon: ["ALL"] }, columns: { anon: { UPDATE: ["a"] } } }]))[0]).toMatch(/table t: role anon has both table-level UPDATE/);
  });
  it("refuses an empty column list and a repeated column", () => {
    expect(tableSpecProblems(spec([{ name: "t", grants: {}, columns: { authenticated: { INSERT: [] } } }]))[0]).toMatch(/role authenticated: column INSERT lists no columns/);
    expect(tableSpecProblems(spec([{ name: "t", grants: {}, columns: { authenticated: { UPDATE: ["a", "a"] } } }]))[0]).toMatch(/lists a twice/);
  });
});

describe("every module's declaration", () => {
  it("passes the table checks (no role with both table-level and column INSERT/UPDATE)", async () => {
    const { MODULE_NAMES, builtinModule } = await import("./catalog");
    expect(MODULE_NAMES.flatMap((m) => tableSpecProblems(builtinModule(m)))).toEqual([]);
  });
});
