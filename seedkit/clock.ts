// The seed's clock: one `now` every generated time is relative to. History lies before it, the
// newest live records (a call ringing, a job running, a chat under way) within a minute before it,
// and nothing after it. `supastack seed --now <ISO time>` sets it; without one the seed takes the
// start of the current hour (so reruns within the hour give the same bytes, and CI pins --now).
// Generators never read the machine's clock: they get `now` from the settings (nowOf).
import type { SeedSettings } from "./types";
import { EPOCH, HOUR, SECOND } from "./volumes";

/** The start of the hour `ms` falls in (UTC). */
export function startOfHour(ms: number): number {
  return Math.floor(ms / HOUR) * HOUR;
}

/** The seed's `now` in ms: the settings' own, else the fixed EPOCH (for callers that build settings by hand). */
export function nowOf(settings: Pick<SeedSettings, "now">): number {
  return settings.now ?? EPOCH;
}

/** The default `now` of a seed run: the start of the current hour. */
export function defaultNow(clock: () => number = Date.now): number {
  return startOfHour(clock());
}

/** The earliest and latest `now` a seed accepts: its history (a few years) stays after 1971 and before 9999. */
const EARLIEST = Date.parse("1975-01-01T00:00:00Z");
const LATEST = Date.parse("9000-01-01T00:00:00Z");

/**
 * `--now` text to ms, or an error saying what is wrong: an ISO 8601 date-time with a time zone
 * (`2026-12-07T09:00:00Z`, `2026-12-07T10:00:00+01:00`), whole seconds (generated times have
 * seconds and milliseconds of their own).
 */
export function parseNow(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(0+))?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not an ISO 8601 time with a zone, like 2026-12-07T09:00:00Z`);
  const ms = Date.parse(text.trim());
  if (!Number.isFinite(ms)) throw new Error(`"${text}" is not a valid date and time`);
  // Date.parse rolls 2026-02-30 over to March: the fields must read back the same (in UTC, after the offset).
  const [, y, mo, d] = m;
  const local = new Date(ms + offsetMs(m[8] as string));
  if (local.getUTCFullYear() !== Number(y) || local.getUTCMonth() + 1 !== Number(mo) || local.getUTCDate() !== Number(d)) {
    throw new Error(`"${text}" is not a calendar date`);
  }
  if (ms % SECOND !== 0) throw new Error(`"${text}" has a fraction of a second; give whole seconds`);
  if (ms < EARLIEST || ms >= LATEST) throw new Error(`"${text}" is outside 1975..9000`);
  return ms;
}

function offsetMs(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const [h, mi] = zone.slice(1).split(":").map(Number) as [number, number];
  return sign * (h * 60 + mi) * 60_000;
}
