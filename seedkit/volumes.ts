// How many top-level entities each profile makes; children fan out from these.
import type { SeedSettings } from "./types";

const BASE = {
  dev: 1,
  qa: 2,
  load: 40,
} as const;

/** `perUnit` entities at the profile's size times --scale (at least 1). */
export function volume(settings: SeedSettings, perUnit: number): number {
  return Math.max(1, Math.round(perUnit * BASE[settings.profile] * (settings.profile === "load" ? settings.scale : 1)));
}

/** A fixed reference time: data is dated relative to it, never to the clock. */
export const EPOCH = Date.parse("2026-10-01T00:00:00Z");
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const SECOND = 1000;

/**
 * `new Date(ms).toISOString()`, fast: generators write millions of timestamps, so the date part is
 * cached per day and the time of day is arithmetic. The same string for every instant; times
 * before 1970, after 9999 or with a fraction of a millisecond take Date's path.
 */
export function iso(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= LAST_FAST_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 50_000) dayPrefixes.clear();
    dayPrefixes.set(day, (prefix = new Date(day * DAY).toISOString().slice(0, 11)));
  }
  const t = ms - day * DAY;
  const seconds = Math.floor(t / 1000);
  return `${prefix}${TWO[Math.floor(seconds / 3600)]}:${TWO[Math.floor(seconds / 60) % 60]}:${TWO[seconds % 60]}.${THREE[t % 1000]}Z`;
}
const LAST_FAST_MS = Date.parse("9999-12-31T23:59:59.999Z");
const dayPrefixes = new Map<number, string>();
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
