import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinModule, builtinSchemas, MODULE_NAMES } from "./catalog";
import { definitionProblems, moduleFiles } from "./define";
import { collisionProblems, defineModule, resolveModule } from "./toolkit";
import { seedersOf } from "../../seeds/api";

const taken = { modules: MODULE_NAMES, schemas: builtinSchemas() };
const valid = {
  name: "crm",
  sql: "sql/crm",
  tables: [{ name: "companies", grants: { authenticated: ["SELECT"] } }],
  policies: [{ table: "companies", name: "own", command: "SELECT", roles: ["authenticated"], using: "(select auth.uid()) = owner_id" }],
};

describe("defineModule validation", () => {
  it("accepts a valid definition", () => {
    expect(definitionProblems(valid, taken)).toEqual([]);
  });
  it("names the field of every problem", () => {
    expect(definitionProblems({ ...valid, name: "Bad-Name" }, taken)).toEqual([expect.stringMatching(/^module Bad-Name: name: name is lower-case letters/)]);
    expect(definitionProblems({ ...valid, tables: [] }, taken)).toEqual(["module crm: tables: tables lists at least one table (RLS is turned on for each)"]);
    expect(definitionProblems({ ...valid, policies: [{ ...valid.policies[0], command: "SELEKT" }] }, taken)[0]).toMatch(/^module crm: policies\.0\.command: /);
    expect(definitionProblems({ ...valid, policies: [{ ...valid.policies[0], table: "people" }] }, taken)).toEqual(["module crm: policies[0].table: people is not in tables"]);
    expect(definitionProblems({ ...valid, seed: 42 }, taken)).toEqual(["module crm: seed: seed is a function (ctx) => void that writes rows"]);
    expect(definitionProblems({ ...valid, extra: true }, taken)[0]).toMatch(/^module crm: .*extra/);
  });
  it("refuses our module names, our schemas and Supabase's", () => {
    expect(definitionProblems({ ...valid, name: "jobs" }, taken)).toEqual([
      "module jobs: name: jobs is one of supastack's modules; pick another name",
      "module jobs: schema: jobs belongs to one of supastack's modules",
    ]);
    expect(definitionProblems({ ...valid, schema: "support" }, taken)).toEqual(["module crm: schema: support belongs to one of supastack's modules"]);
    expect(definitionProblems({ ...valid, schema: "auth" }, taken)[0]).toMatch(/schema: auth is a Supabase or system schema/);
    expect(definitionProblems({ ...valid, schema: "pg_x" }, taken)[0]).toMatch(/schema: schema may not start with pg_/);
  });
  it("carries the table rules of our own modules (column grants)", () => {
    const tables = [{ name: "companies", grants: { authenticated: ["INSERT"] }, columns: { authenticated: { INSERT: ["name"] } } }];
    expect(definitionProblems({ ...valid, tables }, taken)[0]).toMatch(/role authenticated has both table-level INSERT/);
  });
  it("throws from defineModule with every problem", () => {
    expect(() => defineModule({ ...valid, name: "jobs" } as never)).toThrow(/defineModule: 2 problem\(s\):\n  module jobs: name/);
  });
});

describe("module objects", () => {
  it("resolves a relative sql folder from the base directory and parses its files", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "define-"));
    fs.mkdirSync(path.join(dir, "sql", "crm"), { recursive: true });
    fs.writeFileSync(path.join(dir, "sql", "crm", "001_tables.sql"), "CREATE TABLE crm.companies (id int);");
    const crm = defineModule(valid as never, { baseDir: dir });
    expect(crm).toMatchObject({ name: "crm", schema: "crm", sqlDir: path.join(dir, "sql", "crm"), sqlLabel: "sql/crm", builtin: false });
    expect((await moduleFiles(crm)).map((f) => f.name)).toEqual(["001_tables.sql"]);
    fs.writeFileSync(path.join(dir, "sql", "crm", "002_bad.sql"), "CREATE TABLE (;");
    await expect(moduleFiles(crm)).rejects.toThrow(/invalid SQL in module crm, nothing was applied:\n  sql\/crm\/002_bad\.sql: /);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it("gives our modules as objects with their folder; seed() finds their generator by name", () => {
    const jobs = builtinModule("jobs");
    expect(jobs).toMatchObject({ name: "jobs", schema: "jobs", sqlLabel: "sql/jobs", builtin: true });
    expect(jobs.seeder).toBeUndefined();
    expect(seedersOf([jobs]).map((s) => s.module)).toEqual(["jobs"]);
    expect(fs.existsSync(path.join(jobs.sqlDir, "001_jobs.sql"))).toBe(true);
    expect(resolveModule("support").name).toBe("support");
    expect(() => resolveModule("crm")).toThrow(/module crm: not one of supastack's modules/);
  });
  it("refuses two modules with one name or one schema", () => {
    expect(collisionProblems([{ name: "a", schema: "a" }, { name: "b", schema: "b" }])).toEqual([]);
    expect(collisionProblems([{ name: "a", schema: "x" }, { name: "b", schema: "x" }])).toEqual(["modules[1]: b (schema x) collides with modules[0] a (schema x)"]);
  });
});
