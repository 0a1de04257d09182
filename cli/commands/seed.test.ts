import { describe, expect, it } from "vitest";
import { parseSeedFlags } from "./seed";

describe("seed flags", () => {
  it("name the bad flag", () => {
    expect(() => parseSeedFlags({ profile: "big", seed: "1", scale: "1" })).toThrow(/^--profile: must be one of dev, qa, load/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "x", scale: "1" })).toThrow(/--seed/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "3" })).toThrow(/^--scale: applies to the load profile only/);
    expect(parseSeedFlags({ profile: "load", seed: "2", scale: "5", only: "support,voice.test_calls" })).toMatchObject({ scale: 5, only: ["support", "voice.test_calls"], connections: 1 });
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "0" })).toThrow(/^--connections: must be 1 or more/);
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "two" })).toThrow(/--connections/);
    expect(parseSeedFlags({ profile: "dev", seed: "1", scale: "1", connections: "4" })).toMatchObject({ connections: 4 });
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", modules: "support,suport" })).toThrow(/^--modules: unknown module "suport"/);
  });
});
