import { describe, expect, it } from "vitest";
import { benchSummary, median, parseBenchArgs } from "./summary";

describe("bench:stack", () => {
  it("reads --previews and refuses anything else, naming the flag", () => {
    expect(parseBenchArgs([])).toEqual({ previews: 3 });
    expect(parseBenchArgs(["--previews", "5"])).toEqual({ previews: 5 });
    expect(() => parseBenchArgs(["--previews", "0"])).toThrow(/--previews: expected a whole number from 1 to 20, got 0/);
    expect(() => parseBenchArgs(["--previews"])).toThrow(/got nothing/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/unknown flag --fast/);
  });

  it("takes the median run by wall time", () => {
    const runs = [5, 3, 9].map((seconds) => ({ seconds, cpuSeconds: seconds * 2 }));
    expect(median(runs)).toEqual({ seconds: 5, cpuSeconds: 10 });
    expect(median([runs[0], runs[1]])).toEqual({ seconds: 3, cpuSeconds: 6 });
    expect(() => median([])).toThrow();
  });

  it("prints one line with every figure", () => {
    const t = (seconds: number, cpuSeconds: number) => ({ seconds, cpuSeconds });
    expect(benchSummary({ resources: 209, up: t(14.21, 20), preview: t(4.84, 7.05), refresh: t(6, 8.3), previews: 3, load: 1.234, cores: 2 })).toBe(
      "stack of 5 modules, 209 resources: fresh up 14.2 s (CPU 20.0 s) | no-op preview 4.8 s (CPU 7.0 s) median of 3 | refresh 6.0 s (CPU 8.3 s) | load 1.23 on 2 cores",
    );
  });
});
