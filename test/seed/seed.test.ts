// The seeding engine against a real PostgreSQL with every module's tables, constraints and
// triggers: deterministic bytes, realistic and consistent data, all-or-nothing, --reset.
import { MODULE_NAMES, presentModules, seedersOf } from "../../modules/catalog";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase, seedPlan } from "../../seeds/api";
import { clientConfig, connectClient, withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const MODULES = MODULE_NAMES;
let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

/** md5 of every seeded table's rows in primary-key order. */
async function checksums(): Promise<Record<string, string>> {
  const tables = await q(
    `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = ANY ($1) ORDER BY 1`,
    [[...MODULES, "auth"]],
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [schema, table] = String(t).split(".");
    const [row] = await q(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS h FROM "${schema}"."${table}" x`);
    out[t] = `${row?.n}:${row?.h}`;
  }
  return out;
}

async function totalRows(): Promise<number> {
  const sums = await checksums();
  return Object.values(sums).reduce((a, v) => a + Number(v.split(":")[0]), 0);
}

beforeAll(async () => {
  db = await createTestDatabase("seed");
  await applyModuleSql(db.url, MODULES);
});
afterAll(async () => {
  await db?.drop();
});

describe("seeding every module", () => {
  let first: Record<string, string>;

  it("plans tables in FK order with row estimates, and --dry-run writes nothing", async () => {
    const plan = await seedPlan({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 1 });
    const tables = plan.map((p) => p.table);
    expect(tables.indexOf("support.users")).toBeLessThan(tables.indexOf("support.conversations"));
    expect(tables.indexOf("support.conversations")).toBeLessThan(tables.indexOf("support.messages"));
    expect(tables.indexOf("contact_center.interactions")).toBeLessThan(tables.indexOf("contact_center.interaction_archives"));
    expect(plan.every((p) => p.estimate > 0)).toBe(true);
    const out = execFileSync(process.execPath, ["dist/cli/main.js", "seed", "--dry-run", "--database-url", db.url], { encoding: "utf8" });
    expect(out).toMatch(/support\.messages\s+~\d+/);
    expect(out).toMatch(/nothing was written/);
    expect(await totalRows()).toBe(0);
  });

  it("loads the dev profile with every constraint and trigger on", async () => {
    const result = await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 7, quiet: true });
    expect(result.rows).toBeGreaterThan(10_000);
    first = await checksums();
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(20);
  });

  it("gives the same bytes for the same seed (and --reset is idempotent)", async () => {
    await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 7, reset: true, quiet: true });
    expect(await checksums()).toEqual(first);
    await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 8, reset: true, quiet: true });
    expect(await checksums()).not.toEqual(first);
    await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 7, reset: true, quiet: true });
    expect(await checksums()).toEqual(first);
  });

  it("refuses to seed on top of seeded data without --reset, and leaves the data as it was", async () => {
    await expect(seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "dev", seed: 7, quiet: true })).rejects.toThrow(/seeding \w+\.\w+: \w+\.\w+ already has a row with \w+ = .*--reset/);
    expect(await checksums()).toEqual(first);
  });

  it("an interrupted seed leaves nothing behind", async () => {
    const empty = await createTestDatabase("seed_abort");
    try {
      await applyModuleSql(empty.url, MODULES);
      const controller = new AbortController();
      const run = seedDatabase({ seeders: await seedersOf(await presentModules(empty.url)), url: empty.url, profile: "dev", seed: 3, quiet: true, signal: controller.signal });
      setTimeout(() => controller.abort(), 150);
      await expect(run).rejects.toThrow(/interrupted|terminat|Connection/i);
      const [left] = (
        await withClient(empty.url, (c) =>
          c.query(`SELECT (SELECT count(*) FROM auth.users) + (SELECT count(*) FROM support.messages) + (SELECT count(*) FROM contact_center.realtime_metrics) AS n`),
        )
      ).rows;
      expect(Number(left?.n)).toBe(0);
    } finally {
      await empty.drop();
    }
  });

  it("a connection ended while it connects (an abort early in a seed) fails instead of waiting forever", async () => {
    const client = new Client(clientConfig(db.url));
    const connecting = connectClient(client);
    await client.end();
    await expect(connecting).rejects.toThrow(/terminated while connecting/);
  });

  it("qa writes personas that exist in the database", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "personas-")), "personas.json");
    await seedDatabase({ seeders: await seedersOf(await presentModules(db.url)), url: db.url, profile: "qa", seed: 5, reset: true, quiet: true, personasOut: file });
    const { personas } = JSON.parse(fs.readFileSync(file, "utf8"));
    const names = personas.map((p: { name: string }) => p.name);
    // Every module contributes personas; each module's seed test checks what its personas promise.
    expect(new Set(personas.map((p: { module: string }) => p.module))).toEqual(new Set(MODULES));
    expect(new Set(names).size).toBe(names.length);
    for (const p of personas) expect(await q("SELECT email FROM auth.users WHERE id = $1", [p.userId])).toEqual([{ email: p.email }]);
  });
});
