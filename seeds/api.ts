// Seeding as a library: what `supastack seed`, `npm start`, `supastack ephemeral` and the public
// `seed()` call, given the generators of the modules to seed (the caller resolves modules: the
// seeding engine knows no module by name).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defaultNow, parseNow } from "../seedkit/clock";
import { type ModuleSeeder, type Persona, PROFILES, type Profile, type SeedSettings } from "../seedkit/types";
import { iso } from "../seedkit/volumes";
import { consoleProgress, quietProgress } from "./engine/progress";
import { type PlannedTable, planSeed, type RunOptions, runSeed, type SeedResult } from "./engine/run";

export interface SeedRequest {
  url: string;
  profile: Profile;
  seed: number;
  scale?: number;
  /** The seed's "now" in ms (seedkit/clock.ts); default: the start of the current hour. */
  now?: number;
  /** The generators of the modules to seed, in order. */
  seeders: readonly ModuleSeeder[];
  only?: string[];
  reset?: boolean;
  signal?: AbortSignal;
  quiet?: boolean;
  /** Where the qa profile writes its personas (JSON). */
  personasOut?: string;
  /** COPY streams per large table (--connections, for remote databases; default 1). */
  connections?: number;
  /** With `reset`: sees the rows the reset would delete before anything changes, and may refuse by throwing (run.ts RunOptions). */
  beforeReset?: RunOptions["beforeReset"];
}

function settingsOf(r: Pick<SeedRequest, "profile" | "seed" | "scale" | "now">): SeedSettings {
  return { seed: r.seed, profile: r.profile, scale: r.scale ?? 1, now: r.now ?? defaultNow() };
}

export function seedPlan(r: SeedRequest): PlannedTable[] {
  return planSeed([...r.seeders], settingsOf(r), r.only);
}

export async function seedDatabase(r: SeedRequest): Promise<SeedResult> {
  const settings = settingsOf(r);
  const result = await runSeed({
    url: r.url,
    seeders: [...r.seeders],
    settings,
    only: r.only,
    reset: r.reset,
    signal: r.signal,
    connections: r.connections,
    beforeReset: r.beforeReset,
    progress: r.quiet ? quietProgress() : consoleProgress(),
  });
  if (r.personasOut && result.personas.length > 0) {
    fs.mkdirSync(path.dirname(r.personasOut), { recursive: true });
    fs.writeFileSync(r.personasOut, `${JSON.stringify({ seed: r.seed, profile: r.profile, now: iso(settings.now as number), personas: result.personas }, null, 2)}\n`);
  }
  return result;
}

/** A module to seed: a module object (defineModule, builtinModule), whose generator loads on demand. */
export interface SeedableModule {
  name: string;
  seeder(): Promise<ModuleSeeder>;
}

/**
 * What a seed run takes, one shape for `supastack seed`'s flags and seed()'s options (numbers may
 * come as text: the CLI's), each message naming what is wrong; the caller names where (`--seed`,
 * `seed: seed`).
 */
export const seedRunFields = {
  profile: z.enum(PROFILES, { message: `must be one of ${PROFILES.join(", ")}` }).default("dev"),
  seed: z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").max(2 ** 31 - 1, "must be below 2^31").default(1),
  scale: z.coerce.number({ message: "must be a number" }).positive("must be more than 0").max(10_000, "must be 10000 or less").default(1),
  /** Modules or tables (`schema.table`) to seed, of the modules given. */
  only: z.array(z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/, "names look like module, table or schema.table")).min(1).optional(),
  reset: z.boolean().default(false),
  /** The seed's "now" (an ISO 8601 time with a zone) as ms; absent: the start of the current hour, decided by the caller once. */
  now: z
    .union([z.string(), z.date()])
    .transform((v, ctx) => {
      if (v instanceof Date) {
        if (Number.isFinite(v.getTime())) return v.getTime();
        ctx.addIssue({ code: "custom", message: "is an invalid Date" });
        return z.NEVER;
      }
      try {
        return parseNow(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  /** COPY streams per large table, over separate connections (for a remote database). */
  connections: z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more").max(32, "must be 32 or less").default(1),
  /** Where the qa profile writes its personas (JSON). */
  personasOut: z.string().optional(),
};

/** The rule across fields: a scale is the load profile's. */
export function seedRunRule(run: { profile: Profile; scale: number }, ctx: z.RefinementCtx): void {
  if (run.scale !== 1 && run.profile !== "load") ctx.addIssue({ code: "custom", path: ["scale"], message: "applies to the load profile only" });
}

export const seedOptionsSchema = z
  .strictObject({
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "is a postgres:// or postgresql:// URL"),
    modules: z
      .array(z.union([z.string().min(1), z.custom<SeedableModule>((m) => typeof (m as SeedableModule)?.seeder === "function", "a module object or a module name")]))
      .min(1, "lists at least one module"),
    ...seedRunFields,
    quiet: z.boolean().default(true),
    signal: z.custom<AbortSignal>((s) => s instanceof AbortSignal, "is an AbortSignal").optional(),
  })
  .superRefine(seedRunRule);

/** What seed() takes; see each field. */
export type SeedOptions = z.input<typeof seedOptionsSchema>;

/** Pure: seed()'s options validated, or an error naming the first bad field. */
export function parseSeedOptions(options: SeedOptions): z.output<typeof seedOptionsSchema> {
  const parsed = seedOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`seed: ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  return parsed.data;
}
