// --connections N through a latency proxy (20 ms each way): the large tables go as N COPY streams
// over separate connections, and the database ends up with the same bytes as one stream gives,
// the declared schema intact and no staging table left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLatencyProxy, type LatencyProxy } from "../../seeds/bench/latency-proxy";
import { seedDatabase } from "../../seeds/api";
import { createStagesSql, dropStaleStages, STAGE_SCHEMA, streamsFor } from "../../seeds/engine/shards";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { applyModuleSql } from "../helpers/modules";

const TABLES = ["support.users", "support.conversations", "support.messages", "support.escalations"];
let one: TestDatabase;
let many: TestDatabase;
let proxy: LatencyProxy;

async function sums(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
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

describe("--connections", () => {
  it("splits the large tables over N streams through a 20 ms proxy and gives the same bytes as one stream", async () => {
    const declared = await schema(many.url);
    await seedDatabase({ url: one.url, modules: ["support"], profile: "load", seed: 2, scale: 1, quiet: true });
    const result = await seedDatabase({ url: proxy.via(many.url), modules: ["support"], profile: "load", seed: 2, scale: 1, quiet: true, connections: 3 });
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
