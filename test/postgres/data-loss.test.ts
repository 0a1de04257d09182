// The providers refuse to drop rows (providers/postgres/dataLoss.ts), called as the engine's plugin
// calls them, so the raw Pulumi CLI is as safe as supastack's commands: a protected Schema or
// Migration whose delete would drop rows fails naming each table and its rows, and drops nothing;
// a new migration file that would remove rows fails check naming file, line, table and rows; a run
// with SUPASTACK_ALLOW_DATA_LOSS=1, or a resource with protectRows off, goes ahead; empty tables never
// need the flag.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { ALLOW_DATA_LOSS_ENV } from "../../providers/postgres/dataLoss";
import { pgProvider } from "../../providers/postgres/provider";
import { databaseSpec } from "../../providers/postgres/providers/database";
import { migrationSpec } from "../../providers/postgres/providers/migration";
import { schemaSpec } from "../../providers/postgres/providers/schema";
import { withDatabase } from "../../providers/postgres/url";
import { checksum } from "../../modules/files";
import { make as makeResource, type Props } from "../helpers/provider-calls";
import { adminUrl, createTestDatabase, databaseUrl, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
const q = async (sql: string) => (await withClient(db.url, (c) => c.query(sql))).rows;
const file = (name: string, sql: string) => ({ name, sql, checksum: checksum(sql) });
const schema = pgProvider(schemaSpec);
const migration = pgProvider(migrationSpec);

const make = (provider: ReturnType<typeof pgProvider>, news: Props) => makeResource(provider, db.url, news);

beforeAll(async () => {
  db = await createTestDatabase("data_loss");
});
afterEach(() => {
  delete process.env[ALLOW_DATA_LOSS_ENV];
});
afterAll(async () => {
  await db?.drop();
});

describe("a protected schema and migration", () => {
  const tables = file("001_tables.sql", "CREATE TABLE IF NOT EXISTS keep.items (id int PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS keep.empty (id int);");

  it("refuse to drop rows, naming each table; empty tables and an allowed run go ahead", async () => {
    const s = await make(schema, { name: "keep", dropCascade: true });
    const m = await make(migration, { module: "keep", schema: "keep", directory: "sql/keep", files: [tables] });
    await q("INSERT INTO keep.items SELECT generate_series(1, 196)");
    expect(s.outs.protectRows).toBe(true);

    await expect(migration.delete!(m.id, m.outs)).rejects.toThrow(
      /^removing the migrations of module keep \(the tables its files created\) would drop or rewrite rows, and this stack keeps its rows unless told otherwise \(protectRows\); nothing was dropped:\n  keep\.items: 196 rows\nto drop them, run again with --allow-data-loss/,
    );
    await expect(schema.delete!(s.id, s.outs)).rejects.toThrow(/^deleting schema keep \(DROP SCHEMA \.\.\. CASCADE\) would drop or rewrite rows, .*:\n  keep\.items: 196 rows\n/);
    expect(await q("SELECT count(*)::int AS n FROM keep.items")).toEqual([{ n: 196 }]);

    process.env[ALLOW_DATA_LOSS_ENV] = "1";
    await migration.delete!(m.id, m.outs);
    await schema.delete!(s.id, s.outs);
    expect(await q("SELECT to_regnamespace('keep') AS s")).toEqual([{ s: null }]);

    // Nothing in it: no flag needed.
    delete process.env[ALLOW_DATA_LOSS_ENV];
    const empty = await make(schema, { name: "keep", dropCascade: true });
    await q("CREATE TABLE keep.nothing (id int)");
    await schema.delete!(empty.id, empty.outs);
    expect(await q("SELECT to_regnamespace('keep') AS s")).toEqual([{ s: null }]);
  });

  it("with protectRows off (the local dev stack, ephemeral stacks) drop as declared", async () => {
    const s = await make(schema, { name: "dev_only", dropCascade: true, protectRows: false });
    await q("CREATE TABLE dev_only.t (id int); INSERT INTO dev_only.t VALUES (1)");
    await schema.delete!(s.id, s.outs);
    expect(await q("SELECT to_regnamespace('dev_only') AS s")).toEqual([{ s: null }]);
  });
});

describe("a new migration file that would remove rows", () => {
  it("fails check naming file, line, table and rows; rows of tables it creates itself do not count", async () => {
    await q("CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY, note text, qty int); INSERT INTO shop.orders SELECT i, 'n', i FROM generate_series(1, 12) i");
    await q("CREATE TABLE shop.lines (id int, order_id int REFERENCES shop.orders); INSERT INTO shop.lines SELECT i, i FROM generate_series(1, 5) i; CREATE TABLE public.legacy (id int); INSERT INTO public.legacy VALUES (1)");
    const first = file("001_tables.sql", "CREATE TABLE IF NOT EXISTS shop.orders (id int PRIMARY KEY, note text, qty int);");
    const m = await make(migration, { module: "shop", schema: "shop", directory: "sql/shop", files: [first] });
    const risky = file(
      "002_cleanup.sql",
      ["CREATE TABLE scratch (id int);", "DROP TABLE scratch;", "ALTER TABLE orders DROP COLUMN note, ALTER COLUMN qty TYPE bigint;", "TRUNCATE orders CASCADE;", "DROP TABLE IF EXISTS legacy, never_there;"].join("\n"),
    );
    const checked = await migration.check!(m.outs, { connection: db.url, module: "shop", schema: "shop", directory: "sql/shop", files: [first, risky] });
    expect(checked.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^sql\/shop\/002_cleanup\.sql line 3: ALTER TABLE \.\.\. DROP COLUMN note, ALTER COLUMN \.\.\. TYPE of qty would drop or rewrite rows, .*\n  shop\.orders: 12 rows\n/),
      expect.stringMatching(/^sql\/shop\/002_cleanup\.sql line 4: TRUNCATE would drop or rewrite rows, .*\n  shop\.orders: 12 rows\n  shop\.lines: 5 rows\n/),
      expect.stringMatching(/^sql\/shop\/002_cleanup\.sql line 5: DROP TABLE would drop or rewrite rows, .*\n  public\.legacy: 1 row\nto drop them/),
    ]);
    expect(checked.failures[0]?.property).toBe("files[1]");
    process.env[ALLOW_DATA_LOSS_ENV] = "1";
    const allowed = await migration.check!(m.outs, { connection: db.url, module: "shop", schema: "shop", directory: "sql/shop", files: [first, risky] });
    expect(allowed.failures).toEqual([]);
  });
});

describe("a protected database of the stack's own", () => {
  it("refuses DROP DATABASE while its tables hold rows", async () => {
    const database = pgProvider(databaseSpec);
    const name = `t_own_db_${process.pid}`;
    const checked = await database.check!({}, { connection: databaseUrl(), adminConnection: adminUrl(), name });
    const created = await database.create(checked.inputs);
    const url = withDatabase(databaseUrl(), name);
    await withClient(url, (c) => c.query("CREATE TABLE public.notes (id int); INSERT INTO public.notes VALUES (1), (2)"));
    await expect(database.delete!(created.id, created.outs)).rejects.toThrow(/^dropping database t_own_db_\d+ would drop or rewrite rows, .*\n  public\.notes: 2 rows\n/);
    process.env[ALLOW_DATA_LOSS_ENV] = "1";
    await database.delete!(created.id, created.outs);
    expect((await withClient(databaseUrl(), (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]))).rows).toEqual([]);
  });
});
