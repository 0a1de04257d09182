// Seeding as a library: what `supastack seed`, `npm start` and `supastack ephemeral` call.
import fs from "node:fs";
import path from "node:path";
import { withClient } from "../providers/postgres/client";
import { personaPassword } from "./data/auth";
import { consoleProgress, quietProgress } from "./engine/progress";
import { type PlannedTable, planSeed, runSeed, type SeedResult } from "./engine/run";
import type { Persona, Profile, SeedSettings } from "./engine/types";
import { SEEDERS, seederFor } from "./index";

export interface SeedRequest {
  url: string;
  profile: Profile;
  seed: number;
  scale?: number;
  /** Modules to seed; default: those whose schema exists in the target. */
  modules?: string[];
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
  const { rows } = await withClient(url, (c) => c.query("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)", [SEEDERS.map((s) => s.module)]));
  const present = new Set(rows.map((r) => r.nspname as string));
  return SEEDERS.map((s) => s.module).filter((m) => present.has(m));
}

function settingsOf(r: SeedRequest): SeedSettings {
  return { seed: r.seed, profile: r.profile, scale: r.scale ?? 1 };
}

async function seedersFor(r: SeedRequest) {
  const modules = r.modules ?? (await presentModules(r.url));
  return modules.map((m) => {
    const s = seederFor(m);
    if (!s) throw new Error(`no seed generator for module ${m}`);
    return s;
  });
}

export async function seedPlan(r: SeedRequest): Promise<PlannedTable[]> {
  return planSeed(await seedersFor(r), settingsOf(r), r.only);
}

/** The qa personas of the modules, each with the password it signs in with (seeds/engine/run.ts sets it). */
export function personasOf(r: Pick<SeedRequest, "profile" | "seed" | "scale">, modules: string[]): Persona[] {
  const settings = { seed: r.seed, profile: r.profile, scale: r.scale ?? 1 };
  return modules.flatMap((m) => seederFor(m)?.personas?.(settings) ?? []).map((p) => ({ ...p, password: personaPassword(r.seed, p.userId) }));
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
  const personas = r.profile === "qa" ? personasOf(r, seeders.map((s) => s.module)) : [];
  if (r.personasOut && personas.length > 0) {
    fs.mkdirSync(path.dirname(r.personasOut), { recursive: true });
    fs.writeFileSync(r.personasOut, `${JSON.stringify({ seed: r.seed, profile: r.profile, personas }, null, 2)}\n`);
  }
  return { ...result, personas };
}
