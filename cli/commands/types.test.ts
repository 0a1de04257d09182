import { describe, expect, it } from "vitest";
import { typesOptionProblems } from "../../verify/types";
import { schemaList } from "./types";

describe("supastack types options", () => {
  it("parses --schemas and names the flag of a bad value", () => {
    expect(schemaList("jobs, support")).toEqual(["jobs", "support"]);
    expect(() => schemaList(" , ")).toThrow("--schemas: name at least one schema (a,b)");
    expect(() => schemaList("jobs,x-y")).toThrow("--schemas: x-y is not a schema name");
  });
  it("checks the library options", () => {
    expect(typesOptionProblems({ schemas: ["jobs"] })).toEqual([]);
    expect(typesOptionProblems({ schemas: ["a b"], defaultSchema: "" })).toEqual(['schemas: "a b" is not a schema name', 'defaultSchema: "" is not a schema name']);
    expect(typesOptionProblems({ schemas: ["jobs", "support"], defaultSchema: "support" })).toEqual([]);
    expect(typesOptionProblems({ schemas: ["jobs"], defaultSchema: "public" })).toEqual(["defaultSchema: public is not one of the schemas generated (jobs)"]);
  });
});
