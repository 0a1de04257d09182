// Progress for a seed run: a bar per table on a terminal (cli-progress), a line every few seconds
// otherwise, and a summary table at the end.
import cliProgress from "cli-progress";
import { isTerminal, seconds } from "./format";

export interface TableProgress {
  add(n: number): void;
  done(): void;
}

export interface SeedProgress {
  table(name: string, estimate: number): TableProgress;
  stop(): void;
}

export function quietProgress(): SeedProgress {
  return { table: () => ({ add: () => undefined, done: () => undefined }), stop: () => undefined };
}

export function consoleProgress(everyMs = 5_000): SeedProgress {
  if (isTerminal()) {
    const bars = new cliProgress.MultiBar(
      { format: " {table} |{bar}| {value}/{total} rows", hideCursor: true, clearOnComplete: false, stopOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      table(name, estimate) {
        const bar = bars.create(Math.max(estimate, 1), 0, { table: name.padEnd(34) });
        let value = 0;
        return {
          add(n) {
            value += n;
            if (value > bar.getTotal()) bar.setTotal(value);
            bar.update(value);
          },
          done() {
            bar.setTotal(value);
            bar.update(value);
          },
        };
      },
      stop: () => bars.stop(),
    };
  }
  const started = Date.now();
  const counts = new Map<string, number>();
  let last = Date.now();
  const report = () => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const busy = [...counts.entries()].map(([t, n]) => `${t} ${n}`).join(", ");
    console.log(`  seeding: ${total} rows in ${seconds(Date.now() - started)} (${busy})`);
  };
  return {
    table(name) {
      counts.set(name, 0);
      return {
        add(n) {
          counts.set(name, (counts.get(name) ?? 0) + n);
          if (Date.now() - last >= everyMs) {
            last = Date.now();
            report();
          }
        },
        done: () => undefined,
      };
    },
    stop: () => undefined,
  };
}
