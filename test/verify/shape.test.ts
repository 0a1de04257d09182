// verify sees the shape of tables (issue 23 item 3): on a database holding the jobs module, a CHECK
// dropped by hand, a NOT VALID constraint, a changed default, the enum type moved to another schema,
// a trigger removed and an index dropped are each a finding naming the object and the fix; a
// freshly applied module has none, and tables in its schema that are not the module's are no finding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { verifyDatabase } from "../../verify/verify";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

let db: TestDatabase;
const shapeFindings = async () => (await verifyDatabase(db.url, ["jobs"])).findings.filter((f) => f.rule === "shape");

beforeAll(async () => {
  db = await createTestDatabase("verify_shape");
  await applyModuleSql(db.url, ["jobs"]);
});
afterAll(async () => {
  await db?.drop();
});

describe("verify and the shape of tables", () => {
  it("finds nothing on the module as its files make it, nor in a table of someone else's in its schema", async () => {
    await withClient(db.url, (c) => c.query("CREATE TABLE jobs.notes_by_hand (id int PRIMARY KEY)"));
    expect(await shapeFindings()).toEqual([]);
  });

  it("names each change made by hand, with its fix", async () => {
    const trigger = (
      await withClient(db.url, (c) => c.query("SELECT tgname FROM pg_trigger WHERE tgrelid = 'jobs.jobs'::regclass AND NOT tgisinternal ORDER BY 1 LIMIT 1"))
    ).rows[0]?.tgname as string;
    expect(trigger).toBeTruthy();
    await withClient(db.url, async (c) => {
      await c.query("ALTER TABLE jobs.jobs DROP CONSTRAINT jobs_agent_identifier_not_blank");
      await c.query("ALTER TABLE jobs.jobs DROP CONSTRAINT jobs_updated_after_created");
      await c.query("ALTER TABLE jobs.jobs ADD CONSTRAINT jobs_updated_after_created CHECK (updated_at >= created_at) NOT VALID");
      await c.query("ALTER TABLE jobs.jobs ALTER COLUMN status SET DEFAULT 'running'");
      await c.query(`DROP TRIGGER ${JSON.stringify(trigger)} ON jobs.jobs`);
      await c.query("DROP INDEX jobs.idx_jobs_agent_identifier");
      await c.query("CREATE SCHEMA elsewhere; ALTER TYPE jobs.job_status SET SCHEMA elsewhere");
    });
    const found = await shapeFindings();
    const about = (text: string) => found.filter((f) => f.object.includes(text));
    expect(about("jobs_agent_identifier_not_blank")[0]).toMatchObject({ problem: expect.stringContaining("missing"), fix: expect.stringContaining("ADD CONSTRAINT") });
    expect(about("jobs_updated_after_created")[0]?.problem).toContain("NOT VALID");
    expect(about("jobs.jobs.status").map((f) => f.problem).join("\n")).toMatch(/default/);
    expect(about("jobs.jobs.status").map((f) => f.problem).join("\n")).toMatch(/elsewhere/);
    expect(about(trigger)[0]).toMatchObject({ problem: expect.stringContaining("missing"), fix: expect.stringContaining("CREATE TRIGGER") });
    expect(about("idx_jobs_agent_identifier")[0]).toMatchObject({ problem: expect.stringContaining("missing"), fix: expect.stringContaining("CREATE INDEX") });
    for (const f of found) expect(f.fix.length).toBeGreaterThan(10);
    // The scratch schema the declaration was read in is gone (its transaction was rolled back).
    const left = await withClient(db.url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'supastack\\_shape\\_%'"));
    expect(left.rows).toEqual([]);
  });
});
