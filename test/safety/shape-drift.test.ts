// refresh and up see the shape of tables (issue 23 item 3), through the real engine and the real
// `supastack` CLI, on a stack that keeps its rows (target url) and whose jobs table holds seeded rows:
// a CHECK dropped by hand, a changed default, the enum type moved to another schema and a trigger
// removed are recorded by `refresh` as drift (so `preview --expect-no-changes` fails), `up` restores
// each declaration without touching a row (fingerprints equal), then verify is clean and preview is
// converged. A column whose type was changed by hand is refused at preview naming the column and
// --allow-data-loss; with the flag, up restores its type, and the values survive the round trip.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { fingerprintSchemas, type TableFingerprint } from "../../providers/postgres/rows";
import { type UrlStack, urlStack } from "./url-stack";

let s: UrlStack;
const prints = (): Promise<Map<string, TableFingerprint>> => withClient(s.db.url, (c) => fingerprintSchemas(c, ["jobs"]));
const sql = (text: string) => withClient(s.db.url, (c) => c.query(text));

beforeAll(async () => {
  s = await urlStack("shape", ["jobs"]);
});
afterAll(async () => {
  await s?.dispose();
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("refresh and up see the shape of tables", () => {
  it("records hand-made drift, restores it without touching rows, and refuses a rewrite without the flag", { timeout: 600_000 }, async () => {
    const up = await s.run(["up", "--stack", s.name]);
    expect(up.code, up.output).toBe(0);
    const seed = await s.run(["seed", "--stack", s.name, "--profile", "dev"]);
    expect(seed.code, seed.output).toBe(0);
    const before = await prints();
    expect(before.get("jobs.jobs")?.rows).toBeGreaterThan(50);

    const trigger = (await sql("SELECT tgname FROM pg_trigger WHERE tgrelid = 'jobs.jobs'::regclass AND NOT tgisinternal ORDER BY 1 LIMIT 1")).rows[0]?.tgname as string;
    expect(trigger).toBeTruthy();
    await sql(`
      ALTER TABLE jobs.jobs DROP CONSTRAINT jobs_agent_identifier_not_blank;
      ALTER TABLE jobs.jobs ALTER COLUMN status SET DEFAULT 'running';
      DROP TRIGGER ${JSON.stringify(trigger)} ON jobs.jobs;
      CREATE SCHEMA elsewhere; ALTER TYPE jobs.job_status SET SCHEMA elsewhere;`);

    // Without refresh the state still says converged; refresh records the drift, and preview tells the truth.
    const refresh = await s.run(["refresh", "--stack", s.name]);
    expect(refresh.code, refresh.output).toBe(0);
    const drifted = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(drifted.code, drifted.output).toBe(2);
    expect(drifted.output).toMatch(/migrations-jobs|Migration/);

    const repair = await s.run(["up", "--stack", s.name]);
    expect(repair.code, repair.output).toBe(0);
    const shape = await sql(`
      SELECT (SELECT count(*) FROM pg_constraint WHERE conname = 'jobs_agent_identifier_not_blank' AND convalidated) AS checks,
             (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
               WHERE d.adrelid = 'jobs.jobs'::regclass AND a.attname = 'status') AS status_default,
             (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'jobs.jobs'::regclass AND tgname = '${trigger}') AS triggers,
             (SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'job_status') AS type_schema`);
    expect(shape.rows[0]).toMatchObject({ checks: "1", triggers: "1", type_schema: "jobs" });
    expect(String(shape.rows[0]?.status_default)).not.toContain("running");
    expect(await prints()).toEqual(before);

    const verify = await s.run(["verify", "--stack", s.name]);
    expect(verify.code, verify.output).toBe(0);
    await s.run(["refresh", "--stack", s.name]);
    const converged = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(converged.code, converged.output).toBe(0);

    // A column's type changed by hand: restoring it rewrites the table, so it needs the flag.
    await sql("ALTER TABLE jobs.jobs ALTER COLUMN agent_identifier TYPE varchar(200)");
    await s.run(["refresh", "--stack", s.name]);
    const refused = await s.run(["preview", "--stack", s.name]);
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/jobs\.jobs\.agent_identifier/);
    expect(refused.output).toMatch(/--allow-data-loss/);
    const allowed = await s.run(["up", "--stack", s.name, "--allow-data-loss"]);
    expect(allowed.code, allowed.output).toBe(0);
    const type = await sql("SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'jobs.jobs'::regclass AND attname = 'agent_identifier'");
    expect(type.rows[0]?.t).toBe("text");
    expect(await prints()).toEqual(before);
    await s.run(["refresh", "--stack", s.name]);
    const after = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(after.code, after.output).toBe(0);
  });
});
