import { describe, expect, it } from "vitest";
import { parseSeedFlags, resetProtection } from "./seed";
import { keepsRows } from "./stack";

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
  it("take --allow-data-loss with --reset only", () => {
    expect(() => parseSeedFlags({ profile: "dev", seed: "1", scale: "1", allowDataLoss: true })).toThrow(/^--allow-data-loss: applies with --reset only/);
    expect(parseSeedFlags({ profile: "dev", seed: "1", scale: "1", reset: true, allowDataLoss: true })).toMatchObject({ reset: true, allowDataLoss: true });
    expect(parseSeedFlags({ profile: "dev", seed: "1", scale: "1", reset: true })).toMatchObject({ allowDataLoss: false });
  });
});

describe("seed --reset protection", () => {
  it("lets --reset empty the local dev stack; any other stack, and a --database-url, keep their rows", () => {
    // The repository's stack files: dev is local, staging and prod are not (program/protection.ts).
    expect(resetProtection({}, keepsRows)).toEqual({ protects: false, target: "stack dev", rerun: expect.stringContaining("-s dev --allow-data-loss") });
    expect(resetProtection({ stack: "staging" }, keepsRows)).toMatchObject({ protects: true, target: "stack staging" });
    expect(resetProtection({ stack: "prod" }, keepsRows)).toMatchObject({ protects: true, rerun: "supastack seed --reset -s prod --allow-data-loss (with the same other flags)" });
    const url = resetProtection({ databaseUrl: "postgres://postgres:s3cret@db.example.com/postgres", stack: "dev" }, () => false);
    expect(url).toMatchObject({ protects: true, target: "--database-url" });
    expect(JSON.stringify(url)).not.toMatch(/s3cret|example\.com/);
  });
});
