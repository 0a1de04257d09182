import { describe, expect, it } from "vitest";
import type { Catalog } from "./catalog";
import { findings, perRowAuthCalls } from "./rules";

const empty: Catalog = { schemas: [], tables: [], policies: [], views: [], functions: [], foreignKeys: [], privileges: [], declared: {},
  functionAcls: [], defaultAcls: [], publicObjects: [], matviews: [], definerTriggers: [], columnPrivileges: [] };

describe("verify rules", () => {
  it("tells a per-row auth call from one evaluated once per statement", () => {
    expect(perRowAuthCalls("(user_id = auth.uid())")).toEqual(["auth.uid()"]);
    expect(perRowAuthCalls("(user_id = ( SELECT auth.uid() AS uid))")).toEqual([]);
    expect(perRowAuthCalls("((auth.jwt() ->> 'role'::text) = 'admin'::text)")).toEqual(["auth.jwt()"]);
    expect(perRowAuthCalls(null)).toEqual([]);
  });
  it("reports a schema the stack declares but the database lacks", () => {
    const spec = { name: "jobs", schema: "jobs", description: "", tables: [], policies: [], views: [], functions: [] };
    expect(findings(empty, [spec])).toEqual([
      { rule: "missing", object: "schema jobs", problem: "module jobs declares it but it does not exist", fix: "run `supastack up` for the stack" },
    ]);
  });
  it("accepts a definer function with a fixed search_path and flags one without", () => {
    const catalog: Catalog = {
      ...empty,
      functions: [
        { schema: "cc", name: "is_admin", signature: "is_admin()", securityDefiner: true, config: ["search_path="] },
        { schema: "cc", name: "leaky", signature: "leaky(uuid)", securityDefiner: true, config: [] },
        { schema: "cc", name: "plain", signature: "plain()", securityDefiner: false, config: [] },
      ],
    };
    expect(findings(catalog, []).map((f) => f.object)).toEqual(["function cc.leaky(uuid)"]);
  });
});

