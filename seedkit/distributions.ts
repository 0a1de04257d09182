// Long-tailed draws for durations and waits. People's calls, queue waits and job run times are
// not uniform: most are near a typical value and a few take many times longer. A log-normal with
// a median and a spread (sigma of the underlying normal) is the usual fit for such times
// (service times in call centers, job run times in batch queues).
import type { Rng } from "./prng";

/**
 * A log-normal draw with the given median and sigma, kept within [min, max] by drawing again
 * (up to 8 times, then clamping), so the bounds do not pile values up at the edges.
 *
 * @example logNormal(r, 95, 0.45, 20, 900) // a completed call's seconds: ~95 typical, a few past 250
 */
export function logNormal(r: Rng, median: number, sigma: number, min = 0, max = Number.POSITIVE_INFINITY): number {
  for (let tries = 0; tries < 8; tries++) {
    // Box-Muller: two uniforms give one standard normal.
    const u = 1 - r.float();
    const v = r.float();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const x = median * Math.exp(sigma * z);
    if (x >= min && x <= max) return x;
  }
  return Math.min(max, Math.max(min, median));
}

/**
 * p99 / median of the values (Infinity when the median is 0 and p99 is not): how long a tail is.
 * Values spread uniformly over any [a, b] with a >= 0 reach at most 2 (p99 <= b, median >= b / 2); a
 * log-normal with sigma 0.45 has about 2.85.
 */
export function tailRatio(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] as number;
  const median = at(0.5);
  const p99 = at(0.99);
  return median > 0 ? p99 / median : p99 > 0 ? Number.POSITIVE_INFINITY : 0;
}

/**
 * An index in [0, n) where low indexes come up more often, as a few customers or drivers account
 * for much of the traffic (a continuous power law with exponent `s`, 0 < s, inverted: s = 0 is
 * uniform, s = 1 gives index 0 about ln 2 / ln(n + 1) of the draws).
 *
 * @example skewedIndex(r, 400, 0.8) // the driver of a load: the busiest tenth haul about half
 */
export function skewedIndex(r: Rng, n: number, s: number): number {
  const u = r.float();
  const x = Math.abs(s - 1) < 1e-9 ? Math.exp(u * Math.log(n + 1)) : ((n + 1) ** (1 - s) * u + (1 - u)) ** (1 / (1 - s));
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}
