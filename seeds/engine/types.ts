// The shapes the seeding engine and the per-module generators share.
import type { CopyValue } from "./copy";

export const PROFILES = ["dev", "qa", "load"] as const;
export type Profile = (typeof PROFILES)[number];

export interface SeedSettings {
  seed: number;
  profile: Profile;
  /** Multiplier on the profile's volumes (load profile; 1 otherwise). */
  scale: number;
}

/** One table's rows, generated lazily in FK order within its module. */
export interface TableSeed {
  /** Schema-qualified for messages: `support.messages`. */
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
  resetSql: string[];
  personas?(settings: SeedSettings): Persona[];
}