describe("verify rules: EXECUTE, default privileges, public, matviews, definer triggers, columns", () => {
  const spec = {
    name: "jobs",
    schema: "jobs",
    description: "",
    tables: [{ name: "jobs", grants: { authenticated: ["SELECT" as const] }, columns: { authenticated: { INSERT: ["name"], UPDATE: ["name"] } } }],
    policies: [],
    views: [],
    functions: [{ signature: "stats(uuid)", grants: ["authenticated" as const] }],
  };
  const base: Catalog = { ...empty, schemas: ["jobs"], tables: [{ schema: "jobs", name: "jobs", rls: true }] };
  // Table privileges and function existence are other rules' business here.
  const others = (f: { rule: string }) => f.rule !== "privileges" && f.rule !== "missing";
  const rules = (c: Partial<Catalog>) =>
    findings({ ...base, ...c }, [spec])
      .filter(others)
      .map((f) => `${f.rule} | ${f.object} | ${f.problem} | ${f.fix}`);

  it("flags PUBLIC and undeclared API roles on functions, and a declared grant that is missing", () => {
    expect(
      rules({
        functionAcls: [
          { schema: "jobs", target: '"jobs"."stats"(uuid)', declared: "stats(uuid)", holders: ["postgres", "PUBLIC", "anon"] },
          { schema: "jobs", target: '"jobs"."stamp"()', holders: ["postgres"] },
          { schema: "jobs", target: '"jobs"."helper"()', holders: ["authenticated"] },
        ],
        columnPrivileges: [{ schema: "jobs", table: "jobs", role: "authenticated", columns: { INSERT: ["name"], UPDATE: ["name"] } }],
      }),
    ).toEqual([
      'function-execute | function jobs.stats(uuid) | PUBLIC (every role, anon included) can EXECUTE it, the PostgreSQL default; PostgREST exposes it as /rpc; anon can EXECUTE it but module jobs does not grant it to them; lacks EXECUTE for authenticated, which module jobs grants | REVOKE EXECUTE ON ROUTINE "jobs"."stats"(uuid) FROM PUBLIC, "anon"; (supastack up does this for the modules\' schemas)',
      'function-execute | function jobs.helper() | authenticated can EXECUTE it but module jobs does not declare it | REVOKE EXECUTE ON ROUTINE "jobs"."helper"() FROM "authenticated"; (supastack up does this for the modules\' schemas)',
    ]);
  });

  it("flags column privileges beyond or short of TableSpec.columns", () => {
    const out = rules({
      functionAcls: [{ schema: "jobs", target: '"jobs"."stats"(uuid)', declared: "stats(uuid)", holders: ["authenticated"] }],
      columnPrivileges: [{ schema: "jobs", table: "jobs", role: "authenticated", columns: { INSERT: ["name", "status"], SELECT: ["id"] } }],
    });
    expect(out).toEqual([
      'column-privileges | columns of table jobs.jobs for authenticated | has INSERT on status the module does not grant; has SELECT on id the module does not grant; lacks UPDATE on name the module grants | REVOKE INSERT ("status"), SELECT ("id") ON "jobs"."jobs" FROM "authenticated"',
    ]);
  });

  it("flags exposing default privileges, but not Supabase's platform roles nor non-exposing privileges", () => {
    const quiet = { functionAcls: [{ schema: "jobs", target: '"jobs"."stats"(uuid)', declared: "stats(uuid)", holders: ["authenticated"] }], columnPrivileges: [{ schema: "jobs", table: "jobs", role: "authenticated", columns: { INSERT: ["name"], UPDATE: ["name"] } }] };
    expect(
      rules({
        ...quiet,
        defaultAcls: [
          { owner: "postgres", schema: "public", objectType: "tables", grantee: "anon", privileges: ["REFERENCES", "SELECT", "TRIGGER", "TRUNCATE"] },
          { owner: "postgres", schema: "public", objectType: "tables", grantee: "authenticated", privileges: ["REFERENCES", "TRIGGER", "TRUNCATE"] },
          { owner: "supabase_admin", schema: "public", objectType: "tables", grantee: "anon", privileges: ["SELECT"] },
          { owner: "postgres", schema: null, objectType: "functions", grantee: "PUBLIC", privileges: ["EXECUTE"] },
        ],
      }),
    ).toEqual([
      'default-privileges | default privileges of postgres in schema public on tables for anon | every new table postgres creates there gives SELECT to anon, declared by no module (PostgREST exposes it as soon as it exists) | ALTER DEFAULT PRIVILEGES FOR ROLE "postgres" IN SCHEMA "public" REVOKE SELECT ON TABLES FROM "anon"; then grant what modules declare',
      "default-privileges | default privileges of postgres in every schema on functions for PUBLIC | every new function postgres creates there gives EXECUTE to PUBLIC, declared by no module (PostgREST exposes it as soon as it exists) | ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC; then grant what modules declare",
    ]);
  });

  it("flags objects in public anon reaches, exposed matviews and callable definer trigger functions", () => {
    const quiet = { functionAcls: [{ schema: "jobs", target: '"jobs"."stats"(uuid)', declared: "stats(uuid)", holders: ["authenticated"] }], columnPrivileges: [{ schema: "jobs", table: "jobs", role: "authenticated", columns: { INSERT: ["name"], UPDATE: ["name"] } }] };
    const out = findings(
      {
        ...base,
        ...quiet,
        publicObjects: [
          { kind: "table", name: "leaky", privileges: ["SELECT"], rls: false },
          { kind: "function", name: '"public"."hello"()', privileges: ["EXECUTE"], rls: false },
        ],
        matviews: [{ schema: "jobs", name: "totals", readers: ["authenticated"] }],
        definerTriggers: [{ schema: "jobs", target: '"jobs"."audit"()', callers: ["anon", "authenticated"] }],
      },
      [spec],
    ).filter(others);
    expect(out.map((f) => `${f.rule} | ${f.object}`)).toEqual([
      "public-reachable | table public.leaky",
      "public-reachable | function public.hello()",
      "matview-exposed | materialized view jobs.totals",
      "definer-trigger-callable | function jobs.audit()",
    ]);
    expect(out[0]?.fix).toBe('REVOKE ALL ON "public"."leaky" FROM anon, PUBLIC; or move it into a module\'s schema and declare its grants');
    expect(out[2]?.fix).toMatch(/^REVOKE SELECT ON "jobs"."totals" FROM "authenticated", PUBLIC;/);
    expect(out[3]?.fix).toBe('REVOKE EXECUTE ON ROUTINE "jobs"."audit"() FROM PUBLIC, "anon", "authenticated"');
  });
});
