// The legacy databases adopt is tested against (test/helpers/legacy.ts, test/fixtures/legacy/):
// for every module and both placements, the source document's SQL runs on a Supabase-shaped
// database (postgres not a superuser, auth owned by supabase_admin), its tables and columns are
// the source's (test/fidelity/<module>.ts, by name and type, nothing more), a few hundred rows are
// in, the users are in auth.users, and the rows that break the module's additions are the ones
// each generator's header documents (issue 24: 12 of 476 support rows, 4 of 200 jobs). The same
// seed gives the same rows (checksums).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { fingerprintSchemas } from "../../providers/postgres/rows";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { buildLegacyDatabase, fixtureTables, legacyFixtureSql, legacyOptionProblems, type LegacyDatabase, type LegacyPlacement } from "../helpers/legacy";
import { addedConstraints, type CatalogSide } from "../helpers/legacy/violations";
import { normaliseType, readCatalog } from "../fidelity/check";
import type { SourceModule } from "../fidelity/types";

/** What each generator's header says its rows break: constraint -> rows. */
const EXPECTED: Record<string, Record<string, number>> = {
  jobs: { jobs_finished_completed: 4 },
  support: { users_email_format: 3, conversations_session_id_not_blank: 2, messages_content_not_blank: 4, escalations_contact_info_object: 3 },
  voice: {
    test_calls_duration_seconds_check: 2,
    test_calls_ended_after_started: 2,
    call_results_extraction_confidence_check: 1,
    call_results_sentiment_score_check: 1,
    call_results_call_quality_score_check: 1,
  },
  contact_center: {
    users_id_fkey: 2,
    agents_busy_matches_type: 2,
    interactions_end_matches_status: 3,
    interactions_duration_nonnegative: 1,
    tool_permissions_response_matches_status: 2,
    tool_permissions_answered_in_window: 1,
  },
  agentflow: {
    messages_conversation_id_fkey: 2,
    shared_memory_conversation_id_fkey: 1,
    "messages.metadata NOT NULL": 2,
    leads_lead_score_check: 2,
    "leads.services_interested NOT NULL": 3,
    leads_email_check: 1,
    workflow_executions_workflow_type_check: 1,
  },
};

async function sourceOf(module: string): Promise<SourceModule> {
  return ((await import(`../fidelity/${module}`)) as { source: SourceModule }).source;
}

describe("the options and the fixtures themselves", () => {
  it("refuses an unknown module, an unknown placement and two modules whose tables collide in public", () => {
    expect(legacyOptionProblems({ modules: ["jobz"], placement: "public" })).toEqual([`modules: jobz is not a module (${MODULE_NAMES.join(", ")})`]);
    expect(legacyOptionProblems({ modules: ["jobs"], placement: "elsewhere" as LegacyPlacement })).toEqual(['placement: elsewhere is neither "public" nor "module"']);
    expect(legacyOptionProblems({ modules: ["support", "agentflow"], placement: "public" })).toEqual([
      "modules: support and agentflow both have a table conversations: they cannot share public",
      "modules: support and agentflow both have a table messages: they cannot share public",
    ]);
    expect(legacyOptionProblems({ modules: ["support", "agentflow"], placement: "module" })).toEqual([]);
  });

  it("each fixture creates exactly the source document's tables", async () => {
    for (const m of MODULE_NAMES) {
      const source = await sourceOf(m);
      expect(fixtureTables(legacyFixtureSql(m)).sort(), m).toEqual(source.tables.map((t) => t.name).sort());
    }
  });

  it("a declared constraint counts as added only when the legacy table lacks its definition", () => {
    const side = (constraints: CatalogSide["constraints"]): CatalogSide => ({ constraints, columns: [{ table: "jobs", column: "id", type: "uuid", default: null }], primaryKeys: { jobs: ["id"] } });
    const check = (name: string, definition: string) => ({ table: "jobs", name, kind: "check" as const, definition, columns: ["status"] });
    const declared = side([check("a", "CHECK ((status <> 'x'))"), check("b", "CHECK ((status <> 'y'))")]);
    const legacy = side([check("other_name", "CHECK ((status  <> 'x'))")]);
    expect(addedConstraints(declared, legacy).map((c) => c.name)).toEqual(["b"]);
  });
});

