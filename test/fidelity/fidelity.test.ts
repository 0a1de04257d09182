// Source fidelity: every table and column of the five source documents (written down as data in
// test/fidelity/<module>.ts) is found by name in a database where `pulumi up` applied all five
// modules, with the source's types, NOT NULL, defaults, CHECK value sets, uniques, foreign keys
// (ON DELETE included), indexes, enums, views, functions and triggers. Each difference is named.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";
import { type Catalog, compare, normaliseType, readCatalog } from "./check";
import type { SourceModule } from "./types";

async function sourceOf(module: string): Promise<SourceModule | undefined> {
  const file = path.join(__dirname, `${module}.ts`);
  if (!fs.existsSync(file)) return undefined;
  return ((await import(file)) as { source: SourceModule }).source;
}

describe("the fidelity check itself", () => {
  const catalog: Catalog = {
    columns: [
      { table: "jobs", column: "id", type: "uuid", notNull: true, default: "gen_random_uuid()" },
      { table: "jobs", column: "status", type: "text", notNull: true, default: "'pending'::text" },
    ],
    checks: [{ table: "jobs", columns: ["status"], definition: "CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text])))" }],
    uniques: [{ table: "jobs", columns: ["id"] }],
    foreignKeys: [],
    indexes: [],
    enums: [],
    views: [],
    functions: [],
    triggers: [],
  };
  it("names a missing column, a changed type, a narrowed CHECK and a missing foreign key", () => {
    const problems = compare(
      {
        module: "jobs",
        document: "jobs.md",
        tables: [
          {
            name: "jobs",
            columns: [
              { name: "id", type: "UUID", notNull: true, default: "gen_random_uuid()" },
              { name: "status", type: "VARCHAR(20)", notNull: true, checkValues: ["pending", "running", "failed"] },
              { name: "agent_identifier", type: "text", notNull: true },
            ],
            foreignKeys: [{ columns: ["user_id"], references: "auth.users", onDelete: "CASCADE" }],
          },
        ],
      },
      catalog,
    );
    expect(problems).toEqual([
      "jobs.jobs.status (jobs.md): type is text, source says VARCHAR(20)",
      "jobs.jobs.status (jobs.md): CHECK does not allow failed",
      "jobs.jobs.agent_identifier (jobs.md): column is missing",
      "jobs.jobs (jobs.md): no foreign key (user_id) REFERENCES auth.users(id)",
    ]);
  });
  it("reads the source's type spellings as PostgreSQL prints them", () => {
    expect(normaliseType("VARCHAR(255)")).toBe("character varying(255)");
    expect(normaliseType("DECIMAL(3, 2)")).toBe("numeric(3,2)");
    expect(normaliseType("TIMESTAMP WITH TIME ZONE")).toBe("timestamp with time zone");
    expect(normaliseType("TIMESTAMPTZ")).toBe("timestamp with time zone");
    expect(normaliseType("TEXT[]")).toBe("text[]");
    expect(normaliseType("BIGSERIAL")).toBe("bigint");
  });
});

describe("every source table and column, by name, after up", () => {
  let applied: AppliedDatabase;
  beforeAll(async () => {
    applied = await databaseWithModules("fidelity");
  });
  afterAll(async () => {
    await applied?.dispose();
  });

  for (const module of MODULE_NAMES) {
    it(`${module} matches its source document`, async () => {
      const source = await sourceOf(module);
      expect(source, `test/fidelity/${module}.ts (the source document as data) is missing`).toBeDefined();
      if (!source) return;
      const catalog = await withClient(applied.db.url, (c) => readCatalog(c, module));
      const problems = compare(source, catalog);
      const columns = source.tables.reduce((n, t) => n + t.columns.length, 0);
      console.log(`fidelity ${module}: ${source.tables.length} tables, ${columns} columns from ${source.document}, ${problems.length} differences`);
      expect(problems).toEqual([]);
    });
  }
});
