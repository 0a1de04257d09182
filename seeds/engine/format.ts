// How progress and summaries are worded, for the seeder's progress and the CLI alike.

/** True when output goes to a person's terminal (not a pipe, not CI): progress may redraw in place. */
export const isTerminal = (): boolean => Boolean(process.stdout.isTTY) && !process.env.CI;

/** A duration for people: `1.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