for (const placement of ["public", "module"] as const) {
  describe(`legacy databases, placement ${placement}`, () => {
    for (const module of MODULE_NAMES) {
      describe(module, () => {
        let db: TestDatabase;
        let built: LegacyDatabase;
        beforeAll(async () => {
          db = await createTestDatabase(`legacy_${module}_${placement}`);
          built = await buildLegacyDatabase(db.url, { modules: [module], placement });
        });
        afterAll(async () => {
          await db?.drop();
        });

        it("holds the source's tables and columns by name and type, with a few hundred rows", async () => {
          const schema = placement === "public" ? "public" : module;
          expect(built.schemas).toEqual({ [module]: schema });
          const source = await sourceOf(module);
          const catalog = await withClient(db.url, (c) => readCatalog(c, schema));
          for (const table of source.tables) {
            const live = catalog.columns.filter((c) => c.table === table.name);
            expect(live.map((c) => c.column).sort(), `${module}.${table.name}`).toEqual(table.columns.map((c) => c.name).sort());
            for (const col of table.columns) {
              const type = live.find((c) => c.column === col.name)!.type.replace(new RegExp(`^"?${schema}"?\\.`), "");
              expect(normaliseType(type), `${module}.${table.name}.${col.name}`).toBe(normaliseType(col.type));
            }
          }
          const total = built.tables.reduce((n, t) => n + t.rows, 0);
          expect(total).toBeGreaterThanOrEqual(200);
          expect(built.tables.every((t) => t.rows > 0 && t.schema === schema)).toBe(true);
        });

        it("its users are GoTrue's: in auth.users with an email identity", async () => {
          const { rows } = await withClient(db.url, (c) =>
            c.query(`SELECT count(*)::int AS users, count(i.id)::int AS identities, count(*) FILTER (WHERE u.instance_id = '00000000-0000-0000-0000-000000000000' AND u.aud = 'authenticated')::int AS gotrue
                       FROM auth.users u LEFT JOIN auth.identities i ON i.user_id = u.id AND i.provider = 'email'`),
          );
          expect(rows[0].users).toBeGreaterThan(0);
          expect(rows[0]).toEqual({ users: rows[0].users, identities: rows[0].users, gotrue: rows[0].users });
        });

        it("names the rows that break each constraint the module adds, as its generator documents", async () => {
          const found = Object.fromEntries(built.violations.map((v) => [v.constraint, v.count]));
          expect(found).toEqual(EXPECTED[module]);
          for (const v of built.violations) {
            expect(v.keys).toHaveLength(v.count);
            expect(new Set(v.keys).size).toBe(v.count);
          }
          if (module === "support" || module === "jobs") {
            const rows = built.tables.reduce((n, t) => n + t.rows, 0);
            const bad = new Set(built.violations.flatMap((v) => v.keys));
            expect([bad.size, rows]).toEqual(module === "support" ? [12, 476] : [4, 200]);
          }
        });
      });
    }
  });
}

describe("determinism", () => {
  it("the same seed gives the same rows; another seed other rows", async () => {
    const dbs = await Promise.all([1, 1, 2].map((n, i) => createTestDatabase(`legacy_seed_${n}_${i}`)));
    try {
      const prints = [];
      for (const [i, db] of dbs.entries()) {
        await buildLegacyDatabase(db.url, { modules: ["jobs", "voice"], placement: "public", seed: i === 2 ? 2 : 1 });
        const fp = await withClient(db.url, (c) => fingerprintSchemas(c, ["public"]));
        prints.push([...fp.values()].map((f) => `${f.table}:${f.rows}:${f.checksum}`).sort());
      }
      expect(prints[1]).toEqual(prints[0]);
      expect(prints[2]).not.toEqual(prints[0]);
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
    }
  });
});
