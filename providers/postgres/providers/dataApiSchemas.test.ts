// DataApiSchemas' SQL and its reading of pg_db_role_setting (pure).
import { describe, expect, it } from "vitest";
import { checkInputs } from "../provider";
import { dataApiSchemasSpec, parseSetting, planResetSchemas, planSetSchemas, schemaList } from "./dataApiSchemas";

describe("DataApiSchemas", () => {
  it("sets the list on authenticator and on the database, per database, and tells PostgREST", () => {
    expect(planSetSchemas("my db", ["public", "graphql_public", "jobs"])).toEqual([
      `ALTER ROLE authenticator IN DATABASE "my db" SET pgrst.db_schemas = 'public, graphql_public, jobs'`,
      `ALTER DATABASE "my db" SET pgrst.db_schemas = 'public, graphql_public, jobs'`,
      `NOTIFY pgrst, 'reload config'`,
    ]);
    expect(planResetSchemas("d")).toEqual([
      `ALTER ROLE authenticator IN DATABASE "d" RESET pgrst.db_schemas`,
      `ALTER DATABASE "d" RESET pgrst.db_schemas`,
      `NOTIFY pgrst, 'reload config'`,
    ]);
    expect(schemaList(["a"])).toBe("a");
  });

  it("reads the list back from a role setting, in order", () => {
    expect(parseSetting(["statement_timeout=8s", "pgrst.db_schemas=public, graphql_public,jobs"])).toEqual(["public", "graphql_public", "jobs"]);
    expect(parseSetting(["statement_timeout=8s"])).toBeUndefined();
    expect(parseSetting(null)).toBeUndefined();
  });

  it("refuses a schema PostgREST could not tell apart, and repeats", () => {
    const connection = "postgresql://postgres@127.0.0.1/db";
    const bad = checkInputs(dataApiSchemasSpec.schema, { connection, schemas: ["public", "a,b"] });
    expect(bad.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")).toMatch(/schemas.*comma/);
    const repeated = checkInputs(dataApiSchemasSpec.schema, { connection, schemas: ["public", "public"] });
    expect(repeated.failures.map((f) => f.reason).join("; ")).toMatch(/repeat/);
  });
});
