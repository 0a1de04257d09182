// A seed is all-or-nothing across modules and connections (issue 23 item 5). Failures are injected
// from the database, not from test hooks in the seeding code: a deferred constraint trigger that
// the test creates on one module's table raises at COMMIT (so the failure comes at the commit,
// after every row was sent), and a staging connection is terminated while it streams. After each:
// no row of the seed in any table, no staging table, and every row that was there before (a real
// user, a job of theirs, a table outside the modules) has the checksum it had.
import { MODULE_NAMES, seedersOf } from "../../modules/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import { STAGE_SCHEMA } from "../../seeds/engine/shards";
import { GOTRUE_INSTANCE_ID } from "../../seedkit/auth";
import { withClient } from "../../providers/postgres/client";
import { qualified } from "../../providers/postgres/sql";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";
import { seedableRows } from "../helpers/rows";

const MODULES = MODULE_NAMES;
const REAL_USER = "cccccccc-0000-4000-8000-0000000000aa";
let db: TestDatabase;
const q = async (sql: string, params: unknown[] = []) => (await withClient(db.url, (c) => c.query(sql, params))).rows;

const rowsNow = () => seedableRows(db.url, MODULES);

/** Staging tables left in the database (and whether the staging schema is). */
async function stagesLeft(): Promise<{ tables: number; schema: boolean }> {
  const [row] = await q(
    "SELECT (SELECT count(*)::int FROM pg_class WHERE relnamespace = to_regnamespace($1)) AS tables, to_regnamespace($1) IS NOT NULL AS schema",
    [STAGE_SCHEMA],
  );
  return { tables: row?.tables, schema: row?.schema };
}

/** A deferred constraint trigger on `table` that raises at COMMIT, once the table got a row in the committing transaction. */
async function failAtCommit(table: string): Promise<() => Promise<void>> {
  const [schema, name] = table.split(".") as [string, string];
  await q(`CREATE CONSTRAINT TRIGGER supastack_test_fail_at_commit AFTER INSERT ON ${qualified(schema, name)}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bystander.fail_at_commit()`);
  return async () => {
    await q(`DROP TRIGGER supastack_test_fail_at_commit ON ${qualified(schema, name)}`);
  };
}

/** The table of each module that loads last (the latest its rows can fail). */
async function lastTables(): Promise<string[]> {
  const settings = { seed: 3, profile: "dev" as const, scale: 1 };
  return (await seedersOf(MODULES)).map((s) => {
    const t = s.tables(settings).filter((x) => x.schema !== "auth" && x.estimate > 0).pop();
    return `${t?.schema}.${t?.table}`;
  });
}

const seedAll = async (options: { connections?: number; reset?: boolean; seed?: number } = {}) =>
  seedDatabase({ url: db.url, seeders: await seedersOf(MODULES), profile: "dev", seed: options.seed ?? 3, quiet: true, connections: options.connections, reset: options.reset });

beforeAll(async () => {
  db = await createTestDatabase("atomic");
  await applyModuleSql(db.url, MODULES);
  // Rows that are not the seed's: a user who signed up for real, a job of theirs (so jobs.jobs is
  // not empty and loads with its indexes on), and a table outside every module.
  await q(
    `INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, created_at, updated_at)
     VALUES ($1, $2, 'authenticated', 'authenticated', 'real@example.org', '{"provider":"email","providers":["email"]}', now(), now())`,
    [GOTRUE_INSTANCE_ID, REAL_USER],
  );
  await q("INSERT INTO jobs.jobs (user_id, agent_identifier, status, job_data) VALUES ($1, 'real-agent', 'pending', '{\"real\": true}')", [REAL_USER]);
  await q("CREATE SCHEMA bystander");
  await q("CREATE TABLE bystander.notes (id int PRIMARY KEY, body text NOT NULL)");
  await q("INSERT INTO bystander.notes SELECT i, 'note ' || i FROM generate_series(1, 50) i");
  await q(`CREATE FUNCTION bystander.fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'injected failure at commit on %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME; END $$`);
  // Terminates the first active seed COPY whose text matches the pattern; false after the timeout.
  await q(`CREATE FUNCTION bystander.terminate_first_staging_copy(pattern text, seconds int) RETURNS boolean LANGUAGE plpgsql AS $$
           DECLARE deadline timestamptz := clock_timestamp() + make_interval(secs => seconds); victim int;
           BEGIN
             WHILE clock_timestamp() < deadline LOOP
               PERFORM pg_stat_clear_snapshot();
               SELECT pid INTO victim FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'supastack seed' AND state = 'active' AND query LIKE pattern LIMIT 1;
               IF victim IS NOT NULL AND pg_terminate_backend(victim) THEN RETURN true; END IF;
               PERFORM pg_sleep(0.001);
             END LOOP;
             RETURN false;
           END $$`);
});
afterAll(async () => {
  await db?.drop();
});

