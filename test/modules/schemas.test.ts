// Module schemas are configurable (supastack:schemas), through the real engine: jobs and support in
// public next to an application's own objects there, which the stack leaves alone; two modules
// sharing a schema of their own converge on one updated_at helper, and removing one leaves the
// other's triggers working; modules whose objects collide are refused before anything is declared.
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modulesOfStack, seedersOf } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { seedDatabase } from "../../seeds/api";
import { defineEnvironment } from "../../program/environment";
import { verifyDatabase } from "../../verify/verify";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

const q = async (url: string, sql: string, params: unknown[] = []) => (await withClient(url, (c) => c.query(sql, params))).rows;

/** A stack whose configuration the test changes between runs. */
async function stackFor(name: string, db: TestDatabase, config: { modules: string[]; schemas: Record<string, string> }): Promise<TestStack> {
  return testStack({
    name,
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(config.modules), schemas: JSON.stringify(config.schemas) });
      return { modules: env.modules, schemas: env.schemas };
    },
  });
}

describe("modules in public", () => {
  let db: TestDatabase;
  let ts: TestStack;
  const config = { modules: ["jobs", "support"], schemas: { jobs: "public", support: "public" } };

  beforeAll(async () => {
    db = await createTestDatabase("schemas_public");
    // The application's own objects in public, before the stack: a table and a function the API may call.
    await q(db.url, "CREATE TABLE public.notes (id int PRIMARY KEY, body text)");
    await q(db.url, "CREATE FUNCTION public.app_hello() RETURNS text LANGUAGE sql AS $$ SELECT 'hello' $$");
    await q(db.url, "GRANT EXECUTE ON FUNCTION public.app_hello() TO anon");
    ts = await stackFor("schemas-public", db, config);
  });
  afterAll(async () => {
    await ts?.forget();
    await db?.drop();
  });

  it("apply into public, never declaring, dropping or re-granting public itself, and converge", async () => {
    const up = await ts.stack.up();
    expect(up.outputs.schemas?.value).toEqual(["public", "public"]);
    const tables = await q(db.url, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1");
    expect(tables.map((r) => r.relname)).toEqual(["conversations", "escalations", "jobs", "messages", "notes", "users"]);
    const state = (await ts.stack.exportStack()).deployment.resources as { type: string; inputs?: Record<string, unknown> }[];
    expect(state.filter((r) => r.type.endsWith(":Schema"))).toEqual([]);
    expect(state.filter((r) => r.type.endsWith(":Grant") && r.inputs?.objectType === "schema")).toEqual([]);
    // Each module's FunctionAccess touches only its own functions: the application's keeps its grant.
    const access = state.filter((r) => r.type.endsWith(":FunctionAccess")).map((r) => [r.inputs?.schema, r.inputs?.module]).sort();
    expect(access).toEqual([["public", "jobs"], ["public", "support"]]);
    expect(await q(db.url, "SELECT has_function_privilege('anon', 'public.app_hello()', 'EXECUTE') AS anon")).toEqual([{ anon: true }]);
    expect(await q(db.url, "SELECT has_function_privilege('anon', 'public.get_job_stats(uuid)', 'EXECUTE') AS anon, has_function_privilege('authenticated', 'public.get_job_stats(uuid)', 'EXECUTE') AS auth")).toEqual([{ anon: false, auth: true }]);
    // The two modules' updated_at helper is one function, recorded for both.
    expect(await q(db.url, "SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'set_updated_at' AND pronamespace = 'public'::regnamespace")).toEqual([{ n: 1 }]);
    const recorded = await q(db.url, "SELECT module FROM supastack.migrations, jsonb_array_elements(objects) o WHERE o ->> 'name' = 'set_updated_at' ORDER BY 1");
    expect(recorded.map((r) => r.module)).toEqual(["jobs", "support"]);
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: expect.any(Number) });
  });

  it("seed into public and verify there", async () => {
    const outputs = Object.fromEntries(Object.entries(await ts.stack.outputs()).map(([k, v]) => [k, v.value]));
    const modules = modulesOfStack(outputs);
    expect(modules.map((m) => [m.name, m.schema])).toEqual([["jobs", "public"], ["support", "public"]]);
    const seeded = await seedDatabase({ url: db.url, seeders: await seedersOf(modules), profile: "dev", seed: 1, quiet: true });
    expect(seeded.tables.map((t) => t.table)).toEqual(expect.arrayContaining(["public.jobs", "public.users", "public.messages"]));
    expect(await q(db.url, "SELECT count(*)::int > 0 AS some FROM public.jobs")).toEqual([{ some: true }]);
    const result = await verifyDatabase(db.url, modules);
    // The application's own objects in public are reported as Supabase's advisor would (a table
    // without RLS, a function anon can call); nothing about the other module's objects. Known gap:
    // the table privileges Supabase's default privileges in public give the API roles on every new
    // table (TRUNCATE, REFERENCES, TRIGGER; PostgREST uses none of them) are reported, not revoked.
    const [own, defaults] = [result.findings.filter((f) => f.rule !== "privileges"), result.findings.filter((f) => f.rule === "privileges")];
    expect(own.map((f) => `${f.rule} ${f.object}`).sort()).toEqual(["public-reachable function public.app_hello()", "rls-disabled table public.notes"]);
    const extras = (problem: string) => /^has (.*) the stack does not grant$/.exec(problem)?.[1]?.split(", ").sort().join(", ");
    expect(new Set(defaults.map((f) => extras(f.problem)))).toEqual(new Set(["REFERENCES, TRIGGER, TRUNCATE"]));
  });

  it("destroy removes the modules' objects and leaves public and the application's", async () => {
    // The modules' tables hold seeded rows, which a stack keeps unless data loss is allowed.
    (ts.stack.workspace as LocalWorkspace).envVars[ALLOW_DATA_LOSS_ENV] = "1";
    await ts.stack.destroy();
    expect(await q(db.url, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")).toEqual([{ relname: "notes" }]);
    expect(await q(db.url, "SELECT has_schema_privilege('anon', 'public', 'USAGE') AS usage, has_function_privilege('anon', 'public.app_hello()', 'EXECUTE') AS fn")).toEqual([{ usage: true, fn: true }]);
  });
});

describe("two modules in one schema of their own", () => {
  let db: TestDatabase;
  let ts: TestStack;
  const config = { modules: ["jobs", "agentflow"], schemas: { jobs: "app", agentflow: "app" } as Record<string, string> };

  beforeAll(async () => {
    db = await createTestDatabase("schemas_shared");
    ts = await stackFor("schemas-shared", db, config);
  });
  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
  });

  it("share it (declared once), and removing one leaves the other's triggers and helper", async () => {
    await ts.stack.up();
    const state = (await ts.stack.exportStack()).deployment.resources as { type: string; urn: string }[];
    expect(state.filter((r) => r.type.endsWith(":Schema")).map((r) => r.urn.split("::").pop())).toEqual(["schema-app"]);
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: expect.any(Number) });

    config.modules = ["jobs"];
    config.schemas = { jobs: "app" };
    const removed = await ts.stack.up();
    expect(removed.summary.resourceChanges?.delete).toBeGreaterThan(0);
    // The schema is jobs' alone now: the same schema (an alias, not a drop and create).
    expect(removed.summary.resourceChanges?.replace ?? 0).toBe(0);
    expect(await q(db.url, "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'app'::regnamespace AND relname = 'profiles'")).toEqual([{ n: 0 }]);
    await q(db.url, "INSERT INTO app.jobs (id, agent_identifier, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'a', now() - interval '1 day', now() - interval '1 day')");
    await q(db.url, "UPDATE app.jobs SET agent_identifier = 'b'");
    expect(await q(db.url, "SELECT updated_at > now() - interval '1 minute' AS fresh FROM app.jobs")).toEqual([{ fresh: true }]);
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: expect.any(Number) });
  });
});

describe("modules whose objects collide", () => {
  it("are refused before anything is declared, naming the objects", async () => {
    const db = await createTestDatabase("schemas_collide");
    const ts = await stackFor("schemas-collide", db, { modules: ["support", "agentflow"], schemas: { support: "public", agentflow: "public" } });
    try {
      await expect(ts.stack.preview()).rejects.toThrow(/supastack:schemas: modules support and agentflow cannot share schema public: both have tables or views named conversations, messages/);
      const left = await q(db.url, "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace");
      expect(left).toEqual([{ n: 0 }]);
    } finally {
      await ts.forget();
      await db.drop();
    }
  });
});
