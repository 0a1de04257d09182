// --connections N through a latency proxy (20 ms each way): the large tables go as N COPY streams
// over separate connections, and the database ends up with the same bytes as one stream gives,
// the declared schema intact and no staging table left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLatencyProxy, type LatencyProxy } from "../../seeds/bench/latency-proxy";
import { seedDatabase } from "../../seeds/api";
import { STAGE_SCHEMA } from "../../seeds/engine/shards";
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
  });
});
