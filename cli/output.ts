// How the CLI talks to a person: progress that updates in place on a terminal and prints periodic
// lines otherwise, and closing summaries as aligned key/value lines.
import { isTerminal } from "../seeds/engine/format";

export { seconds } from "../seeds/engine/format";

/** Aligned `key  value` lines. */
export function summary(title: string, rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}

/** A counter of finished steps: one updating line on a terminal, a line every `everyMs` otherwise. */
export class StepProgress {
  private done = 0;
  private last = "";
  private lastPrint = 0;
  constructor(
    private readonly label: string,
    private readonly everyMs = 5_000,
  ) {}

  step(what: string): void {
    this.done += 1;
    this.last = what;
    const now = Date.now();
    if (isTerminal()) {
      process.stdout.write(`\r\x1b[2K  ${this.label}: ${this.done} done, ${this.last}`.slice(0, (process.stdout.columns || 100) - 1));
    } else if (now - this.lastPrint >= this.everyMs) {
      this.lastPrint = now;
      console.log(`  ${this.label}: ${this.done} done (latest: ${this.last})`);
    }
  }

  finish(): number {
    if (isTerminal() && this.done > 0) process.stdout.write("\r\x1b[2K");
    return this.done;
  }
}
