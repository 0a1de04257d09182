#!/usr/bin/env node
// `npm run build` (and the build `npm start`, `npm test` and the benches run first): compiles the
// project with tsc into dist/, or does nothing when dist/ is current.
//
// Current means: the content of every input tsc reads from the project (tsconfig.json and every
// file under the folders and files its `include` names: sources, and the JSON they import) and the
// compiler's and the dependencies' versions (package-lock.json) hash to what the last successful
// build recorded in dist/.build-inputs. That check reads ~2 MB and takes a few milliseconds, where a
// no-change `tsc --incremental` takes ~3 s on 2 cores (it still loads the compiler and the
// dependencies' types). When anything differs, tsc runs with --incremental (its build info in
// dist/, so `rm -rf dist` forces a full build) and the hash is recorded once it succeeds.
// `--force` always runs tsc.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stampFile = path.join(dist, ".build-inputs");
const buildInfo = path.join(dist, ".tsbuildinfo");
const tscBin = path.join(root, "node_modules", "typescript", "bin", "tsc");

/** The tops of tsconfig's include patterns ("stacks/**\/*.ts" -> stacks, "index.ts" -> index.ts). */
function includedTops(tsconfig) {
  return [...new Set((tsconfig.include ?? []).map((p) => p.split("/")[0]))].sort();
}

function walk(entry, files) {
  const full = path.join(root, entry);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    files.push(entry);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const name of fs.readdirSync(full).sort()) {
    // tsconfig's exclude: tests are not compiled (node_modules and dot-folders are never inputs).
    if (name === "node_modules" || name.startsWith(".") || name.endsWith(".test.ts")) continue;
    walk(path.join(entry, name), files);
  }
}

/** The hash of everything the build depends on. */
function inputsHash() {
  const hash = crypto.createHash("sha256");
  const tsconfigText = fs.readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const files = ["tsconfig.json", "package-lock.json", "node_modules/typescript/package.json"];
  for (const top of includedTops(JSON.parse(tsconfigText))) walk(top, files);
  for (const file of files) {
    hash.update(`${file}\0`);
    const full = path.join(root, file);
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : Buffer.from("(missing)"));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function main() {
  const force = process.argv.includes("--force");
  const t0 = Date.now();
  const want = inputsHash();
  const have = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : undefined;
  const built = ["cli/main.js", "program.js", "index.js"].every((f) => fs.existsSync(path.join(dist, f)));
  if (!force && built && have === want) {
    if (process.env.SUPASTACK_BUILD_VERBOSE) console.error(`[build] dist/ is current (checked in ${Date.now() - t0} ms)`);
    return;
  }
  fs.rmSync(stampFile, { force: true });
  // Outputs missing beside a build info that lists them: tsc --incremental would not write them again.
  if (!built) fs.rmSync(buildInfo, { force: true });
  const tsc = spawnSync(process.execPath, [tscBin, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", buildInfo], { cwd: root, stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // Hashed again: a file edited while tsc ran must not be recorded as built.
  if (inputsHash() === want) fs.writeFileSync(stampFile, `${want}\n`);
}

main();
