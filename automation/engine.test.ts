import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_PASSPHRASE, describeLocks, devStackIsLocal, ephemeralPassphraseFile, isZombie, lockHolder, nodeEnv, passphraseEnv, pidAlive, repairCheckpoint, repairCheckpoints, stackLocks } from "./engine";

const saved = { p: process.env.PULUMI_CONFIG_PASSPHRASE, f: process.env.PULUMI_CONFIG_PASSPHRASE_FILE, s: process.env.SUPASTACK_STATE_DIR };
afterEach(() => {
  for (const [k, v] of [["PULUMI_CONFIG_PASSPHRASE", saved.p], ["PULUMI_CONFIG_PASSPHRASE_FILE", saved.f], ["SUPASTACK_STATE_DIR", saved.s]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("passphrases", () => {
  it("keeps the published dev-only default for the dev stack on the local target only", () => {
    delete process.env.PULUMI_CONFIG_PASSPHRASE;
    delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-pp-"));
    process.env.SUPASTACK_STATE_DIR = path.join(root, ".supastack");
    expect(passphraseEnv("dev", { root })).toEqual({ PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE });
    fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config:\n  supastack:target: supabase\n");
    expect(() => passphraseEnv("dev", { root })).toThrow(/stack dev does not target the local database/);
    expect(devStackIsLocal("config:\n  supastack:target: local\n")).toBe(true);
    expect(() => passphraseEnv("staging", { root })).toThrow(/stack staging needs a secrets passphrase: set PULUMI_CONFIG_PASSPHRASE/);
    expect(() => passphraseEnv("test-x", { root })).toThrow(/needs a secrets passphrase/);
  });

  it("gives an ephemeral stack a random passphrase of its own, never the published one", () => {
    delete process.env.PULUMI_CONFIG_PASSPHRASE;
    delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-pp-"));
    process.env.SUPASTACK_STATE_DIR = path.join(root, ".supastack");
    expect(() => passphraseEnv("ephemeral-a", { root })).toThrow(/created with a passphrase that is not on this machine/);
    const a = passphraseEnv("ephemeral-a", { root, create: true });
    const b = passphraseEnv("ephemeral-b", { root, create: true });
    const file = ephemeralPassphraseFile("ephemeral-a", root);
    expect(a).toEqual({ PULUMI_CONFIG_PASSPHRASE_FILE: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [pa, pb] = [fs.readFileSync(file, "utf8"), fs.readFileSync(b.PULUMI_CONFIG_PASSPHRASE_FILE as string, "utf8")];
    expect(pa).not.toBe(pb);
    expect(pa).not.toBe(DEV_PASSPHRASE);
    expect(pa.length).toBeGreaterThanOrEqual(40);
    // Read back later (gc, outputs) from the same file.
    expect(passphraseEnv("ephemeral-a", { root })).toEqual(a);
    process.env.PULUMI_CONFIG_PASSPHRASE = "mine";
    expect(passphraseEnv("ephemeral-c", { root, create: true })).toEqual({});
  });
});

describe("stack locks", () => {
  it("finds the file backend's locks and tells a dead holder from a live one", () => {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-locks-"));
    const dir = path.join(backend, ".pulumi", "locks", "organization", "supastack", "staging");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ pid: 4242, username: "ci", hostname: "runner-1", timestamp: "2026-11-23T12:00:00Z" }));
    fs.writeFileSync(path.join(dir, "a.json.attrs"), "{}");
    const locks = stackLocks("staging", "supastack", `file://${backend}`);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ pid: 4242, hostname: "runner-1" });
    const lock = locks[0] as (typeof locks)[number];
    expect(lockHolder(lock, "runner-1", () => false)).toBe("gone");
    expect(lockHolder(lock, "runner-1", () => true)).toBe("running");
    expect(lockHolder(lock, "laptop", () => false)).toBe("unknown");
    expect(describeLocks("staging", locks, "runner-1", () => false)).toMatch(/pid 4242 on runner-1 since 2026-11-23T12:00:00Z: that process is gone[\s\S]*supastack cancel -s staging/);
    expect(describeLocks("staging", locks, "runner-1", () => true)).toMatch(/still running\nwait for it to finish/);
    expect(stackLocks("staging", "supastack", "s3://bucket")).toEqual([]);
  });
});

describe("isZombie", () => {
  it("tells an exited, unreaped child from a running process", async () => {
    const { spawn } = await import("node:child_process");
    expect(isZombie(process.pid)).toBe(false);
    // A child that exits while we do not wait for it stays a zombie until Node reaps it on 'exit';
    // read its state before the event loop gets there.
    const child = spawn("sh", ["-c", "exit 0"]);
    const pid = child.pid as number;
    const deadline = Date.now() + 2000;
    let seen = false;
    while (Date.now() < deadline && !seen) seen = isZombie(pid);
    expect(seen).toBe(true);
    expect(pidAlive(pid)).toBe(false);
    await new Promise((r) => child.once("exit", r));
  });
});

describe("repairCheckpoint", () => {
  it("puts back the backup of a checkpoint a killed run left empty, and leaves a sound one alone", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "backend-"));
    const dir = path.join(base, ".pulumi", "stacks", "supastack");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "staging.json");
    fs.writeFileSync(file, "");
    fs.writeFileSync(`${file}.bak`, '{"version": 3, "checkpoint": {}}');
    expect(repairCheckpoint("staging", "supastack", `file://${base}`)).toMatch(/previous checkpoint was restored from staging\.json\.bak/);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ version: 3, checkpoint: {} });
    expect(repairCheckpoint("staging", "supastack", `file://${base}`)).toBeUndefined();
    fs.writeFileSync(file, '{"version": 3, "check');
    fs.rmSync(`${file}.bak`);
    expect(repairCheckpoint("staging", "supastack", `file://${base}`)).toMatch(/damaged and has no usable backup/);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("removes the attributes file a killed run left empty beside a checkpoint, for every stack of the project", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "backend-"));
    const dir = path.join(base, ".pulumi", "stacks", "supastack");
    fs.mkdirSync(dir, { recursive: true });
    for (const stack of ["dev", "ephemeral-x"]) {
      fs.writeFileSync(path.join(dir, `${stack}.json`), '{"version": 3, "checkpoint": {}}');
      fs.writeFileSync(path.join(dir, `${stack}.json.attrs`), '{"user.cache_control":""}');
    }
    fs.writeFileSync(path.join(dir, "ephemeral-x.json.attrs"), "");
    expect(repairCheckpoints("supastack", `file://${base}`)).toEqual([expect.stringMatching(/stack ephemeral-x's checkpoint .* unreadable ephemeral-x\.json\.attrs was removed/)]);
    expect(fs.existsSync(path.join(dir, "ephemeral-x.json.attrs"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "dev.json.attrs"))).toBe(true);
    expect(repairCheckpoints("supastack", `file://${base}`)).toEqual([]);
    fs.rmSync(base, { recursive: true, force: true });
  });
});

