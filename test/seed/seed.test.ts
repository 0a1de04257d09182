// The seeding engine against a real PostgreSQL with every module's tables, constraints and
// triggers: deterministic bytes, realistic and consistent data, all-or-nothing, --reset.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase, seedPlan } from "../../seeds/api";
import { SEEDERS } from "../../seeds/index";
import { withClient } from "../../stacks/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const MODULES = SEEDERS.map((s) => s.module);
let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

/** md5 of every seeded table's rows in primary-key order. */
async function checksums(): Promise<Record<string, string>> {
  const tables = await q(
    `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = ANY ($1) ORDER BY 1`,
    [[...MODULES, "auth"]],
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [schema, table] = String(t).split(".");
    const [row] = await q(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS h FROM "${schema}"."${table}" x`);
    out[t] = `${row?.n}:${row?.h}`;
  }
  return out;
}

async function totalRows(): Promise<number> {
  const sums = await checksums();
  return Object.values(sums).reduce((a, v) => a + Number(v.split(":")[0]), 0);
}

beforeAll(async () => {
  db = await createTestDatabase("seed");
  await applyModuleSql(db.url, MODULES);
});
afterAll(async () => {
  await db?.drop();
});

describe("seeding every module", () => {
  let first: Record<string, string>;

  it("plans tables in FK order with row estimates, and --dry-run writes nothing", async () => {
    const plan = await seedPlan({ url: db.url, profile: "dev", seed: 1 });
    const tables = plan.map((p) => p.table);
    expect(tables.indexOf("support.users")).toBeLessThan(tables.indexOf("support.conversations"));
    expect(tables.indexOf("support.conversations")).toBeLessThan(tables.indexOf("support.messages"));
    expect(tables.indexOf("contact_center.interactions")).toBeLessThan(tables.indexOf("contact_center.interaction_archives"));
    expect(plan.every((p) => p.estimate > 0)).toBe(true);
    const out = execFileSync(process.execPath, ["dist/cli/main.js", "seed", "--dry-run", "--database-url", db.url], { encoding: "utf8" });
    expect(out).toMatch(/support\.messages\s+~\d+/);
    expect(out).toMatch(/nothing was written/);
    expect(await totalRows()).toBe(0);
  });

  it("loads the dev profile with every constraint and trigger on", async () => {
    const result = await seedDatabase({ url: db.url, profile: "dev", seed: 7, quiet: true });
    expect(result.rows).toBeGreaterThan(10_000);
    first = await checksums();
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(20);
  });

  it("gives the same bytes for the same seed (and --reset is idempotent)", async () => {
    await seedDatabase({ url: db.url, profile: "dev", seed: 7, reset: true, quiet: true });
    expect(await checksums()).toEqual(first);
    await seedDatabase({ url: db.url, profile: "dev", seed: 8, reset: true, quiet: true });
    expect(await checksums()).not.toEqual(first);
    await seedDatabase({ url: db.url, profile: "dev", seed: 7, reset: true, quiet: true });
    expect(await checksums()).toEqual(first);
  });

  it("refuses to seed on top of seeded data without --reset, and leaves the data as it was", async () => {
    await expect(seedDatabase({ url: db.url, profile: "dev", seed: 7, quiet: true })).rejects.toThrow(/duplicate key/);
    expect(await checksums()).toEqual(first);
  });

  it("support: unique emails from names, increasing conversations, alternating messages, escalations quoting a member", async () => {
    expect(await q("SELECT count(*) - count(DISTINCT email) AS dup FROM support.users")).toEqual([{ dup: "0" }]);
    const [named] = await q(
      "SELECT bool_and(lower(email) LIKE '%' || lower(regexp_replace(split_part(full_name, ' ', 2), '[^A-Za-z0-9]', '', 'g')) || '%') AS ok FROM support.users",
    );
    expect(named?.ok).toBe(true);
    const [alternating] = await q(`
      SELECT bool_and(role = CASE WHEN rn % 2 = 1 THEN 'user' ELSE 'assistant' END) AS ok
        FROM (SELECT role, row_number() OVER (PARTITION BY conversation_id ORDER BY created_at) AS rn FROM support.messages) m`);
    expect(alternating?.ok).toBe(true);
    const [increasing] = await q(`
      SELECT bool_and(created_at > prev) AS ok FROM (
        SELECT created_at, lag(created_at) OVER (PARTITION BY user_id ORDER BY created_at) AS prev FROM support.conversations) c
       WHERE prev IS NOT NULL`);
    expect(increasing?.ok).toBe(true);
    const [quoted] = await q(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM support.messages m WHERE m.conversation_id = e.conversation_id AND m.role = 'user' AND m.content = e.original_request))::int AS quoting
        FROM support.escalations e`);
    expect(quoted?.n).toBeGreaterThan(0);
    expect(quoted?.quoting).toBe(quoted?.n);
    const [share] = await q("SELECT (SELECT count(*) FROM support.escalations)::float / (SELECT count(*) FROM support.conversations) AS s");
    expect(share?.s).toBeLessThan(0.35);
  });

  it("voice: drivers reused, realistic statuses, retries only on failed calls, results agree with their scenario", async () => {
    const [calls] = await q("SELECT count(*)::int AS calls, count(DISTINCT driver_phone)::int AS drivers FROM voice.test_calls");
    expect(calls?.drivers).toBeLessThan(calls?.calls / 3);
    const statuses = Object.fromEntries((await q("SELECT status, count(*)::int AS n FROM voice.test_calls GROUP BY 1")).map((r) => [r.status, r.n]));
    expect(statuses.completed).toBeGreaterThan(calls?.calls / 2);
    for (const s of ["no_answer", "busy", "failed"]) expect(statuses[s]).toBeGreaterThan(0);
    expect(await q("SELECT count(*)::int AS n FROM voice.test_calls WHERE retry_count > 0 AND status <> 'failed'")).toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM voice.test_calls WHERE load_number !~ '^LD-[0-9]{6}$'")).toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.test_call_id WHERE c.status <> 'completed'")).toEqual([{ n: 0 }]);
    const disagree = await q(`
      SELECT c.id FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.test_call_id
       WHERE r.structured_data ->> 'scenario' <> c.scenario_type
          OR r.structured_data ->> 'load_number' <> c.load_number
          OR (c.scenario_type = 'check-in' AND (
                position(r.structured_data ->> 'current_location' IN r.transcript) = 0
             OR position('About ' || (r.structured_data ->> 'eta_hours') || ' hours' IN r.transcript) = 0
             OR ((r.structured_data ->> 'delayed')::boolean AND position(r.structured_data ->> 'delay_reason' IN r.transcript) = 0)))
          OR (c.scenario_type = 'emergency' AND (
                position(r.structured_data ->> 'location' IN r.transcript) = 0
             OR ((r.structured_data ->> 'injuries')::boolean <> (r.transcript LIKE '%I''m hurt%'))
             OR ((r.structured_data ->> 'driver_safe')::boolean <> (r.transcript LIKE '%pulled over on the shoulder%'))))`);
    expect(disagree).toEqual([]);
    expect(await q("SELECT count(*)::int AS n FROM voice.call_results WHERE structured_data @> '{\"scenario\": \"emergency\"}'")).not.toEqual([{ n: 0 }]);
  });

  it("contact_center: at most 3 agents per supervisor of its type, metrics every 5 s, permissions within 6 minutes, FCR applied", async () => {
    expect(
      await q(`SELECT count(*)::int AS n FROM (SELECT supervisor_id FROM contact_center.agents GROUP BY 1 HAVING count(*) > 3) x`),
    ).toEqual([{ n: 0 }]);
    expect(
      await q(`SELECT count(*)::int AS n FROM contact_center.agents a JOIN contact_center.users u ON u.id = a.supervisor_id WHERE u.supervisor_type <> a.agent_type`),
    ).toEqual([{ n: 0 }]);
    const [gaps] = await q(`
      SELECT count(*) FILTER (WHERE gap <> interval '5 seconds')::int AS bad FROM (
        SELECT recorded_at - lag(recorded_at) OVER (PARTITION BY interaction_id ORDER BY recorded_at) AS gap FROM contact_center.realtime_metrics) g
       WHERE gap IS NOT NULL`);
    expect(gaps?.bad).toBe(0);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.tool_permissions WHERE status = 'timed_out'")).not.toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.interaction_archives WHERE NOT first_contact_resolved")).not.toEqual([{ n: 0 }]);
    expect(await q("SELECT count(*)::int AS n FROM contact_center.interaction_archives WHERE csat NOT BETWEEN 0 AND 100 OR jsonb_typeof(tags) <> 'array'")).toEqual([{ n: 0 }]);
  });

  it("agentflow: replies point at an earlier message of the same conversation; lead scores follow status", async () => {
    const bad = await q(`
      SELECT m.id FROM agentflow.messages m JOIN agentflow.messages p ON p.id = m.parent_message_id
       WHERE p.conversation_id <> m.conversation_id OR p.created_at >= m.created_at`);
    expect(bad).toEqual([]);
    const [scores] = await q(`SELECT avg(score) FILTER (WHERE status = 'won') > avg(score) FILTER (WHERE status = 'lost') AS ok FROM agentflow.leads`);
    expect(scores?.ok).toBe(true);
  });

  it("jobs: timestamps agree with status", async () => {
    const bad = await q(`
      SELECT id FROM jobs.jobs WHERE (status = 'pending' AND started_at IS NOT NULL) OR (status = 'running' AND completed_at IS NOT NULL)
         OR (status = 'failed' AND error_message IS NULL)`);
    expect(bad).toEqual([]);
  });

  it("an interrupted seed leaves nothing behind", async () => {
    const empty = await createTestDatabase("seed_abort");
    try {
      await applyModuleSql(empty.url, MODULES);
      const controller = new AbortController();
      const run = seedDatabase({ url: empty.url, profile: "dev", seed: 3, quiet: true, signal: controller.signal });
      setTimeout(() => controller.abort(), 150);
      await expect(run).rejects.toThrow(/interrupted|terminat|Connection/i);
      const [left] = (
        await withClient(empty.url, (c) =>
          c.query(`SELECT (SELECT count(*) FROM auth.users) + (SELECT count(*) FROM support.messages) + (SELECT count(*) FROM contact_center.realtime_metrics) AS n`),
        )
      ).rows;
      expect(Number(left?.n)).toBe(0);
    } finally {
      await empty.drop();
    }
  });

  it("qa writes personas that exist in the database", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "personas-")), "personas.json");
    await seedDatabase({ url: db.url, profile: "qa", seed: 5, reset: true, quiet: true, personasOut: file });
    const { personas } = JSON.parse(fs.readFileSync(file, "utf8"));
    const names = personas.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["dispatcher-with-emergency-call", "member-with-escalation", "supervisor-with-three-agents", "admin"]));
    for (const p of personas) expect(await q("SELECT email FROM auth.users WHERE id = $1", [p.userId])).toEqual([{ email: p.email }]);
    const emergency = personas.find((p: { name: string }) => p.name === "dispatcher-with-emergency-call");
    expect(await q("SELECT scenario_type, status FROM voice.test_calls WHERE id = $1", [emergency.refs.testCallId])).toEqual([{ scenario_type: "emergency", status: "completed" }]);
    const supervisor = personas.find((p: { name: string }) => p.name === "supervisor-with-three-agents");
    expect(await q("SELECT count(*)::int AS n FROM contact_center.agents WHERE supervisor_id = $1", [supervisor.userId])).toEqual([{ n: 3 }]);
    const member = personas.find((p: { name: string }) => p.name === "member-with-escalation");
    expect(await q("SELECT status FROM support.conversations WHERE id = $1", [member.refs.conversationId])).toEqual([{ status: "escalated" }]);
  });
});
