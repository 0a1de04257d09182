import { describe, expect, it } from "vitest";
import { changedKeys, checkInputs } from "../provider";
import { exposedRights, planFunctionAccess } from "./functionAccess";
import { columnsHolding, grantSchema, planColumnRegrants, planGrant, planRevoke } from "./grant";
import { functionArgTypes } from "./privileges";

const base = { connection: "postgres://x", role: "authenticated", objectType: "column", schema: "app", objects: ["notes"] };
const parse = (extra: Record<string, unknown>) => checkInputs(grantSchema, { ...base, ...extra });

describe("Grant objectType column (pure)", () => {
  it("plans GRANT/REVOKE per privilege with quoted columns", () => {
    const { inputs, failures } = parse({ columns: ["body", "Owner"], privileges: ["insert", "update"] });
    expect(failures).toEqual([]);
    const g = grantSchema.parse(inputs);
    expect(planGrant(g)).toBe('GRANT INSERT ("Owner", "body"), UPDATE ("Owner", "body") ON TABLE "app"."notes" TO "authenticated"');
    expect(planRevoke(g, g.objects, ["body"])).toBe('REVOKE INSERT ("body"), UPDATE ("body") ON TABLE "app"."notes" FROM "authenticated"');
    expect(planGrant(grantSchema.parse({ ...inputs, privileges: ["ALL"] }))).toMatch(/^GRANT SELECT \(.*\), INSERT \(.*\), UPDATE \(.*\), REFERENCES \(.*\) ON/);
  });

  it("compares columns as a set: order and repeats cause no diff", () => {
    const a = parse({ columns: ["a", "b"], privileges: ["INSERT"] }).inputs;
    const b = parse({ columns: ["b", "a", "b"], privileges: ["INSERT"] }).inputs;
    expect(changedKeys(Object.keys(grantSchema.shape), a, b)).toEqual([]);
    const c = parse({ columns: ["a", "c"], privileges: ["INSERT"] }).inputs;
    expect(changedKeys(Object.keys(grantSchema.shape), a, c)).toEqual(["columns"]);
  });

  it("check names the property: objects, columns, privileges", () => {
    expect(parse({ objects: ["a", "b"], columns: ["x"], privileges: ["INSERT"] }).failures).toEqual([
      { property: "objects", reason: "objectType column takes exactly one table in objects" },
    ]);
    expect(parse({ privileges: ["INSERT"] }).failures[0]?.property).toBe("columns");
    expect(parse({ columns: ["x"], privileges: ["DELETE"] }).failures[0]?.property).toBe("privileges.0");
    expect(checkInputs(grantSchema, { ...base, objectType: "table", columns: ["x"], privileges: ["SELECT"] }).failures[0]?.property).toBe("columns");
  });

  it("plans putting column grants back after a table-level REVOKE", () => {
    expect(planColumnRegrants({ schema: "app", role: "authenticated" }, [{ table: "cards", privilege: "INSERT", columns: ["title", "Body"] }])).toEqual([
      'GRANT INSERT ("title", "Body") ON TABLE "app"."cards" TO "authenticated"',
    ]);
  });

  it("reads drift as the columns that still hold every privilege", () => {
    const held = new Map([
      ["a", ["INSERT", "UPDATE"]],
      ["b", ["INSERT"]],
    ]);
    expect(columnsHolding(["a", "b", "c"], ["INSERT"], held)).toEqual(["a", "b"]);
    expect(columnsHolding(["a", "b", "c"], ["INSERT", "UPDATE"], held)).toEqual(["a"]);
  });
});

describe("function signatures and FunctionAccess (pure)", () => {
  it("splits a signature into argument types", () => {
    expect(functionArgTypes("f()")).toEqual([]);
    expect(functionArgTypes("get_job_stats(uuid)")).toEqual(["uuid"]);
    expect(functionArgTypes("f(integer, timestamp with time zone, text[])")).toEqual(["integer", "timestamp with time zone", "text[]"]);
  });

  it("revokes PUBLIC everywhere and API roles from undeclared functions only", () => {
    const functions = [
      { target: '"s"."stamp"()', holders: ["PUBLIC", "postgres"] },
      { target: '"s"."stats"(uuid)', declared: "stats(uuid)", holders: ["PUBLIC", "authenticated", "postgres"] },
      { target: '"s"."leak"()', holders: ["anon", "authenticated", "service_role"] },
      { target: '"s"."closed"()', holders: ["postgres"] },
    ];
    const f = { declared: [{ signature: "stats(uuid)", roles: ["authenticated"] }], revokeFrom: ["anon", "authenticated"] };
    expect(planFunctionAccess(functions, f)).toEqual([
      'REVOKE EXECUTE ON ROUTINE "s"."stamp"() FROM PUBLIC',
      'REVOKE EXECUTE ON ROUTINE "s"."stats"(uuid) FROM PUBLIC',
      'REVOKE EXECUTE ON ROUTINE "s"."leak"() FROM "anon", "authenticated"',
    ]);
    expect(exposedRights(functions, f)[0]).toBe('"s"."stamp"() to PUBLIC');
  });
});
