// The rules of `supastack seed --check` (seeds/check/rules.ts), run on the generators' own rows at
// every module and profile, and on rows made to break each rule (so a rule that finds nothing is
// not mistaken for data that is fine). Before issue 27 the generator rows broke them: support
// messages ran weeks past the reference time, phones were random NANP numbers, call lengths and
// queue waits were spread evenly (80-130 s, 1-90 s) and load-scale chat text repeated a quarter of
// its lines.
import { afterAll, describe, expect, it } from "vitest";
import { MODULE_NAMES, REPEATED_TEXT_COLUMNS, seedersOf } from "../../modules/catalog";
import { parseNow } from "../../seedkit/clock";
import type { Profile } from "../../seedkit/types";
import { checkDatabase, checkSeeded } from "../../seeds/check/database";
import { SEED_NOW, seededModule } from "./helpers";
import { type CheckedTable, checkTables, isDocumentationIp, isReservedEmail, RULES } from "../../seeds/check/rules";
import { tailRatio } from "../../seedkit/distributions";

const NOW = parseNow("2026-12-07T09:00:00Z");

describe("seed --check rules", async () => {
  const seeders = await seedersOf([...MODULE_NAMES]);
  for (const seeder of seeders) {
    // Load at full scale: distinct text and distributions are judged on the volume QA loads.
    for (const [profile, scale] of [["dev", 1], ["qa", 1], ["load", 1]] as [Profile, number][]) {
      it(`${seeder.module} ${profile}: the generators' rows keep every rule`, () => {
        const tables = new Map<string, CheckedTable>(
          seeder.tables({ seed: 3, profile, scale, now: NOW }).map((t) => [`${t.schema}.${t.table}`, { name: `${t.schema}.${t.table}`, columns: t.columns, rows: [...t.rows()] }]),
        );
        expect([...tables.values()].reduce((n, t) => n + t.rows.length, 0)).toBeGreaterThan(0);
        expect(checkSeeded([seeder], tables, { now: NOW, repeatedText: REPEATED_TEXT_COLUMNS })).toEqual([]);
      });
    }
  }

  it("each rule finds the value that breaks it, and names table and column", () => {
    const prose = (i: number) => `The caller asked about order number ${i} and its delivery window`;
    const table: CheckedTable = {
      name: "s.t",
      columns: ["at", "phone", "email", "ip", "note", "fine", "created_at", "wait_seconds", "handle_seconds"],
      types: ["timestamp with time zone", "text", "text", "inet", "text", "text", "timestamp with time zone", "integer", "integer"],
      rows: Array.from({ length: 200 }, (_, i) => [
        new Date(NOW - (i === 0 ? -1000 : 1000 + i * 7_001)),
        i === 1 ? "+12025551234" : "+12125550142",
        i === 2 ? "ann@gmail.com" : "ann@example.com",
        i === 3 ? "8.8.8.8" : "192.0.2.7",
        i < 150 ? "Same sentence every time, which is not how people write" : prose(i),
        prose(i),
        // Every row on a whole minute, waits spread evenly over 1-90 s: today's flat data.
        new Date(NOW - (i + 1) * 60_000),
        1 + Math.round((i * 89) / 199),
        // Long-tailed: most near a minute, a few ten times that.
        Math.round(60 * Math.exp(((i % 20) - 10) / 6) + (i % 50 === 0 ? 600 : 0)),
      ]),
    };
    const found = checkTables([table], { now: NOW });
    expect(found.map((f) => [f.rule, f.column, f.count])).toEqual([
      ["no-time-after-now", "at", 1],
      ["fictional-phones", "phone", 1],
      ["reserved-emails", "email", 1],
      ["documentation-ips", "ip", 1],
      ["distinct-free-text", "note", 200],
      ["times-with-seconds", "created_at", 200],
      ["long-tailed-durations", "wait_seconds", 200],
    ]);
    expect(tailRatio([...Array(100).keys()].map((i) => 80 + (i % 51)))).toBeLessThan(2);
    expect(found[1]?.examples).toEqual(["+12025551234"]);
    expect(RULES.length).toBe(7);
  });

  it("reserved domains and documentation addresses follow RFC 2606 / 5737 / 3849", () => {
    expect(["a@example.com", "a@example.org", "b@mail.test", "c@shop.example", "d@x.invalid"].every(isReservedEmail)).toBe(true);
    expect(["a@gmail.com", "a@example.co", "no-at-sign"].some(isReservedEmail)).toBe(false);
    expect(["192.0.2.1", "198.51.100.255", "203.0.113.9/32", "2001:db8::1", "2001:0db8:1::"].every(isDocumentationIp)).toBe(true);
    expect(["192.0.3.1", "10.0.0.1", "198.51.101.1", "2001:db9::1", "203.0.113.256"].some(isDocumentationIp)).toBe(false);
  });

  describe("on a seeded database (what supastack seed --check runs)", async () => {
    const db = await seededModule("support");
    afterAll(() => db.drop());
    const seeders = await seedersOf(["support"]);

    it("finds nothing on the seed's rows, then exactly what was broken", async () => {
      const clean = await checkDatabase({ url: db.url, seeders, now: SEED_NOW, repeatedText: REPEATED_TEXT_COLUMNS });
      expect(clean.rows).toBeGreaterThan(1000);
      expect(clean.findings).toEqual([]);
      const [m] = await db.q("SELECT id FROM support.users WHERE phone IS NOT NULL ORDER BY id LIMIT 1");
      await db.q("UPDATE support.users SET phone = '+14155551234', created_at = $2 WHERE id = $1", [m.id, new Date(SEED_NOW + 60_000)]);
      const broken = await checkDatabase({ url: db.url, seeders, now: SEED_NOW, repeatedText: REPEATED_TEXT_COLUMNS });
      // The table's trigger stamps updated_at with the present, which is after the pinned now too.
      expect(broken.findings.map((f) => [f.rule, `${f.table}.${f.column}`, f.count])).toEqual([
        ["no-time-after-now", "support.users.created_at", 1],
        ["no-time-after-now", "support.users.updated_at", 1],
        ["fictional-phones", "support.users.phone", 1],
      ]);
      expect(broken.findings[0]?.examples).toEqual([new Date(SEED_NOW + 60_000).toISOString()]);
      expect(broken.findings[2]?.examples).toEqual(["+14155551234"]);
    });
  });
});
