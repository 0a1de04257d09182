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
export const MINUTE = 60_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
