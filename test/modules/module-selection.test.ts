// supastack:modules is the switch: removing a module from the list removes its schema on the next
// up, adding it back applies it again, and the other modules' data is never touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEnvironment } from "../../program/environment";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

let db: TestDatabase;
let ts: TestStack;
let modules = ["support", "jobs"];
const q = async (sql: string) => (await withClient(db.url, (c) => c.query(sql))).rows;
const schemas = async () => (await q("SELECT nspname FROM pg_namespace WHERE nspname IN ('support', 'jobs') ORDER BY 1")).map((r) => r.nspname);

beforeAll(async () => {
  db = await createTestDatabase("module_selection");
  ts = await testStack({
    name: "module-selection",
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(modules) });
      return { schemas: env.schemas };
    },
  });
});
afterAll(async () => {
  await ts?.destroy();
  await db?.drop();
});

describe("module selection", () => {
  it("removes a module dropped from the list (and the users seeded for it) and re-applies it when added back, leaving the others' data", async () => {
    await ts.stack.up();
    expect(await schemas()).toEqual(["jobs", "support"]);
    await q(`INSERT INTO auth.users (id, email) VALUES ('00000000-0000-4000-8000-000000000001', 'm@example.com');
             INSERT INTO support.users (id, email, name) VALUES ('00000000-0000-4000-8000-000000000001', 'm@example.com', 'Mia Member')`);
    // Users a seed made for each module carry its marker; removing a module removes exactly its own.
    await q(`INSERT INTO auth.users (id, email, raw_app_meta_data) VALUES
               ('00000000-0000-4000-8000-000000000002', 'jo@example.com', '{"supastack_module": "jobs"}'),
               ('00000000-0000-4000-8000-000000000003', 'su@example.com', '{"supastack_module": "support"}')`);

    modules = ["support"];
    const removed = await ts.stack.up();
    expect(removed.summary.resourceChanges?.delete).toBeGreaterThan(0);
    expect(await schemas()).toEqual(["support"]);
    expect(await q("SELECT module FROM supastack.migrations WHERE module = 'jobs'")).toEqual([]);
    expect(await q("SELECT email FROM auth.users ORDER BY email")).toEqual([{ email: "m@example.com" }, { email: "su@example.com" }]);
    expect(await q("SELECT name FROM support.users")).toEqual([{ name: "Mia Member" }]);

    modules = ["support", "jobs"];
    const added = await ts.stack.up();
    expect(added.summary.resourceChanges?.create).toBeGreaterThan(0);
    expect(await schemas()).toEqual(["jobs", "support"]);
    // jobs' four policies and the three restrictive ones that refuse anonymous sign-ins' writes.
    expect(await q("SELECT count(*)::int AS n FROM pg_policies WHERE schemaname = 'jobs'")).toEqual([{ n: 7 }]);
    expect(await q("SELECT name FROM support.users")).toEqual([{ name: "Mia Member" }]);
    expect(Object.keys((await ts.stack.preview()).changeSummary)).toEqual(["same"]);
  });
});
