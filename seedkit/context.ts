// Seed generators written by users of the library: a function that writes rows through a writer
// per table, with everything it needs to stay deterministic (a seeded PRNG and faker, the
// profile's volumes, stable ids, Supabase users). `customSeeder` turns it into the engine's
// ModuleSeeder, so a user's module seeds in the same all-or-nothing run as ours.
import { en, Faker } from "@faker-js/faker";
import { qualified } from "../providers/postgres/sql";
import { authUserTables, RESERVED_DOMAINS, type SeedUser, signedUpMs } from "./auth";
import { nowOf } from "./clock";
import { authResetSql } from "./reset";
import { idFor, key, Rng } from "./prng";
import type { CopyValue, ModuleSeeder, Profile, SeedSettings, SeedTarget, TableSeed } from "./types";
import { DAY, iso, MINUTE, volume } from "./volumes";

/** A value a generated column takes: text, numbers, booleans, null, a Date or JSON. */
export type SeedValue = CopyValue;

/** Writes the rows of one table, in the order its columns were named. */
export interface TableWriter {
  /** One row: the values in column order, or an object keyed by column name. */
  insert(row: readonly SeedValue[] | Readonly<Record<string, SeedValue>>): void;
  /** Rows written so far. */
  readonly count: number;
}

/** A Supabase user the generator made (auth.users and auth.identities rows, marked as seeded). */
export interface GeneratedUser {
  id: string;
  email: string;
  fullName: string;
  /** Sign-up time (ISO 8601). */
  createdAt: string;
}

/** What a generator is given: settings, deterministic randomness and the writers. */
export interface SeedContext {
  /** The module being seeded. */
  readonly module: string;
  /** The module's schema (unqualified table names are in it). */
  readonly schema: string;
  readonly seed: number;
  readonly profile: Profile;
  readonly scale: number;
  /** A PRNG seeded from the seed and the module (sfc32): int, float, bool, pick, weighted, uuid. */
  readonly rng: Rng;
  /** A faker seeded from the seed and the module: the same seed gives the same values. */
  readonly faker: Faker;
  /** `perUnit` entities at this profile's size (dev 1x, qa 2x, load 40x times --scale), at least 1. */
  volume(perUnit: number): number;
  /** The stable id of row `index` of `name` (a table or any entity stream): children compute their parents' ids. */
  id(name: string, index: number): string;
  /** `count` Supabase users (reserved e-mail domains, no password), loaded before the module's tables. */
  users(count: number): GeneratedUser[];
  /**
   * The writer of a table (`table` or `schema.table`); tables load in the order they are first
   * named. `columns` default to the module's table as its SQL files create it (serial ids left out).
   */
  table(name: string, columns?: readonly string[]): TableWriter;
  /**
   * The seed's "now" in ms (`--now`, default the start of the current hour; seedkit/clock.ts): date
   * history before it and live rows within a minute before it, never after it.
   */
  readonly now: number;
  /** The same as `now` (the name generators used before the seed had a clock of its own). */
  readonly epoch: number;
  /** ISO 8601 text of a time in ms. */
  iso(ms: number): string;
  readonly DAY: number;
  readonly MINUTE: number;
}

/** A seed generator: writes the module's rows. Called once per seed run, synchronously. */
export type SeedGenerator = (ctx: SeedContext) => void;

interface Buffered {
  schema: string;
  table: string;
  columns: readonly string[];
  rows: SeedValue[][];
}

function writer(buffer: Buffered, label: string): TableWriter {
  return {
    insert(row) {
      if (Array.isArray(row)) {
        if (row.length !== buffer.columns.length) {
          throw new Error(`seed ${label}: a row has ${row.length} values for ${buffer.columns.length} columns (${buffer.columns.join(", ")})`);
        }
        buffer.rows.push([...row]);
        return;
      }
      const record = row as Readonly<Record<string, SeedValue>>;
      const extra = Object.keys(record).filter((c) => !buffer.columns.includes(c));
      if (extra.length > 0) throw new Error(`seed ${label}: column ${extra.join(", ")} was not named when the writer was made (${buffer.columns.join(", ")})`);
      buffer.rows.push(buffer.columns.map((c) => record[c] ?? null));
    },
    get count() {
      return buffer.rows.length;
    },
  };
}

