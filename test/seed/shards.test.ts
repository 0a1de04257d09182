// --connections N through a latency proxy (20 ms each way): the large tables go as N COPY streams
// over separate connections, and the database ends up with the same bytes as one stream gives,
// the declared schema intact and no staging table left. The rows move in in the generator's order:
// serial ids come out as one stream gives them, and a trigger that reads the table being loaded
// (agentflow.messages: a reply's parent must exist) sees every earlier row.
import { seedersOf } from "../../modules/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLatencyProxy, type LatencyProxy } from "../../seeds/bench/latency-proxy";
import { seedDatabase } from "../../seeds/api";
import { createStagesSql, dropStaleStages, moveSql, STAGE_SCHEMA, streamsFor } from "../../seeds/engine/shards";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const TABLES = ["support.users", "support.conversations", "support.messages", "support.escalations"];
let one: TestDatabase;
let many: TestDatabase;
let proxy: LatencyProxy;

async function sums(url: string, tables: readonly string[] = TABLES): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const out: Record<string, string> = {};
    for (const t of tables) {
      const { rows } = await c.query(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x.id)) AS h FROM ${t} x`);
      out[t] = `${rows[0]?.n}:${rows[0]?.h}`;
    }
    return out;
  });
}

const schema = (url: string) =>
  withClient(url, async (c) => ({
    indexes: (await c.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'support' ORDER BY 1")).rows,
    constraints: (await c.query("SELECT conname, convalidated, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'support'::regnamespace ORDER BY 1")).rows,
  }));

beforeAll(async () => {
  one = await createTestDatabase("shards_one");
  many = await createTestDatabase("shards_many");
  await applyModuleSql(one.url, ["support"]);
  await applyModuleSql(many.url, ["support"]);
  const url = new URL(many.url);
  proxy = await startLatencyProxy({ targetHost: url.hostname, targetPort: Number(url.port) });
});
afterAll(async () => {
  await proxy?.close();
  await one?.drop();
  await many?.drop();
});

describe("streamsFor", () => {
  it("splits tables of 512 KiB or more over every stream and sends smaller ones whole to the stream with the fewest bytes", () => {
    const KiB = 1024;
    expect(streamsFor([400 * KiB, 400 * KiB, 300 * KiB, 6000 * KiB, 200 * KiB], 3)).toEqual([[0], [1], [2], [0, 1, 2], [2]]);
    expect(streamsFor([100_000_000], 1)).toEqual([[0]]);
  });
});

describe("moveSql", () => {
  it("moves the rows in the order of their position column, merging the staging tables' index scans, then drops them", () => {
    expect(moveSql("m", "t", ["id", "body"], ["s1_0_0", "s1_0_1"]).split(";\n")).toEqual([
      "SET LOCAL enable_sort = off",
      'INSERT INTO "m"."t" ("id", "body") SELECT "id", "body" FROM (SELECT "supastack#row", "id", "body" FROM "supastack_seed_stage"."s1_0_0" UNION ALL ' +
        'SELECT "supastack#row", "id", "body" FROM "supastack_seed_stage"."s1_0_1") AS staged ORDER BY "supastack#row"',
      "RESET enable_sort",
      'DROP TABLE "supastack_seed_stage"."s1_0_0", "supastack_seed_stage"."s1_0_1"',
    ]);
  });
});

describe("--connections", () => {
  it("splits the large tables over N streams through a 20 ms proxy and gives the same bytes as one stream", async () => {
    const declared = await schema(many.url);
    await seedDatabase({ url: one.url, seeders: await seedersOf(["support"]), profile: "load", seed: 2, scale: 1, quiet: true });
    const result = await seedDatabase({ url: proxy.via(many.url), seeders: await seedersOf(["support"]), profile: "load", seed: 2, scale: 1, quiet: true, connections: 3 });
    expect(result.tables.find((t) => t.table === "support.messages")?.rows).toBeGreaterThan(20_000);
    const expected = await sums(one.url);
    expect(await sums(many.url)).toEqual(expected);
    expect(await schema(many.url)).toEqual(declared);
    const left = await withClient(many.url, (c) =>
      c.query("SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1", [STAGE_SCHEMA]),
    );
    expect(left.rows[0]?.n).toBe(0);
    // Nothing left behind: the staging schema is gone too.
    const schemaLeft = await withClient(many.url, (c) => c.query("SELECT to_regnamespace($1) AS s", [STAGE_SCHEMA]));
    expect(schemaLeft.rows[0]?.s).toBeNull();
  });

  it("moves the rows in the generator's order: serial ids as one stream gives them, replies after their parents", async () => {
    const tables = ["contact_center.realtime_metrics", "contact_center.interaction_archives", "agentflow.messages", "agentflow.agent_messages"];
    const [a, b] = [await createTestDatabase("shards_order_one"), await createTestDatabase("shards_order_many")];
    try {
      for (const d of [a, b]) await applyModuleSql(d.url, ["contact_center", "agentflow"]);
      const request = { seeders: await seedersOf(["contact_center", "agentflow"]), profile: "load" as const, seed: 3, scale: 0.3, quiet: true };
      await seedDatabase({ ...request, url: a.url });
      const result = await seedDatabase({ ...request, url: b.url, connections: 3 });
      // Large enough to be split over the three streams (SPLIT_MIN_BYTES), replies included.
      expect(result.tables.find((t) => t.table === "contact_center.realtime_metrics")?.rows).toBeGreaterThan(100_000);
      const replies = await withClient(b.url, (c) => c.query("SELECT count(*)::int AS n FROM agentflow.messages WHERE parent_message_id IS NOT NULL"));
      expect(replies.rows[0]?.n).toBeGreaterThan(100);
      expect(await sums(b.url, tables)).toEqual(await sums(a.url, tables));
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it("staging tables grant the API roles nothing, even where default privileges grant them everything", async () => {
    await withClient(one.url, async (c) => {
      // As a Supabase project may have: postgres's new tables and schemas open to the API roles.
      await c.query("ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO anon, authenticated, service_role, PUBLIC");
      await c.query("ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO anon, authenticated, service_role, PUBLIC");
      try {
        await c.query(createStagesSql([{ name: "s1_0_0", columns: [{ name: "id", type: "uuid" }, { name: "body", type: "text" }] }]));
        const { rows } = await c.query(
          `SELECT r.rolname, has_table_privilege(r.oid, $1, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') AS t,
                  has_schema_privilege(r.oid, $2, 'USAGE, CREATE') AS s
             FROM pg_roles r WHERE r.rolname IN ('anon', 'authenticated', 'service_role', 'authenticator') ORDER BY 1`,
          [`${STAGE_SCHEMA}.s1_0_0`, STAGE_SCHEMA],
        );
        expect(rows).toEqual(["anon", "authenticated", "authenticator", "service_role"].map((rolname) => ({ rolname, t: false, s: false })));
        // The stale-stage sweep drops tables of backends that are gone, then the empty schema.
        await dropStaleStages(c);
        expect((await c.query("SELECT to_regnamespace($1) AS s", [STAGE_SCHEMA])).rows[0]?.s).toBeNull();
      } finally {
        await c.query("ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM anon, authenticated, service_role, PUBLIC");
        await c.query("ALTER DEFAULT PRIVILEGES REVOKE USAGE ON SCHEMAS FROM anon, authenticated, service_role, PUBLIC");
      }
    });
  });
});
