// The shapes the seeding engine and the per-module generators share.
import type { StoryRule } from "./checks";

/** A value a generated column takes, as COPY writes it (seeds/engine/copy.ts encodes it). */
export type CopyValue = string | number | bigint | boolean | null | undefined | Date | object;

/**
 * What a module's seed generator is made for: the module, the schema it lives in (a stack may map
 * a module to another schema) and its tables as its SQL files create them, so a generator names a
 * table and gets where it is and the columns to write (a column added to the SQL is one more value
 * in the generator's rows, written nowhere else).
 */
export interface SeedTarget {
  module: string;
  schema: string;
  /** A table of the module: schema, name and the columns a seed writes, in the SQL's order (those the database fills itself, serial ids, left out). */
  table(name: string): Pick<TableSeed, "schema" | "table" | "columns">;
  /** SQL that empties everything the module's files create and the users seeded for it (--reset). */
  resetSql: readonly string[];
}

export const PROFILES = ["dev", "qa", "load"] as const;
export type Profile = (typeof PROFILES)[number];

export interface SeedSettings {
  seed: number;
  profile: Profile;
  /** Multiplier on the profile's volumes (load profile; 1 otherwise). */
  scale: number;
  /**
   * The seed's "now" in ms (seedkit/clock.ts): every generated time is before it, the newest live
   * records within a minute of it. Seed runs always set it (default: the start of the current hour);
   * settings made by hand without it take the fixed EPOCH.
   */
  now?: number;
}

/** One table's rows, generated lazily in FK order within its module. */
export interface TableSeed {
  /** The schema the table is in: the module's (where the stack placed it), or auth for its users. */
  schema: string;
  table: string;
  columns: readonly string[];
  /** Expected row count (exact for fixed-size tables, an estimate for random fan-outs). */
  estimate: number;
  rows(): Iterable<CopyValue[]>;
}

/** A person the qa profile always creates, for tests to log in as. */
export interface Persona {
  module: string;
  name: string;
  description: string;
  userId: string;
  email: string;
  /** The password the persona signs in with (auth.ts personaPassword), when it has one. */
  password?: string;
  /** Ids of the persona's notable rows (a call, a conversation, an agent...). */
  refs: Record<string, string | string[]>;
}

export interface ModuleSeeder {
  module: string;
  /** Tables in the order their foreign keys need (auth.users first when the module adds users). */
  tables(settings: SeedSettings): TableSeed[];
  /** SQL that empties what this module seeded (run inside the seeding transaction). */
  resetSql: readonly string[];
  personas?(settings: SeedSettings): Persona[];
  /** What the module's rows must agree on across its tables: `seed --check` runs these (seeds/check/stories.ts). */
  stories?: readonly StoryRule[];
}
