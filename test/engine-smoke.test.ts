import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { Schema } from "../providers/postgres/resources";
import { withClient } from "../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack, type TestStack } from "./helpers/engine";

describe("engine smoke", () => {
  let db: TestDatabase;
  let ts: TestStack;
  beforeAll(async () => {
    db = await createTestDatabase("smoke");
  });
  afterAll(async () => {
    await ts?.destroy();
    await db?.drop();
  });
  it("creates a schema through the real engine", async () => {
    ts = await testStack({
      name: "smoke",
      program: async () => {
        const s = new Schema("s", { connection: pulumi.secret(db.url), name: 'we"ird; drop' });
        return { name: s.name };
      },
    });
    const up = await ts.stack.up();
    expect(up.outputs.name?.value).toBe('we"ird; drop');
    const { rows } = await withClient(db.url, (c) => c.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", ['we"ird; drop']));
    expect(rows).toHaveLength(1);
  });
});
