// All five modules through the real engine: up, a second preview changes nothing, and each
// module's files are re-runnable; destroy leaves none of their schemas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEnvironment } from "../../program/environment";
import { MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testStack, type TestStack } from "../helpers/engine";

let db: TestDatabase;
let ts: TestStack;

beforeAll(async () => {
  db = await createTestDatabase("all_modules");
  ts = await testStack({
    name: "all-modules",
    program: async () => {
      const env = await defineEnvironment({ target: "url", databaseUrl: db.url, modules: JSON.stringify(MODULE_NAMES) });
      return { schemas: env.schemas };
    },
  });
});
afterAll(async () => {
  await db?.drop();
});

describe("all five modules", () => {
  it("apply with RLS on every table and no changes on a second preview", async () => {
    const up = await ts.stack.up();
    expect(up.outputs.schemas?.value).toEqual([...MODULE_NAMES]);
    const noRls = await withClient(db.url, (c) =>
      c.query(
        `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY ($1) AND c.relkind = 'r' AND NOT c.relrowsecurity`,
        [[...MODULE_NAMES]],
      ),
    );
    expect(noRls.rows).toEqual([]);
    const preview = await ts.stack.preview();
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
  });

  it("destroy removes every module schema", async () => {
    await ts.destroy();
    const left = await withClient(db.url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)", [[...MODULE_NAMES, "supastack"]]));
    expect(left.rows).toEqual([]);
  });
});
