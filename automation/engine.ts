// How every supastack command (and the test suite) reaches the Pulumi engine: the CLI installed
// by scripts/install-engine.mjs in .tools/pulumi, Node 22 first on PATH, the project's file backend
// unless PULUMI_BACKEND_URL says otherwise, and no network calls the engine could make by itself.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import yaml from "js-yaml";
import { projectRoot, stateDir } from "../local/paths";
import { parseStackTarget } from "../program/config";
import { stackFileConfig } from "./ephemeral/template";

/** The dev stack's passphrase when the user sets none. It protects nothing: dev-only, documented. */
export const DEV_PASSPHRASE = "supastack-dev-only";

export function engineRoot(root = projectRoot()): string {
  return path.join(root, ".tools", "pulumi");
}

export function backendUrl(root = projectRoot()): string {
  return process.env.PULUMI_BACKEND_URL ?? `file://${path.join(stateDir(root), "state")}`;
}

const commands = new Map<string, Promise<PulumiCommand>>();

/**
 * The Pulumi CLI at the version of @pulumi/pulumi, or an error saying how to get it. Asked once per
 * process (PulumiCommand.get runs `pulumi version`, ~0.2 s; `npm start` opens its stack twice).
 */
export async function pulumiCommand(root = projectRoot()): Promise<PulumiCommand> {
  const bin = path.join(engineRoot(root), "bin", "pulumi");
  if (!fs.existsSync(bin)) {
    throw new Error(`the Pulumi engine is not installed in ${engineRoot(root)}; run 'npm run engine'`);
  }
  let command = commands.get(bin);
  if (!command) {
    command = PulumiCommand.get({ root: engineRoot(root) });
    commands.set(bin, command);
    command.catch(() => commands.delete(bin));
  }
  return command;
}

/** Where a per-run passphrase of an ephemeral stack is kept on this machine (mode 0600, removed with the stack). */
export function ephemeralPassphraseFile(stack: string, root = projectRoot()): string {
  return path.join(stateDir(root), "ephemeral", stack, "passphrase");
}

/** Pure: the dev stack keeps the documented default only while it targets the local database. */
export function devStackIsLocal(stackFile: string | undefined): boolean {
  if (stackFile === undefined) return true;
  const doc = yaml.load(stackFile) as { config?: unknown } | null;
  if (!doc?.config) return true;
  return parseStackTarget(stackFileConfig(doc, "Pulumi.dev.yaml").raw) === "local";
}

/**
 * The passphrase for a stack. The user's (PULUMI_CONFIG_PASSPHRASE or _FILE) always wins. Without
 * it: the dev stack on the local target gets the published dev-only default (it protects nothing
 * but a local database's password); an ephemeral stack gets the random per-run passphrase kept in
 * its work folder (created by `supastack ephemeral`, `create: true`); every other stack must be given one.
 */
export function passphraseEnv(stack: string, options: { root?: string; create?: boolean } = {}): Record<string, string> {
  if (process.env.PULUMI_CONFIG_PASSPHRASE !== undefined || process.env.PULUMI_CONFIG_PASSPHRASE_FILE) return {};
  const root = options.root ?? projectRoot();
  if (stack === "dev") {
    const file = path.join(root, "Pulumi.dev.yaml");
    if (devStackIsLocal(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined)) return { PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE };
    throw new Error(
      `stack dev does not target the local database, so the published dev-only passphrase may not protect it: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE)`,
    );
  }
  if (stack.startsWith("ephemeral-")) {
    const file = ephemeralPassphraseFile(stack, root);
    if (fs.existsSync(file)) return { PULUMI_CONFIG_PASSPHRASE_FILE: file };
    if (options.create) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
      return { PULUMI_CONFIG_PASSPHRASE_FILE: file };
    }
    throw new Error(
      `stack ${stack} was created with a passphrase that is not on this machine (${file}): set PULUMI_CONFIG_PASSPHRASE to the one its run used`,
    );
  }
  throw new Error(
    `stack ${stack} needs a secrets passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to your own. ` +
      `Only the dev stack on the local target has a built-in, published dev-only default.`,
  );
}

