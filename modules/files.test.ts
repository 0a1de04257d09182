import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parserVersion, rememberedStatements } from "../providers/postgres/parse";
import { checksum, readMigrationDir, sqlProblems, SUPERSEDES_FILE } from "./files";

const file = (name: string, sql: string) => ({ name, sql, checksum: checksum(sql) });

describe("SQL checks remembered by checksum", () => {
  const good = file("001_a.sql", "create table t (id int); create index on t (id);");
  const other = file("002_b.sql", "select 1;");

  it("remembers a text only with the parser version that parsed it", () => {
    const cache = { parser: "p1", parsed: { [good.checksum]: 2 } };
    expect(rememberedStatements(cache, "p1", good.checksum)).toBe(2);
    expect(rememberedStatements(cache, "p1", other.checksum)).toBeUndefined();
    expect(rememberedStatements(cache, "p2", good.checksum)).toBeUndefined();
    expect(rememberedStatements(undefined, "p1", good.checksum)).toBeUndefined();
  });

  it("remembers files that parse, never one that fails, and reports a failure every time", async () => {
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-")), "cache", "sql-parsed.json");
    const bad = file("003_c.sql", "create tabel oops (id int);");
    const first = await sqlProblems("m", [good, other, bad], { cacheFile });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^sql\/m\/003_c\.sql: syntax error/);
    const cache = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { parser: string; parsed: Record<string, number> };
    expect(cache.parser).toBe(parserVersion());
    expect(cache.parser).toMatch(/^libpg-query \d/);
    expect(cache.parsed).toEqual({ [good.checksum]: 2, [other.checksum]: 1 });
    expect(await sqlProblems("m", [good, other, bad], { cacheFile })).toEqual(first);
    // An edited file has another checksum, so it is parsed again.
    const edited = file("001_a.sql", "create table t (id int;");
    expect(await sqlProblems("m", [edited], { cacheFile })).toEqual([expect.stringMatching(/^sql\/m\/001_a\.sql: /)]);
    expect(await sqlProblems("m", [file("004_d.sql", "-- nothing\n")], { cacheFile: null })).toEqual(["sql/m/004_d.sql: the file has no statements"]);
  });

  it("refuses transaction control in a file naming file, line and fix, from the cache too", async () => {
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-")), "sql-parsed.json");
    const wrapped = file("005_e.sql", "BEGIN;\nCREATE TABLE t2 (id int);\nCOMMIT;\n");
    const first = await sqlProblems("m", [wrapped], { cacheFile });
    expect(first).toEqual([expect.stringMatching(/^sql\/m\/005_e\.sql line 1: BEGIN would end/), expect.stringMatching(/^sql\/m\/005_e\.sql line 3: COMMIT would end/)]);
    const cache = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { facts: Record<string, unknown> };
    expect(Object.keys(cache.facts)).toEqual([wrapped.checksum]);
    expect(await sqlProblems("m", [wrapped], { cacheFile })).toEqual(first);
  });
});

describe("a module's folder", () => {
  it("reads supersedes.json: the checksums each rewritten file replaces, checked against the folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-"));
    fs.writeFileSync(path.join(dir, "001_a.sql"), "SELECT 1;");
    fs.writeFileSync(path.join(dir, "002_b.sql"), "SELECT 2;");
    const old = "a".repeat(64);
    fs.writeFileSync(path.join(dir, SUPERSEDES_FILE), JSON.stringify({ "002_b.sql": [old] }));
    expect(readMigrationDir(dir, "m/sql")).toEqual([
      { name: "001_a.sql", sql: "SELECT 1;", checksum: checksum("SELECT 1;") },
      { name: "002_b.sql", sql: "SELECT 2;", checksum: checksum("SELECT 2;"), supersedes: [old] },
    ]);
    fs.writeFileSync(path.join(dir, SUPERSEDES_FILE), JSON.stringify({ "003_c.sql": [old] }));
    expect(() => readMigrationDir(dir, "m/sql")).toThrow("m/sql/supersedes.json: names 003_c.sql, which is not a migration file of the folder");
    fs.writeFileSync(path.join(dir, SUPERSEDES_FILE), JSON.stringify({ "001_a.sql": ["abc"] }));
    expect(() => readMigrationDir(dir, "m/sql")).toThrow("m/sql/supersedes.json: 001_a.sql.0: a checksum is a sha256 in hex");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
