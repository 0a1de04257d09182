import { describe, expect, it } from "vitest";
import type { Catalog } from "./catalog";
import { findings, perRowAuthCalls } from "./rules";

const empty: Catalog = { schemas: [], tables: [], policies: [], views: [], functions: [], foreignKeys: [], privileges: [], declared: {},
  functionAcls: [], defaultAcls: [], publicObjects: [], matviews: [], definerTriggers: [], columnPrivileges: [] };

describe("verify rules", () => {
  it("tells a per-row auth call from one evaluated once per statement", () => {
    expect(perRowAuthCalls("(user_id = auth.uid())")).toEqual(["auth.uid()"]);
    expect(perRowAuthCalls("(user_id = ( SELECT auth.uid() AS uid))")).toEqual([]);
    expect(perRowAuthCalls("(( SELECT ((auth.jwt() ->> 'is_anonymous'::text))::boolean AS bool) IS NOT TRUE)")).toEqual([]);
    expect(perRowAuthCalls("((auth.jwt() ->> 'email'::text) = ( SELECT email FROM t WHERE (t.id = auth.uid())))")).toEqual(["auth.jwt()"]);
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

describe("verify rules: anonymous sign-ins (issue 26)", () => {
  const table = { name: "jobs", grants: { authenticated: ["SELECT" as const] } };
  const spec = (anonymous?: ("INSERT" | "UPDATE" | "DELETE")[]) => ({
    name: "jobs",
    schema: "jobs",
    description: "",
    tables: [{ ...table, ...(anonymous ? { anonymous } : {}) }],
    policies: [],
    views: [],
    functions: [],
  });
  const insert = { schema: "jobs", table: "jobs", name: "own jobs", command: "INSERT" as const, permissive: true, roles: ["authenticated"], using: null, withCheck: "(user_id = ( SELECT auth.uid() AS uid))" };
  const all = { ...insert, name: "own rows", command: "ALL" as const, using: insert.withCheck };
  const guard = (command: "INSERT" | "UPDATE" | "DELETE" | "ALL") => ({
    schema: "jobs", table: "jobs", name: `guard ${command}`, command, permissive: false, roles: ["authenticated"],
    using: command === "INSERT" ? null : "(( SELECT ((auth.jwt() ->> 'is_anonymous'::text))::boolean AS bool) IS NOT TRUE)",
    withCheck: command === "DELETE" ? null : "(( SELECT ((auth.jwt() ->> 'is_anonymous'::text))::boolean AS bool) IS NOT TRUE)",
  });
  const base: Catalog = { ...empty, schemas: ["jobs"], tables: [{ schema: "jobs", name: "jobs", rls: true }], privileges: [{ schema: "jobs", table: "jobs", role: "authenticated", privileges: ["SELECT"] }] };
  const anonymousFindings = (policies: Catalog["policies"], anonymous?: ("INSERT" | "UPDATE" | "DELETE")[]) =>
    findings({ ...base, policies }, [spec(anonymous)]).filter((f) => f.rule === "anonymous-writes");

  it("names a write policy for authenticated that does not decide about anonymous users, and the fix", () => {
    const out = anonymousFindings([insert]);
    expect(out).toEqual([
      {
        rule: "anonymous-writes",
        object: 'policy "own jobs" on jobs.jobs',
        problem: "lets authenticated INSERT without deciding about anonymous sign-ins: they are role authenticated too (JWT is_anonymous true), so they may insert as any signed-in user",
        fix: `CREATE POLICY "anonymous sign-ins may not insert" ON "jobs"."jobs" AS RESTRICTIVE FOR INSERT TO authenticated WITH CHECK ((SELECT (auth.jwt() ->> 'is_anonymous')::boolean) IS NOT TRUE); (supastack up declares these for module jobs's tables), or declare anonymous: ["INSERT"] on table jobs in module jobs if the application means anonymous users to`,
      },
    ]);
    // ALL covers the three write commands; a restrictive guard covers only its own command.
    expect(anonymousFindings([all, guard("INSERT")]).map((f) => f.problem.replace(/ without.*/, ""))).toEqual(["lets authenticated UPDATE, DELETE"]);
  });

  it("accepts a restrictive guard (its command or ALL), a policy that reads is_anonymous itself, or a declaration", () => {
    expect(anonymousFindings([insert, guard("INSERT")])).toEqual([]);
    expect(anonymousFindings([all, guard("ALL")])).toEqual([]);
    expect(anonymousFindings([{ ...insert, withCheck: `${insert.withCheck} AND (( SELECT ((auth.jwt() ->> 'is_anonymous'::text))::boolean AS bool) IS FALSE)` }])).toEqual([]);
    expect(anonymousFindings([insert], ["INSERT"])).toEqual([]);
    // A declaration covers only the commands it lists; SELECT policies and other roles are not writes for authenticated.
    expect(anonymousFindings([all], ["INSERT"]).map((f) => f.problem.replace(/ without.*/, ""))).toEqual(["lets authenticated UPDATE, DELETE"]);
    expect(anonymousFindings([{ ...insert, command: "SELECT", using: "true", withCheck: null }, { ...all, roles: ["service_role"] }])).toEqual([]);
    // A permissive "guard" does not restrict anything: PostgreSQL ORs permissive policies.
    expect(anonymousFindings([insert, { ...guard("INSERT"), permissive: true }]).map((f) => f.object)).toEqual(['policy "own jobs" on jobs.jobs']);
  });

  it("finds nothing undecided on the built-in modules' declared policies", async () => {
    const { MODULE_NAMES, builtinModule } = await import("../modules/catalog");
    const { undecidedAnonymousWrites } = await import("./rules");
    const undecided: string[] = [];
    for (const m of MODULE_NAMES.map(builtinModule)) {
      const live = m.policies.map((p) => ({ schema: m.schema, table: p.table, name: p.name, command: p.command, permissive: p.permissive ?? true, roles: p.roles, using: p.using ?? null, withCheck: p.withCheck ?? null }));
      for (const p of live) {
        const declared = m.tables.find((t) => t.name === p.table)?.anonymous ?? [];
        for (const c of undecidedAnonymousWrites(p, live.filter((x) => x.table === p.table), declared)) undecided.push(`${m.name}.${p.table} "${p.name}" ${c}`);
      }
    }
    expect(undecided).toEqual([]);
  });
});