/** Runs a generator once for the settings and returns its tables (auth users first). */
export function generateTables(target: Pick<SeedTarget, "module" | "schema"> & Partial<Pick<SeedTarget, "table">>, generate: SeedGenerator, settings: SeedSettings): TableSeed[] {
  const { module, schema } = target;
  const tables = new Map<string, Buffered>();
  const users: SeedUser[] = [];
  const faker = new Faker({ locale: [en] });
  faker.seed(Rng.for(settings.seed, key(`custom:${module}:faker`), 0).next());
  const now = nowOf(settings);
  // faker's own dates (faker.date.recent, past...) count back from the seed's now, not the machine's clock.
  faker.setDefaultRefDate(new Date(now));
  const ctx: SeedContext = {
    module,
    schema,
    seed: settings.seed,
    profile: settings.profile,
    scale: settings.scale,
    rng: Rng.for(settings.seed, key(`custom:${module}`), 0),
    faker,
    volume: (perUnit) => volume(settings, perUnit),
    id: (name, index) => idFor(settings.seed, key(`${module}.${name}`), index),
    users(count) {
      const made: GeneratedUser[] = [];
      for (let i = 0; i < count; i++) {
        const n = users.length;
        const rng = Rng.for(settings.seed, key(`custom:${module}:users`), n);
        const first = faker.person.firstName();
        const last = faker.person.lastName();
        const local = `${first}.${last}`.normalize("NFKD").replace(/[^A-Za-z0-9.]+/g, "").toLowerCase();
        const user: SeedUser = {
          id: idFor(settings.seed, key(`custom:${module}:users`), n),
          // The module and the index keep addresses unique across modules and at any volume.
          email: `${local}.${module.replace(/_/g, "-")}${n}@${rng.pick(RESERVED_DOMAINS)}`,
          fullName: `${first} ${last}`,
          createdMs: signedUpMs(rng, [30, 300], now),
        };
        users.push(user);
        made.push({ id: user.id, email: user.email, fullName: user.fullName, createdAt: iso(user.createdMs) });
      }
      return made;
    },
    table(name, named) {
      const [s, t] = name.includes(".") ? (name.split(".", 2) as [string, string]) : [schema, name];
      const label = `${s}.${t}`;
      if (s === "auth") throw new Error(`seed ${module}: write auth users with ctx.users(count), not ${label}`);
      if (!named && (s !== schema || !target.table)) throw new Error(`seed ${label}: name its columns (only the module's own tables have them from its SQL)`);
      const columns = named ?? (target.table as SeedTarget["table"])(t).columns;
      if (columns.length === 0) throw new Error(`seed ${label}: name at least one column`);
      const known = tables.get(label);
      if (known) {
        if (known.columns.join(",") !== columns.join(",")) throw new Error(`seed ${label}: the writer was made before with other columns (${known.columns.join(", ")})`);
        return writer(known, label);
      }
      const buffer: Buffered = { schema: s, table: t, columns: [...columns], rows: [] };
      tables.set(label, buffer);
      return writer(buffer, label);
    },
    now,
    epoch: now,
    iso,
    DAY,
    MINUTE,
  };
  generate(ctx);
  const own: TableSeed[] = [...tables.values()].map((b) => ({
    schema: b.schema,
    table: b.table,
    columns: b.columns,
    estimate: b.rows.length,
    rows: () => b.rows,
  }));
  return [...(users.length > 0 ? authUserTables(module, users.length, (i) => users[i] as SeedUser) : []), ...own];
}

/** The engine's seeder for a user's module: its generator, and a reset that empties what it wrote. */
export function customSeeder(target: Pick<SeedTarget, "module" | "schema"> & Partial<Pick<SeedTarget, "table">>, generate: SeedGenerator): ModuleSeeder {
  let last: { settings: string; tables: TableSeed[] } | undefined;
  const tables = (settings: SeedSettings): TableSeed[] => {
    const id = JSON.stringify(settings);
    if (last?.settings !== id) last = { settings: id, tables: generateTables(target, generate, settings) };
    return last.tables;
  };
  const { module } = target;
  return {
    module,
    tables,
    get resetSql(): readonly string[] {
      // The tables the generator writes (for the dev profile: the same tables at every size), in
      // reverse load order so children go first; then the module's seeded users.
      const own = tables({ seed: 1, profile: "dev", scale: 1 }).filter((t) => t.schema !== "auth");
      return [
        ...own.toReversed().map((t) => `DELETE FROM ${qualified(t.schema, t.table)}`),
        authResetSql(module),
      ];
    },
  };
}
