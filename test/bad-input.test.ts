// Bad input fails the preview with a message naming the key or file, and nothing is applied.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEnvironment } from "../program/environment";
import { withClient } from "../providers/postgres/client";
import { Role, Schema } from "../providers/postgres/resources";
import { createTestDatabase, type TestDatabase } from "./helpers/database";
import { testStack } from "./helpers/engine";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("badinput");
});
afterAll(async () => {
  await db?.drop();
});

async function previewError(name: string, program: () => Promise<Record<string, unknown>>): Promise<string> {
  const ts = await testStack({ name, program });
  try {
    await ts.stack.preview();
  } catch (error) {
    return String((error as Error).message);
  } finally {
    await ts.destroy();
  }
  throw new Error("expected the preview to fail");
}

async function nothingApplied(): Promise<void> {
  const { rows } = await withClient(db.url, (c) =>
    c.query("SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'auth', 'extensions', 'information_schema') AND nspname NOT LIKE 'pg\\_%'"),
  );
  expect(rows).toEqual([]);
}

describe("bad input fails at preview and applies nothing", () => {
  it("an unknown module names supastack:modules", async () => {
    const message = await previewError("unknown-module", async () => {
      await defineEnvironment({ target: "url", databaseUrl: db.url, modules: '["support","helpdesk"]' });
      return {};
    });
    expect(message).toMatch(/supastack:modules\[1\]: unknown module.*\(got "helpdesk"\)/);
    await nothingApplied();
  });

  it("a missing required key is named", async () => {
    const message = await previewError("missing-key", async () => {
      await defineEnvironment({ target: "url", modules: '["support"]' });
      return {};
    });
    expect(message).toMatch(/supastack:databaseUrl: is required when supastack:target is url/);
    await nothingApplied();
  });

  it("a malformed SQL file is named with its line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-"));
    fs.cpSync(path.join(__dirname, "..", "modules", "support", "sql"), path.join(dir, "support"), { recursive: true });
    fs.writeFileSync(path.join(dir, "support", "003_broken.sql"), "-- a typo\nALTER TABLE support.users ADD COLUMN nickname text;\nCREAT INDEX x ON support.users (nickname);\n");
    process.env.SUPASTACK_SQL_DIR = dir;
    try {
      const message = await previewError("bad-sql", async () => {
        await defineEnvironment({ target: "url", databaseUrl: db.url, modules: '["support"]' });
        return {};
      });
      expect(message).toMatch(/support\/003_broken\.sql: syntax error at or near "CREAT" \(line 3\)/);
    } finally {
      delete process.env.SUPASTACK_SQL_DIR;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await nothingApplied();
  });

  it("an invalid role or schema name is named by the resource's check", async () => {
    const schema = await previewError("bad-schema", async () => {
      new Schema("schema", { connection: pulumi.secret(db.url), name: "pg_reserved" });
      return {};
    });
    expect(schema).toMatch(/name "pg_reserved" starts with pg_, which PostgreSQL reserves/);
    const role = await previewError("bad-role", async () => {
      new Role("role", { connection: pulumi.secret(db.url), name: "r".repeat(70) });
      return {};
    });
    expect(role).toMatch(/name "r+" is longer than 63 bytes/);
    await nothingApplied();
  });
});