/**
 * Node.js settings for the processes the engine starts (the program, the dynamic-provider plugin),
 * which every engine call pays for (measured on a no-op preview of the dev stack, see `npm run
 * bench:stack`):
 * - NODE_COMPILE_CACHE: V8's code cache for every module they load (@pulumi/pulumi loads TypeScript
 *   and npm's arborist in both processes), kept in .supastack/compile-cache; Node checks each entry
 *   against the file's content, so a changed file is compiled again. A user's own setting wins.
 * - --require nodePreload.js: the cheap format for @pulumi/pulumi's promise bookkeeping traces
 *   (promiseTraces.ts), appended to the user's NODE_OPTIONS; left out when it is not built.
 */
export function nodeEnv(root = projectRoot()): Record<string, string> {
  const env: Record<string, string> = { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(stateDir(root), "compile-cache") };
  // Beside this file when compiled; the built one when this runs from source (the tests).
  const preload = [path.join(__dirname, "runtime", "nodePreload.js"), path.join(root, "dist", "automation", "runtime", "nodePreload.js")].find((f) => fs.existsSync(f));
  const own = process.env.NODE_OPTIONS ?? "";
  if (preload && !own.includes(preload)) env.NODE_OPTIONS = `${own} --require ${JSON.stringify(preload)}`.trim();
  return env;
}

/** Environment for every engine call. */
export function engineEnv(stack: string, root = projectRoot(), options: { passphrase?: string; createPassphrase?: boolean } = {}): Record<string, string> {
  const nodeBin = path.join(root, "node_modules", ".bin");
  fs.mkdirSync(path.join(stateDir(root), "state"), { recursive: true });
  return {
    ...nodeEnv(root),
    PULUMI_BACKEND_URL: backendUrl(root),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(stateDir(root), "pulumi-home"),
    SUPASTACK_ROOT: root,
    PATH: [path.join(engineRoot(root), "bin"), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    ...(options.passphrase !== undefined ? { PULUMI_CONFIG_PASSPHRASE: options.passphrase } : passphraseEnv(stack, { root, create: options.createPassphrase })),
  };
}

/** A lock the file backend keeps while an operation runs on a stack (`.pulumi/locks/...`, one JSON file per holder). */
export interface StackLock {
  file: string;
  pid: number;
  username?: string;
  hostname?: string;
  timestamp?: string;
}

/**
 * A run killed while the file backend was writing the stack's checkpoint can leave that file empty
 * or cut short ("failed to load checkpoint: EOF" on every later command; seen in a test that
 * SIGKILLs `up`). The backend keeps the previous checkpoint beside it as `<stack>.json.bak`: when the
 * checkpoint does not parse and the backup does, the backup is put back (what the dead run did after
 * it is then done again by the next `up`).
 * The backend (gocloud's fileblob) also writes each file's attributes beside it, `<file>.attrs`,
 * truncating that file first and not atomically: a run killed there leaves it empty, and then
 * `pulumi stack ls` (every stack of the backend) and every command on the stack fail with "EOF".
 * The attributes are metadata only (content type and the like), and fileblob reads a file without
 * them as one with none: an unreadable one is removed.
 * Returns what was done, or undefined when nothing was wrong.
 */
export function repairCheckpoint(stack: string, project = "supastack", backend = backendUrl()): string | undefined {
  if (!backend.startsWith("file://")) return undefined;
  const base = backend.slice("file://".length);
  for (const file of [path.join(base, ".pulumi", "stacks", project, `${stack}.json`), path.join(base, ".pulumi", "stacks", `${stack}.json`)]) {
    if (!fs.existsSync(file)) continue;
    const done: string[] = [];
    if (!parses(file)) {
      const backup = `${file}.bak`;
      if (!fs.existsSync(backup) || !parses(backup)) {
        return `the checkpoint of stack ${stack} (${file}) is damaged and has no usable backup; restore it from ${path.dirname(file)}/../history or remove the stack`;
      }
      fs.copyFileSync(backup, file);
      done.push(`the killed run was writing the checkpoint of stack ${stack} when it died; the previous checkpoint was restored from ${path.basename(backup)}`);
    }
    const attrs = `${file}.attrs`;
    if (fs.existsSync(attrs) && !parses(attrs)) {
      fs.rmSync(attrs);
      done.push(`the killed run was writing the attributes of stack ${stack}'s checkpoint when it died; the unreadable ${path.basename(attrs)} was removed`);
    }
    if (done.length > 0) return done.join("; ");
  }
  return undefined;
}

/** repairCheckpoint for every stack of the project in a file backend (what listing them needs); returns what was done. */
export function repairCheckpoints(project = "supastack", backend = backendUrl()): string[] {
  if (!backend.startsWith("file://")) return [];
  const dir = path.join(backend.slice("file://".length), ".pulumi", "stacks", project);
  const stacks = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length)) : [];
  return stacks.flatMap((stack) => repairCheckpoint(stack, project, backend) ?? []);
}

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/** The locks held on a stack in a file backend (none for other backends: they keep locks themselves). */
export function stackLocks(stack: string, project = "supastack", backend = backendUrl()): StackLock[] {
  if (!backend.startsWith("file://")) return [];
  const base = backend.slice("file://".length);
  // Project-scoped layout (organization/<project>/<stack>) and the legacy one (<stack>).
  const dirs = [path.join(base, ".pulumi", "locks", "organization", project, stack), path.join(base, ".pulumi", "locks", stack)];
  const locks: StackLock[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (!name.endsWith(".json") || !fs.statSync(file).isFile()) continue;
      try {
        const c = JSON.parse(fs.readFileSync(file, "utf8")) as { pid?: number; username?: string; hostname?: string; timestamp?: string };
        locks.push({ file, pid: Number(c.pid), username: c.username, hostname: c.hostname, timestamp: c.timestamp });
      } catch {
        locks.push({ file, pid: Number.NaN });
      }
    }
  }
  return locks;
}

