// Local time for US people: the time zone a state keeps, the UTC offset of a zone at an instant
// (daylight saving included, from the runtime's time zone data via Intl), and times of day drawn
// from an activity curve in that local time. Seeded activity follows people's days: support chats
// in the evening, dispatch check-ins while trucks roll, business work in office hours.
import type { Rng } from "./prng";

/** The IANA zone most of each state keeps (USPS abbreviations; split states take their larger part). */
export const STATE_ZONES: Readonly<Record<string, string>> = {
  AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago", CA: "America/Los_Angeles",
  CO: "America/Denver", CT: "America/New_York", DC: "America/New_York", DE: "America/New_York", FL: "America/New_York",
  GA: "America/New_York", HI: "Pacific/Honolulu", ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis",
  IA: "America/Chicago", KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
  MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago", MS: "America/Chicago",
  MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago", NV: "America/Los_Angeles", NH: "America/New_York",
  NJ: "America/New_York", NM: "America/Denver", NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago",
  OH: "America/New_York", OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
  SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago", UT: "America/Denver",
  VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles", WV: "America/New_York", WI: "America/Chicago",
  WY: "America/Denver",
};

const HOUR = 3_600_000;
const formats = new Map<string, Intl.DateTimeFormat>();
/** Per zone, the offset of each UTC hour asked for (offsets change only on the hour). */
const offsets = new Map<string, Map<number, number>>();

/** Minutes `zone` is ahead of UTC at `ms` (negative in the Americas), daylight saving included. */
export function utcOffsetMinutes(zone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let byHour = offsets.get(zone);
  if (!byHour) offsets.set(zone, (byHour = new Map()));
  const hit = byHour.get(hour);
  if (hit !== undefined) return hit;
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    formats.set(zone, f);
  }
  const name = f.formatToParts(new Date(hour * HOUR)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  if (byHour.size > 20_000) byHour.clear();
  byHour.set(hour, minutes);
  return minutes;
}

/** The local hour (0-23) in `zone` at `ms`. */
export function localHour(zone: string, ms: number): number {
  const local = ms + utcOffsetMinutes(zone, ms) * 60_000;
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / HOUR);
}

/**
 * An instant on the local calendar day of `dayMs` in `zone`, at an hour drawn from `weights` (24
 * weights, one per local hour), with random minutes, seconds and milliseconds.
 *
 * @example atLocalTime(r, Date.parse("2026-11-03T12:00:00Z"), "America/Chicago", CONSUMER_HOURS)
 */
export function atLocalTime(r: Rng, dayMs: number, zone: string, weights: readonly number[]): number {
  const hour = r.weighted(weights.map((w, h) => [h, w] as const));
  const offset = utcOffsetMinutes(zone, dayMs) * 60_000;
  const localMidnight = Math.floor((dayMs + offset) / 86_400_000) * 86_400_000;
  return localMidnight - offset + hour * HOUR + r.int(0, 3_599_999);
}

/** Consumers writing to a support chat: some in the morning, most after work, few overnight. */
export const CONSUMER_HOURS: readonly number[] = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4.5, 5, 5.5, 5, 4.5, 4.5, 5, 5.5, 6.5, 7.5, 8, 7, 5, 2.5];
/** Truck drivers setting off: before dawn to mid-morning, a few in the afternoon. */
export const DEPARTURE_HOURS: readonly number[] = [0, 0.2, 0.5, 2, 5, 7, 7, 5, 3, 2, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0];
/** People at work: office hours, a lunch dip, little at night. */
export const OFFICE_HOURS: readonly number[] = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.4, 1.5, 4, 6, 6.5, 6, 4.5, 5.5, 6, 5.5, 4, 2, 1, 0.8, 0.6, 0.4, 0.3, 0.2];

/** What a person says first at that local hour. */
export function greetingFor(hour: number): "Good morning" | "Good afternoon" | "Good evening" | null {
  if (hour >= 5 && hour < 12) return "Good morning";
  if (hour >= 12 && hour < 17) return "Good afternoon";
  if (hour >= 17 && hour < 23) return "Good evening";
  return null;
}