describe("node settings for the engine's processes", () => {
  it("keeps a compile cache in the state folder and preloads the built trace shortcut after the user's options", () => {
    const savedOptions = process.env.NODE_OPTIONS;
    const savedCache = process.env.NODE_COMPILE_CACHE;
    try {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-node-"));
      process.env.SUPASTACK_STATE_DIR = path.join(root, ".supastack");
      delete process.env.NODE_COMPILE_CACHE;
      process.env.NODE_OPTIONS = "--max-old-space-size=512";
      const env = nodeEnv(root);
      expect(env.NODE_COMPILE_CACHE).toBe(path.join(root, ".supastack", "compile-cache"));
      // Found beside engine.ts (compiled) or in the real project's dist/ when this runs from source.
      const preload = nodeEnv().NODE_OPTIONS;
      if (preload !== undefined) expect(preload).toMatch(/^--max-old-space-size=512 --require ".*nodePreload\.js"$/);
      process.env.NODE_COMPILE_CACHE = "/elsewhere";
      expect(nodeEnv(root).NODE_COMPILE_CACHE).toBe("/elsewhere");
    } finally {
      if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = savedOptions;
      if (savedCache === undefined) delete process.env.NODE_COMPILE_CACHE;
      else process.env.NODE_COMPILE_CACHE = savedCache;
    }
  });
});
