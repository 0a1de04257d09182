// Issue 27 items 1 and 2, checked on the generators' own rows (no database): one clock (nothing
// after the seed's now, the newest live record of each module within the minute before it, the
// same --seed and --now give the same bytes) and phone numbers no one can be reached at (NANP
// 555-0100..0199 behind a real US area code, E.164). On main these fail: support messages run
// weeks past the reference time and phones are random NANP numbers (+1 246, 226, ...).
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { MODULE_NAMES, seedersOf } from "../../modules/catalog";
import { parseNow } from "../../seedkit/clock";
import { isFictionalPhone } from "../../seedkit/phones";
import type { ModuleSeeder, Profile, SeedSettings } from "../../seedkit/types";

const NOW = parseNow("2026-12-07T09:00:00Z");
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Columns holding a phone number, per module table. */
const PHONES: Record<string, string> = { "support.users": "phone", "voice.test_calls": "phone_number", "contact_center.interactions": "phone_number", "agentflow.leads": "phone" };
/** Per module, the table and status column of its live records and the statuses that are live. */
const LIVE: Record<string, { table: string; status: string; live: string[]; at: string }> = {
  jobs: { table: "jobs", status: "status", live: ["running", "pending"], at: "updated_at" },
  voice: { table: "test_calls", status: "status", live: ["initiated", "ringing", "in_progress"], at: "updated_at" },
  support: { table: "conversations", status: "status", live: ["active"], at: "updated_at" },
  agentflow: { table: "conversations", status: "status", live: ["active", "pending"], at: "updated_at" },
  contact_center: { table: "realtime_metrics", status: "", live: [], at: "timestamp" },
};

function tablesOf(seeder: ModuleSeeder, settings: SeedSettings) {
  return seeder.tables(settings).map((t) => ({ name: `${t.schema}.${t.table}`, columns: t.columns, rows: [...t.rows()] }));
}

describe("one clock and fictional numbers", async () => {
  const seeders = await seedersOf([...MODULE_NAMES]);
  for (const seeder of seeders) {
    for (const profile of ["dev", "qa"] as Profile[]) {
      it(`${seeder.module} ${profile}: no time after now, the newest live record within a minute before it, phones fictional`, () => {
        const tables = tablesOf(seeder, { seed: 1, profile, scale: 1, now: NOW });
        let times = 0;
        const late: string[] = [];
        for (const t of tables) {
          for (const row of t.rows) {
            row.forEach((v, c) => {
              if (typeof v === "string" && ISO.test(v)) {
                times++;
                if (Date.parse(v) > NOW) late.push(`${t.name}.${t.columns[c]} ${v}`);
              }
            });
          }
        }
        expect(times).toBeGreaterThan(0);
        expect(late.slice(0, 5)).toEqual([]);
        const live = LIVE[seeder.module]!;
        const t = tables.find((x) => x.name.endsWith(`.${live.table}`))!;
        const s = t.columns.indexOf(live.status);
        const a = t.columns.indexOf(live.at);
        const newest = Math.max(...t.rows.filter((r) => s < 0 || live.live.includes(r[s] as string)).map((r) => Date.parse(r[a] as string)));
        expect(NOW - newest).toBeGreaterThanOrEqual(0);
        expect(NOW - newest).toBeLessThanOrEqual(60_000);
        for (const [name, column] of Object.entries(PHONES)) {
          const pt = tables.find((x) => x.name === name);
          if (!pt) continue;
          const c = pt.columns.indexOf(column);
          const phones = pt.rows.map((r) => r[c]).filter((p): p is string => typeof p === "string");
          expect(phones.length).toBeGreaterThan(0);
          expect(phones.filter((p) => !isFictionalPhone(p))).toEqual([]);
        }
      });
    }
  }

  it("voice: one driver, one number; one number, one driver", () => {
    const voice = seeders.find((s) => s.module === "voice")!;
    const calls = tablesOf(voice, { seed: 1, profile: "qa", scale: 1, now: NOW }).find((t) => t.name.endsWith(".test_calls"))!;
    const [d, p] = [calls.columns.indexOf("driver_name"), calls.columns.indexOf("phone_number")];
    const byDriver = new Map<string, Set<string>>();
    const byPhone = new Map<string, Set<string>>();
    for (const r of calls.rows) {
      (byDriver.get(r[d] as string) ?? byDriver.set(r[d] as string, new Set()).get(r[d] as string)!).add(r[p] as string);
      (byPhone.get(r[p] as string) ?? byPhone.set(r[p] as string, new Set()).get(r[p] as string)!).add(r[d] as string);
    }
    expect([...byDriver.values()].every((s) => s.size === 1)).toBe(true);
    expect([...byPhone.values()].every((s) => s.size === 1)).toBe(true);
  });

  it("the same --seed and --now give the same bytes; another now moves the data", () => {
    const digest = (now: number) => {
      const h = crypto.createHash("sha256");
      for (const s of seeders) for (const t of tablesOf(s, { seed: 3, profile: "dev", scale: 1, now })) h.update(JSON.stringify(t.rows));
      return h.digest("hex");
    };
    expect(digest(NOW)).toBe(digest(NOW));
    expect(digest(NOW)).not.toBe(digest(NOW + 3_600_000));
  });
});
