// Seeding as a library: what `supastack seed`, `npm start` and `supastack ephemeral` call, and the
// public `seed()` a user's program or test calls with its own modules next to ours.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { existingSchemas } from "../providers/postgres/client";
import { personaPassword } from "./data/auth";
import { consoleProgress, quietProgress } from "./engine/progress";
import { type PlannedTable, planSeed, runSeed, type SeedResult } from "./engine/run";
import { type ModuleSeeder, type Persona, PROFILES, type Profile, type SeedSettings } from "./engine/types";
import { SEEDERS, seederFor } from "./index";

export interface SeedRequest {
  url: string;
  profile: Profile;
  seed: number;
  scale?: number;
  /** Modules to seed, by name (ours) or as generators; default: ours whose schema exists in the target. */
  modules?: (string | ModuleSeeder)[];
  only?: string[];
  reset?: boolean;
  signal?: AbortSignal;
  quiet?: boolean;
  /** Where the qa profile writes its personas (JSON). */
  personasOut?: string;
  /** COPY streams per large table (--connections, for remote databases; default 1). */
  connections?: number;
}

/** Modules with a generator whose schema exists in the database. */
export async function presentModules(url: string): Promise<string[]> {
  const modules = SEEDERS.map((s) => s.module);
  const present = await existingSchemas(url, modules);
  return modules.filter((m) => present.has(m));
}

function settingsOf(r: SeedRequest): SeedSettings {
  return { seed: r.seed, profile: r.profile, scale: r.scale ?? 1 };
}

async function seedersFor(r: SeedRequest) {
  const modules = r.modules ?? (await presentModules(r.url));
  return modules.map((m) => {
    if (typeof m !== "string") return m;
    const s = seederFor(m);
    if (!s) throw new Error(`no seed generator for module ${m}`);
    return s;
  });
}

export async function seedPlan(r: SeedRequest): Promise<PlannedTable[]> {
  return planSeed(await seedersFor(r), settingsOf(r), r.only);
}

/** The qa personas of the modules, each with the password it signs in with (seeds/engine/run.ts sets it). */
export function personasOf(r: Pick<SeedRequest, "profile" | "seed" | "scale">, modules: (string | ModuleSeeder)[]): Persona[] {
  const settings = { seed: r.seed, profile: r.profile, scale: r.scale ?? 1 };
  return modules.flatMap((m) => (typeof m === "string" ? seederFor(m) : m)?.personas?.(settings) ?? []).map((p) => ({ ...p, password: personaPassword(r.seed, p.userId) }));
}

export async function seedDatabase(r: SeedRequest): Promise<SeedResult & { personas: Persona[] }> {
  const seeders = await seedersFor(r);
  const result = await runSeed({
    url: r.url,
    seeders,
    settings: settingsOf(r),
    only: r.only,
    reset: r.reset,
    signal: r.signal,
    connections: r.connections,
    progress: r.quiet ? quietProgress() : consoleProgress(),
  });
  const personas = r.profile === "qa" ? personasOf(r, seeders) : [];
  if (r.personasOut && personas.length > 0) {
    fs.mkdirSync(path.dirname(r.personasOut), { recursive: true });
    fs.writeFileSync(r.personasOut, `${JSON.stringify({ seed: r.seed, profile: r.profile, personas }, null, 2)}\n`);
  }
  return { ...result, personas };
}

/** A module to seed: its name and generator (module objects from defineModule/builtinModule fit). */
export interface SeedableModule {
  name: string;
  seeder?: ModuleSeeder;
  /** supastack's own modules (builtinModule): their generator is found by name. */
  builtin?: boolean;
}

const seedOptionsSchema = z.strictObject({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "databaseUrl is a postgres:// or postgresql:// URL"),
  modules: z
    .array(z.union([z.string().min(1), z.custom<SeedableModule>((m) => typeof (m as SeedableModule)?.name === "string", "a module object or a module name")]))
    .min(1, "modules lists at least one module"),
  profile: z.enum(PROFILES, { message: `profile is one of ${PROFILES.join(", ")}` }).default("dev"),
  seed: z.number().int("seed is a whole number").min(0).max(2 ** 31 - 1).default(1),
  scale: z.number().positive().max(10_000).default(1),
  only: z.array(z.string().min(1)).optional(),
  reset: z.boolean().default(false),
  quiet: z.boolean().default(true),
  personasOut: z.string().optional(),
  signal: z.custom<AbortSignal>((s) => s instanceof AbortSignal, "signal is an AbortSignal").optional(),
});

/** What seed() takes; see each field. */
export type SeedOptions = z.input<typeof seedOptionsSchema>;

/** Pure: the generators of the listed modules, in order; throws naming a module without one. */
export function seedersOf(modules: readonly (string | SeedableModule)[]): ModuleSeeder[] {
  return modules.map((m, i) => {
    // supastack's own module objects carry no generator (see stacks/modules/catalog.ts): found by name.
    const seeder = typeof m === "string" ? seederFor(m) : (m.seeder ?? (m.builtin ? seederFor(m.name) : undefined));
    const name = typeof m === "string" ? m : m.name;
    if (!seeder) throw new Error(`seed: modules[${i}]: module ${name} has no seed generator${typeof m === "string" ? ` (supastack's are ${SEEDERS.map((s) => s.module).join(", ")})` : " (give defineModule a seed)"}`);
    return seeder;
  });
}

/**
 * Seeds a database with the modules' generators (ours and yours) in one all-or-nothing run: one
 * transaction per module, all committed only when every module has loaded. Deterministic: the same
 * seed, profile and scale write the same rows.
 *
 * @example
 * await seed({ databaseUrl, modules: ["jobs", crm], profile: "dev", seed: 1 });
 */
export async function seed(options: SeedOptions): Promise<SeedResult & { personas: Persona[] }> {
  const parsed = seedOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`seed: ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  const o = parsed.data;
  if (o.scale !== 1 && o.profile !== "load") throw new Error("seed: scale applies to profile load only");
  return seedDatabase({
    url: o.databaseUrl,
    profile: o.profile,
    seed: o.seed,
    scale: o.scale,
    modules: seedersOf(o.modules),
    only: o.only,
    reset: o.reset,
    quiet: o.quiet,
    personasOut: o.personasOut,
    signal: o.signal,
  });
}
