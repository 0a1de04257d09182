// Deterministic randomness. Every entity (a user, a conversation, ...) gets its own small PRNG
// derived from (seed, key, index), so a child table can re-derive its parent's attributes without
// storing them, generation is order-independent, and the same seed gives the same bytes.

/** 32-bit FNV-1a of a string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A strong 32-bit integer mix (murmur3 finaliser). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** sfc32: small, fast, good enough for test data; 128 bits of state. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The PRNG of entity `index` of `key` under `seed`. */
  static for(seed: number, key: number, index: number): Rng {
    const s = mix32(seed ^ 0x9e3779b9);
    const k = mix32(key ^ s);
    return new Rng(mix32(index ^ k), mix32(index + 0x6a09e667) ^ s, k, mix32(s + index * 0x27d4eb2d));
  }

  /** A uniformly random unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** An item chosen by weight: [[item, weight], ...]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.float() * total;
    for (const [item, w] of choices) {
      r -= w;
      if (r < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }

  /** A random version-4 UUID from this stream. */
  uuid(): string {
    return formatUuid(this.next(), this.next(), this.next(), this.next());
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 255]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

function formatUuid(a: number, b: number, c: number, d: number): string {
  b = ((b & 0xffff0fff) | 0x00004000) >>> 0; // version 4
  c = ((c & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  const hb = hex32(b);
  const hc = hex32(c);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}

/** The id of row `index` of a table: stable for (seed, table, index), so children compute it. */
export function idFor(seed: number, tableKey: number, index: number): string {
  const s = mix32(seed ^ 0x51ed270b);
  const t = mix32(tableKey ^ s);
  return formatUuid(mix32(index ^ t), mix32((index + 0x3c6ef372) ^ s), mix32(t + index), mix32(index * 0x9e3779b1 + t));
}

/** Keys for tables and entity streams, from their names. */
export const key = (name: string): number => hashString(name);

/** A module's stream keys by the short names its generator uses: `keysOf("jobs", { job: "jobs" }).job` is `key("jobs.jobs")`. */
export function keysOf<T extends Record<string, string>>(module: string, streams: T): { readonly [K in keyof T]: number } {
  return Object.fromEntries(Object.entries(streams).map(([name, stream]) => [name, key(`${module}.${stream}`)])) as { [K in keyof T]: number };
}
