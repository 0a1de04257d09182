import { describe, expect, it } from "vitest";
import { parseSql, useParseCache } from "./parse";
import { lineAt, type StatementFacts, transactionProblems } from "./statements";

useParseCache(null);
const facts = async (sql: string): Promise<StatementFacts> => (await parseSql(sql)).facts ?? { outsideTransaction: [], rowChanges: [] };

describe("statements a wrapped migration file cannot hold", () => {
  it("names transaction control and what PostgreSQL refuses in a transaction block, each at its line", async () => {
    // The source documents' "migration best practices" example is written this way.
    const sql = [
      "-- migration: add a column",
      "BEGIN;",
      "ALTER TABLE t ADD COLUMN c int;",
      "",
      "/* an index */ CREATE INDEX CONCURRENTLY i ON t (c);",
      "SAVEPOINT s; VACUUM t; ANALYZE t;",
      "REINDEX TABLE CONCURRENTLY t; DROP INDEX CONCURRENTLY i; CREATE DATABASE d; ALTER SYSTEM SET work_mem = '1MB';",
      "CLUSTER; DISCARD ALL; ALTER TABLE p DETACH PARTITION c CONCURRENTLY;",
      "COMMIT;",
    ].join("\n");
    const found = (await facts(sql)).outsideTransaction.map((o) => `${o.line} ${o.statement}`);
    expect(found).toEqual([
      "2 BEGIN",
      "5 CREATE INDEX CONCURRENTLY",
      "6 SAVEPOINT",
      "6 VACUUM",
      "7 REINDEX ... CONCURRENTLY",
      "7 DROP INDEX CONCURRENTLY",
      "7 CREATE DATABASE",
      "7 ALTER SYSTEM",
      "8 CLUSTER without a table",
      "8 DISCARD ALL",
      "8 DETACH PARTITION ... CONCURRENTLY",
      "9 COMMIT",
    ]);
    const problems = transactionProblems("sql/m/001_a.sql", await facts(sql));
    expect(problems[0]).toBe(
      "sql/m/001_a.sql line 2: BEGIN would end or split the transaction supastack runs this file in (each file runs in one transaction of its own, all of it or nothing): remove BEGIN/COMMIT/ROLLBACK/SAVEPOINT from the file",
    );
    expect(problems[1]).toMatch(/^sql\/m\/001_a\.sql line 5: PostgreSQL cannot run CREATE INDEX CONCURRENTLY inside a transaction block, .*: remove CONCURRENTLY/);
  });

  it("leaves alone what runs in a transaction (ANALYZE, SET LOCAL, CREATE INDEX, DO blocks with COMMIT in their text)", async () => {
    const sql = "ANALYZE t; SET LOCAL lock_timeout = '1s'; CREATE INDEX i ON t (a); CLUSTER t USING i; DO $$ BEGIN PERFORM 1; END $$; CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM t';";
    expect(await facts(sql)).toEqual({ outsideTransaction: [], rowChanges: [] });
  });
});

describe("statements that remove or rewrite rows", () => {
  it("names the tables, schemas, columns and types they take rows from", async () => {
    const sql = [
      "DROP TABLE IF EXISTS legacy, s.old CASCADE;",
      "ALTER TABLE jobs DROP COLUMN note, ALTER COLUMN n TYPE bigint, ADD COLUMN x int;",
      "TRUNCATE s.t CASCADE; DELETE FROM only_me WHERE id = 1;",
      "DROP SCHEMA gone CASCADE; DROP TYPE s.mood CASCADE; DROP TYPE harmless;",
      "UPDATE jobs SET n = n + 1; DROP VIEW v;",
    ].join("\n");
    expect((await facts(sql)).rowChanges).toEqual([
      { line: 1, statement: "DROP TABLE", targets: [{ kind: "table", table: { name: "legacy" } }, { kind: "table", table: { schema: "s", name: "old" } }] },
      {
        line: 2,
        statement: "ALTER TABLE",
        targets: [
          { kind: "table", table: { name: "jobs" }, column: { name: "note", change: "drop" } },
          { kind: "table", table: { name: "jobs" }, column: { name: "n", change: "retype" } },
        ],
      },
      { line: 3, statement: "TRUNCATE", targets: [{ kind: "table", table: { schema: "s", name: "t" }, cascade: true }] },
      { line: 3, statement: "DELETE", targets: [{ kind: "table", table: { name: "only_me" } }] },
      { line: 4, statement: "DROP SCHEMA", targets: [{ kind: "schema", schema: "gone" }] },
      { line: 4, statement: "DROP TYPE ... CASCADE", targets: [{ kind: "type", type: { schema: "s", name: "mood" } }] },
    ]);
  });
});

describe("lineAt", () => {
  it("counts lines in bytes' terms and skips blanks and comments before the statement", () => {
    const sql = "-- é\nSELECT 1;\n\n  /* x\n y */ -- z\n SELECT 2;";
    expect(lineAt(sql, Buffer.byteLength("-- é\nSELECT 1;"))).toBe(6);
    expect(lineAt(sql, 0)).toBe(2);
  });
});
