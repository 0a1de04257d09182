// Pure parts of `npm run bench:stack` (stack.ts): its flags and the line a person reads.

export const ALL_MODULES = ["voice", "support", "contact_center", "jobs", "agentflow"] as const;

/** One step's wall time and the CPU time of the processes it ran, in seconds. */
export interface StepTiming {
  seconds: number;
  cpuSeconds: number;
}

export interface BenchArgs {
  previews: number;
}

/** --previews N (1..20, default 3); throws naming the flag. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { previews: 3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--previews") {
      const value = argv[++i];
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`--previews: expected a whole number from 1 to 20, got ${value ?? "nothing"}`);
      args.previews = n;
    } else {
      throw new Error(`unknown flag ${flag} (bench:stack takes --previews N)`);
    }
  }
  return args;
}

/** The run with the median wall time (the lower middle one for an even count). */
export function median(timings: readonly StepTiming[]): StepTiming {
  const sorted = [...timings].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error("median of no timings");
  return middle;
}

const s = (t: StepTiming) => `${t.seconds.toFixed(1)} s (CPU ${t.cpuSeconds.toFixed(1)} s)`;

export function benchSummary(r: { resources: number; up: StepTiming; preview: StepTiming; refresh: StepTiming; previews: number; load: number; cores: number }): string {
  const preview = r.previews > 1 ? `no-op preview ${s(r.preview)} median of ${r.previews}` : `no-op preview ${s(r.preview)}`;
  return `stack of 5 modules, ${r.resources} resources: fresh up ${s(r.up)} | ${preview} | refresh ${s(r.refresh)} | load ${r.load.toFixed(2)} on ${r.cores} cores`;
}
