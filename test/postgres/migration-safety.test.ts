// A migration file runs in one transaction with a lock and a statement timeout: a file with its own
// transaction control (the source documents' "migration best practices" example is written with
// BEGIN ... COMMIT) is refused at check, naming file, line and fix; a file that waits for a lock
// another session holds is given up after its lock_timeout, naming the table, the session in its way
// and its query, with nothing applied; a statement running past its statement_timeout is cancelled.
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientConfig, withClient } from "../../providers/postgres/client";
import { pgProvider } from "../../providers/postgres/provider";
import { migrationSpec } from "../../providers/postgres/providers/migration";
import { checksum } from "../../modules/files";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
const q = async (sql: string) => (await withClient(db.url, (c) => c.query(sql))).rows;
const file = (name: string, sql: string) => ({ name, sql, checksum: checksum(sql) });
const migration = pgProvider(migrationSpec);

beforeAll(async () => {
  db = await createTestDatabase("migration_safety");
  await q("CREATE SCHEMA shop; CREATE TABLE shop.items (id int PRIMARY KEY); INSERT INTO shop.items SELECT generate_series(1, 3)");
});
afterAll(async () => {
  await db?.drop();
});

describe("a migration file", () => {
  it("with its own BEGIN ... COMMIT is refused at check, naming file, line and the fix", async () => {
    const wrapped = file("002_add_price.sql", "-- best practice, as the source documents write it\nBEGIN;\nALTER TABLE shop.items ADD COLUMN price int;\nCOMMIT;\n");
    const checked = await migration.check!({}, { connection: db.url, module: "shop", schema: "shop", directory: "sql/shop", files: [wrapped] });
    expect(checked.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^sql\/shop\/002_add_price\.sql line 2: BEGIN would end or split the transaction supastack runs this file in .*: remove BEGIN\/COMMIT\/ROLLBACK\/SAVEPOINT from the file$/),
      expect.stringMatching(/^sql\/shop\/002_add_price\.sql line 4: COMMIT would end/),
    ]);
    const concurrent = file("003_index.sql", "CREATE INDEX CONCURRENTLY items_id ON shop.items (id);");
    const again = await migration.check!({}, { connection: db.url, module: "shop", schema: "shop", directory: "sql/shop", files: [concurrent] });
    expect(again.failures[0]?.reason).toMatch(/line 1: PostgreSQL cannot run CREATE INDEX CONCURRENTLY inside a transaction block, .*: remove CONCURRENTLY/);
  });

  it("waiting for a lock past its lock_timeout is given up, naming the table and the session in its way", async () => {
    const holder = new Client(clientConfig(db.url, "report-job"));
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT count(*) FROM shop.items");
      const alter = file("001_price.sql", "CREATE TABLE shop.audit (id int);\nALTER TABLE shop.items ADD COLUMN price int;");
      const checked = await migration.check!({}, { connection: db.url, module: "blocked", schema: "shop", directory: "sql/shop", files: [alter], lockTimeout: "1s" });
      expect(checked.failures).toEqual([]);
      const started = Date.now();
      const error = await migration.create(checked.inputs).then(() => undefined, (e: Error) => e);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error?.message).toMatch(/^sql\/shop\/001_price\.sql waited 1s \(its lock_timeout\) for a lock on shop\.items \(AccessExclusiveLock\) and was given up; nothing of it was applied\./);
      expect(error?.message).toMatch(new RegExp(`in its way: pid ${holder.processID} \\(postgres, report-job\\), idle in transaction \\(transaction open since .*: SELECT count\\(\\*\\) FROM shop\\.items`));
      expect(error?.message).toMatch(/what to do: let that transaction finish or end it .* supastack:migrationLockTimeout/);
    } finally {
      await holder.end();
    }
    // Nothing of the file stayed: the table it created first is not there.
    expect(await q("SELECT to_regclass('shop.audit') AS t")).toEqual([{ t: null }]);
  });

  it("running a statement past its statement_timeout is cancelled and rolled back", async () => {
    const slow = file("001_slow.sql", "CREATE TABLE shop.slow (id int);\nSELECT pg_sleep(3);");
    const checked = await migration.check!({}, { connection: db.url, module: "slow", schema: "shop", directory: "sql/shop", files: [slow], statementTimeout: "300ms" });
    await expect(migration.create(checked.inputs)).rejects.toThrow(/sql\/shop\/001_slow\.sql: a statement ran longer than 300ms \(its statement_timeout\) and was cancelled; nothing of it was applied/);
    expect(await q("SELECT to_regclass('shop.slow') AS t")).toEqual([{ t: null }]);
    const bad = await migration.check!({}, { connection: db.url, module: "slow", schema: "shop", directory: "sql/shop", files: [slow], lockTimeout: "soon" });
    expect(bad.failures[0]).toMatchObject({ property: "lockTimeout", reason: expect.stringMatching(/must be a duration/) });
  });
});
