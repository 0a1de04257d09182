import { describe, expect, it } from "vitest";
import { expandHelpers } from "./helpers";

describe("SQL helpers", () => {
  it("write the helper's SQL after its line, the line kept", () => {
    const sql = expandHelpers("-- head\n-- @helper set_updated_at(users, agents)\nSELECT 1;\n", "m/002.sql");
    expect(sql.split("\n").slice(0, 2)).toEqual(["-- head", "-- @helper set_updated_at(users, agents)"]);
    expect(sql).toContain("CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger\nLANGUAGE plpgsql SET search_path = '' AS $$");
    expect(sql).toContain("CREATE OR REPLACE TRIGGER users_set_updated_at BEFORE UPDATE ON users\n  FOR EACH ROW EXECUTE FUNCTION set_updated_at();");
    expect(sql).toContain("CREATE OR REPLACE TRIGGER agents_set_updated_at BEFORE UPDATE ON agents");
    expect(sql).toContain("REVOKE EXECUTE ON FUNCTION set_updated_at() FROM PUBLIC;\nSELECT 1;\n");
    // The same text for every module: two modules in one schema converge on one definition.
    const one = expandHelpers("-- @helper set_updated_at(a)", "x");
    const two = expandHelpers("-- @helper set_updated_at(b)", "y");
    expect(one.slice(0, one.indexOf("CREATE OR REPLACE TRIGGER"))).toEqual(two.slice(0, two.indexOf("CREATE OR REPLACE TRIGGER")).replace("(b)", "(a)"));
  });
  it("leave a file without helpers as it is, and name the file and line of a bad one", () => {
    expect(expandHelpers("SELECT 1; -- no helper here\n", "m/001.sql")).toBe("SELECT 1; -- no helper here\n");
    expect(() => expandHelpers("\n-- @helper nope(a)", "m/002.sql")).toThrow("m/002.sql (line 2): no SQL helper nope; there are set_updated_at");
    expect(() => expandHelpers("-- @helper set_updated_at()", "m/002.sql")).toThrow(/m\/002\.sql \(line 1\): set_updated_at takes the tables/);
    expect(() => expandHelpers("-- @helper set_updated_at(Users)", "m/002.sql")).toThrow(/not Users/);
    expect(() => expandHelpers("-- @helper set_updated_at", "m/002.sql")).toThrow(/a helper line is -- @helper name\(arg, \.\.\.\)/);
  });
});
