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

describe("TableSpec.anonymous", () => {
  it("refuses a command that no policy lets authenticated make, and an unknown command, naming the field", async () => {
    const { moduleSpecProblems } = await import("./spec");
    const base = { name: "chat", schema: "chat", tables: [{ name: "notes", anonymous: ["INSERT", "DELETE"] }], policies: [{ table: "notes", name: "own", command: "INSERT", roles: ["authenticated"], withCheck: "true" }] };
    expect(moduleSpecProblems(base).problems).toEqual(["module chat: tables[0].anonymous: DELETE on notes, but no policy lets authenticated delete there"]);
    expect(moduleSpecProblems({ ...base, tables: [{ name: "notes", anonymous: ["SELECT"] }] }).problems).toEqual([
      "module chat: tables.0.anonymous.0: anonymous lists write commands: INSERT, UPDATE, DELETE",
    ]);
  });
  it("adds the restrictive guards to a defined module, after its own policies", async () => {
    const { builtinModule } = await import("./catalog");
    const jobs = builtinModule("jobs");
    expect(jobs.policies.filter((p) => p.permissive === false).map((p) => `${p.command} ${p.name}`)).toEqual([
      "INSERT anonymous sign-ins may not insert",
      "UPDATE anonymous sign-ins may not update",
      "DELETE anonymous sign-ins may not delete",
    ]);
    // support's chat is meant for anonymous members: no guard at all.
    expect(builtinModule("support").policies.filter((p) => p.permissive === false)).toEqual([]);
  });
});