describe("a seed is all-or-nothing", () => {
  it("a COMMIT that fails on any one module's rows leaves no row of the seed in any module", async () => {
    const before = await rowsNow();
    const tables = await lastTables();
    expect(tables).toHaveLength(MODULES.length);
    for (const table of tables) {
      const remove = await failAtCommit(table);
      try {
        await expect(seedAll(), table).rejects.toThrow(/injected failure at commit/);
      } finally {
        await remove();
      }
      expect(await rowsNow(), `after a failure at commit on ${table}`).toEqual(before);
      expect(await stagesLeft(), `after a failure at commit on ${table}`).toEqual({ tables: 0, schema: false });
    }
  });

  it("with --connections (tables staged over more connections), a failure at COMMIT leaves no row and no staging table", async () => {
    const before = await rowsNow();
    for (const table of await lastTables()) {
      const remove = await failAtCommit(table);
      try {
        await expect(seedAll({ connections: 3 }), table).rejects.toThrow(/injected failure at commit/);
      } finally {
        await remove();
      }
      expect(await rowsNow(), `after a failure at commit on ${table} with --connections 3`).toEqual(before);
      expect(await stagesLeft(), `after a failure at commit on ${table} with --connections 3`).toEqual({ tables: 0, schema: false });
    }
  });

  it("a staging connection that dies while it streams fails the seed and leaves nothing of it", async () => {
    const before = await rowsNow();
    // The watcher polls inside the server (every millisecond, a fresh activity snapshot each time)
    // and is running before the seed starts, so a COPY that streams for only a few milliseconds
    // under a loaded CI machine is still caught; it gives up after 60 s.
    const watcher = q("SELECT bystander.terminate_first_staging_copy($1, 60) AS killed", [`COPY "${STAGE_SCHEMA}".%`]);
    const watching = async () =>
      (await q("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT bystander.terminate_first_staging_copy%' AND state = 'active'")).length > 0;
    while (!(await watching())) await new Promise((r) => setTimeout(r, 5));
    const run = seedDatabase({ url: db.url, seeders: await seedersOf(["support", "agentflow"]), profile: "load", seed: 5, scale: 0.3, quiet: true, connections: 3 });
    run.catch(() => undefined);
    const killed = (await watcher)[0]?.killed;
    expect(killed).toBe(true);
    // pg reports the terminated backend by the server's message or as a lost connection, depending
    // on whether the termination arrives while a COPY chunk is in flight; on a loaded machine the
    // socket can also be reset under a write (ECONNRESET, EPIPE).
    await expect(run).rejects.toThrow(/terminat|connection error|connection.*(ended|closed)|ECONNRESET|EPIPE|not queryable/i);
    expect(await rowsNow()).toEqual(before);
    expect(await stagesLeft()).toEqual({ tables: 0, schema: false });
  });

  it("--reset that fails at COMMIT keeps the earlier seed's rows exactly as they were", async () => {
    await seedAll({ seed: 4 });
    const seeded = await rowsNow();
    expect(seeded["support.messages"]?.rows).toBeGreaterThan(100);
    for (const table of await lastTables()) {
      const remove = await failAtCommit(table);
      try {
        await expect(seedAll({ seed: 5, reset: true }), table).rejects.toThrow(/injected failure at commit/);
      } finally {
        await remove();
      }
      expect(await rowsNow(), `after --reset failed at commit on ${table}`).toEqual(seeded);
      expect(await stagesLeft()).toEqual({ tables: 0, schema: false });
    }
  });
});
