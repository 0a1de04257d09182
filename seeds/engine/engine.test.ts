import { describe, expect, it } from "vitest";
import { encodeRow, encodeValue } from "./copy";
import { idFor, key, Rng } from "./prng";
import { parseSeedFlags } from "../../cli/commands/seed";

describe("COPY text encoding", () => {
  it("escapes the characters COPY treats specially and writes NULL as \\N", () => {
    expect(encodeValue("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(encodeValue(null)).toBe("\\N");
    expect(encodeValue(true)).toBe("t");
    expect(encodeValue({ a: "x\ty" })).toBe('{"a":"x\\\\ty"}');
    expect(encodeRow(["x", 1, null])).toBe("x\t1\t\\N\n");
  });
});

describe("PRNG", () => {
  it("is deterministic per (seed, key, index) and differs across them", () => {
    const a = Rng.for(1, key("t"), 5);
    const b = Rng.for(1, key("t"), 5);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(Rng.for(2, key("t"), 5).next()).not.toBe(Rng.for(1, key("t"), 5).next());
    expect(idFor(1, key("t"), 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set(Array.from({ length: 100_000 }, (_, i) => idFor(1, key("t"), i)));
    expect(ids.size).toBe(100_000);
  });
});

describe("seed flags", () => {
  it("name the bad flag", () => {
    expect(() => parseSeedFlags({ profile: "big", seed: "1", scale: "1" })).toThrow(/--profile must be one of dev, qa, load/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "x", scale: "1" })).toThrow(/--seed/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "3" })).toThrow(/--scale applies to --profile load only/);
    expect(parseSeedFlags({ profile: "load", seed: "2", scale: "5", only: "support,voice.test_calls" })).toMatchObject({ scale: 5, only: ["support", "voice.test_calls"], connections: 1 });
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "0" })).toThrow(/--connections must be 1 or more/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "two" })).toThrow(/--connections/);
    expect(parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "4" })).toMatchObject({ connections: 4 });
  });
});
