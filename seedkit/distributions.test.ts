import { describe, expect, it } from "vitest";
import { logNormal, skewedIndex, tailRatio } from "./distributions";
import { Rng } from "./prng";

describe("logNormal", () => {
  it("has the median asked for, stays within its bounds and has a long right tail", () => {
    const r = Rng.for(1, 2, 3);
    const xs = Array.from({ length: 20_000 }, () => logNormal(r, 95, 0.45, 20, 900));
    const sorted = [...xs].sort((a, b) => a - b);
    expect(sorted[10_000]).toBeGreaterThan(90);
    expect(sorted[10_000]).toBeLessThan(100);
    expect(sorted[0]).toBeGreaterThanOrEqual(20);
    expect(sorted[sorted.length - 1]).toBeLessThanOrEqual(900);
    expect((sorted[19_800] as number) / (sorted[10_000] as number)).toBeGreaterThan(2.5);
    expect(tailRatio(xs)).toBeGreaterThan(2.5);
  });

  it("tailRatio: at most 2 for values spread evenly, far above it for a long tail", () => {
    const r = Rng.for(4, 5, 6);
    expect(tailRatio(Array.from({ length: 10_000 }, () => r.int(80, 130)))).toBeLessThan(2);
    expect(tailRatio(Array.from({ length: 10_000 }, () => r.int(0, 90)))).toBeLessThanOrEqual(2);
    expect(tailRatio([...Array(97).fill(1), 10, 10, 10])).toBe(10);
  });
});

describe("skewedIndex", () => {
  it("stays in range and gives the first tenth of the entities more than a tenth of the draws", () => {
    const r = Rng.for(7, 8, 9);
    const counts = new Array(400).fill(0);
    for (let i = 0; i < 40_000; i++) counts[skewedIndex(r, 400, 0.8)]++;
    const first = counts.slice(0, 40).reduce((a, b) => a + b, 0) / 40_000;
    expect(first).toBeGreaterThan(0.25);
    expect(counts.every((c) => c > 0)).toBe(true);
    const flat = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) flat[skewedIndex(r, 10, 0)]++;
    expect(Math.min(...flat)).toBeGreaterThan(850);
  });
});
