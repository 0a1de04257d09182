import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinModule, resolveModule, seedersOf } from "./catalog";
import { defineModule, definitionProblems, moduleFiles } from "./define";
import { collisionProblems } from "./toolkit";

const valid = {
  name: "crm",
  sql: "sql/crm",
  tables: [{ name: "companies", grants: { authenticated: ["SELECT"] } }],
  policies: [{ table: "companies", name: "own", command: "SELECT", roles: ["authenticated"], using: "(select auth.uid()) = owner_id" }],
};

/** A definition named like ours whose folder is ours. */
const builtinDefinition = () => ({ ...valid, sql: builtinModule("jobs").sqlDir });

describe("defineModule validation", () => {
  it("accepts a valid definition", () => {
    expect(definitionProblems(valid)).toEqual([]);
  });
  it("names the field of every problem", () => {
    expect(definitionProblems({ ...valid, name: "Bad-Name" })).toEqual([expect.stringMatching(/^module Bad-Name: name: name is lower-case letters/)]);
    expect(definitionProblems({ ...valid, tables: [] })).toEqual(["module crm: tables: tables lists at least one table (RLS is turned on for each)"]);
    expect(definitionProblems({ ...valid, policies: [{ ...valid.policies[0], command: "SELEKT" }] })[0]).toMatch(/^module crm: policies\.0\.command: /);
    expect(definitionProblems({ ...valid, policies: [{ ...valid.policies[0], table: "people" }] })).toEqual(["module crm: policies[0].table: people is not in tables"]);
    expect(definitionProblems({ ...valid, seed: 42 })).toEqual(["module crm: seed: seed is a function (ctx) => void that writes rows"]);
    expect(definitionProblems({ ...valid, extra: true })[0]).toMatch(/^module crm: .*extra/);
  });
  it("refuses our module names, our schemas and Supabase's (ours keep theirs only in their own folders)", () => {
    expect(definitionProblems({ ...builtinDefinition(), name: "jobs" }, builtinModule("jobs").sqlDir)).toEqual([]);
    expect(definitionProblems({ ...valid, name: "jobs" })).toEqual([
      "module jobs: name: jobs is one of supastack's modules; pick another name",
      "module jobs: schema: jobs belongs to one of supastack's modules",
    ]);
    expect(definitionProblems({ ...valid, schema: "support" })).toEqual(["module crm: schema: support belongs to one of supastack's modules"]);
    expect(definitionProblems({ ...valid, schema: "auth" })[0]).toMatch(/schema: auth is a Supabase or system schema/);
    expect(definitionProblems({ ...valid, schema: "pg_x" })[0]).toMatch(/schema: schema may not start with pg_/);
  });
  it("carries the table rules of our own modules (column grants)", () => {
    const tables = [{ name: "companies", grants: { authenticated: ["INSERT"] }, columns: { authenticated: { INSERT: ["name"] } } }];
    expect(definitionProblems({ ...valid, tables })[0]).toMatch(/role authenticated has both table-level INSERT/);
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
  it("gives our modules as objects made by defineModule, their generators loaded when seeded", async () => {
    const jobs = builtinModule("jobs");
    expect(jobs).toMatchObject({ name: "jobs", schema: "jobs", sqlLabel: "modules/jobs/sql", builtin: true, seedable: true });
    expect((await seedersOf([jobs, "support"])).map((s) => s.module)).toEqual(["jobs", "support"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "define-"));
    fs.mkdirSync(path.join(dir, "sql", "crm"), { recursive: true });
    fs.writeFileSync(path.join(dir, "sql", "crm", "001_tables.sql"), "CREATE TABLE companies (id bigserial PRIMARY KEY, owner_id uuid, name text);");
    const crm = defineModule({ ...valid, seed: (ctx) => void ctx.table("companies").insert([null, "a"]) } as never, { baseDir: dir });
    const [seeder] = await seedersOf([crm]);
    // The generator's table takes its columns from the module's SQL (the serial id left to the database).
    expect(seeder?.tables({ seed: 1, profile: "dev", scale: 1 }).map((t) => [t.table, t.columns])).toEqual([["companies", ["owner_id", "name"]]]);
    fs.rmSync(dir, { recursive: true, force: true });
    await expect(seedersOf([defineModule(valid as never)])).rejects.toThrow("seed: modules[0]: module crm has no seed generator (give defineModule a seed)");
    await expect(seedersOf(["nope"])).rejects.toThrow(/module nope: not one of supastack's modules/);
    expect(fs.existsSync(path.join(jobs.sqlDir, "001_jobs.sql"))).toBe(true);
    expect(resolveModule("support").name).toBe("support");
    expect(() => resolveModule("crm")).toThrow(/module crm: not one of supastack's modules/);
  });
  it("refuses a module listed twice (modules sharing a schema are checked by their objects: objects.test.ts)", () => {
    expect(collisionProblems([{ name: "a", schema: "x" }, { name: "b", schema: "x" }])).toEqual([]);
    expect(collisionProblems([{ name: "a", schema: "a" }, { name: "a", schema: "b" }])).toEqual(["modules[1]: a is listed twice (modules[0])"]);
  });
});