/** Pure-ish: is the process holding a lock still running? Unknown for another host (or an unreadable lock). */
export function lockHolder(lock: StackLock, host = os.hostname(), alive: (pid: number) => boolean = pidAlive): "running" | "gone" | "unknown" {
  if (!Number.isInteger(lock.pid) || lock.pid <= 0 || lock.hostname !== host) return "unknown";
  return alive(lock.pid) ? "running" : "gone";
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // kill(pid, 0) also succeeds for a process that has exited and not been reaped yet (a zombie:
  // a killed run's engine whose parent died with it waits for init to reap it); it holds nothing.
  return !isZombie(pid);
}

/** Linux: the process state in /proc/<pid>/stat is Z (zombie) or X (dead). False where /proc cannot tell. */
export function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}

/** What a person needs to know about a locked stack, with the command that clears it. */
export function describeLocks(stack: string, locks: StackLock[], host = os.hostname(), alive: (pid: number) => boolean = pidAlive): string {
  const lines = locks.map((l) => {
    const who = `pid ${Number.isInteger(l.pid) ? l.pid : "?"} on ${l.hostname ?? "an unknown host"}${l.timestamp ? ` since ${l.timestamp}` : ""}`;
    const state = lockHolder(l, host, alive);
    return `  ${who}: ${state === "gone" ? "that process is gone (an interrupted run)" : state === "running" ? "still running" : "cannot tell from this host whether it still runs"}`;
  });
  const anyRunning = locks.some((l) => lockHolder(l, host, alive) === "running");
  const fix = anyRunning
    ? `wait for it to finish (or stop it), then run again`
    : `clear it with: supastack cancel -s ${stack}   (then run your command again)`;
  return `stack ${stack} is locked by another operation:\n${lines.join("\n")}\n${fix}`;
}

/** Removes lock files (and the blob store's .attrs beside them). Only for holders known to be gone. */
export function removeLockFiles(locks: StackLock[]): void {
  for (const l of locks) {
    fs.rmSync(l.file, { force: true });
    fs.rmSync(`${l.file}.attrs`, { force: true });
  }
}
