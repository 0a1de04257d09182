// The rows a legacy application wrote, as the generators of test/helpers/legacy/<module>.ts give
// them: plain values keyed by column (timestamps as ISO strings, jsonb as JSON values, arrays as
// JSON arrays), inserted by legacy.ts through json_populate_recordset, so PostgreSQL converts each
// value to the column's type as it would convert an application's JSON.
import { Rng, key } from "../../../seedkit/prng";

export interface LegacyAuthUser {
  id: string;
  email: string;
  fullName: string;
  createdMs: number;
}

export interface LegacyTableRows {
  table: string;
  rows: Record<string, unknown>[];
}

export interface LegacyRows {
  /** The application's users, in auth.users as GoTrue wrote them (legacy/auth.ts). */
  users: LegacyAuthUser[];
  /** The module's tables in foreign-key order. */
  tables: LegacyTableRows[];
}

export type LegacyGenerator = (seed: number) => LegacyRows;

/** The instant the legacy data was dumped (fixed, so a seed always gives the same rows). */
export const LEGACY_NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The one PRNG stream of a module's legacy rows under `seed`. */
export function legacyRng(module: string, seed: number): Rng {
  return Rng.for(seed, key(`legacy.${module}`), 0);
}

/** A time between `minDays` and `maxDays` days before LEGACY_NOW, at any second. */
export function daysAgo(rng: Rng, minDays: number, maxDays: number): number {
  return LEGACY_NOW - rng.int(minDays, maxDays) * DAY - rng.int(0, 86_399) * SECOND;
}

/** A short lowercase hex token (ids the applications make: session ids, call ids). */
export function token(rng: Rng, length = 16): string {
  let s = "";
  while (s.length < length) s += rng.next().toString(16).padStart(8, "0");
  return s.slice(0, length);
}
