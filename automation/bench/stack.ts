// npm run bench:stack — what a person waits for on the five-module stack: a fresh `up`, a no-op
// `preview` (every CI run and every `npm start` pays it) and a `refresh`, through the same path the
// CLI takes (the Automation API, the pinned engine, the compiled program dist/index.js).
//
// The stack is a throwaway one (bench-<hex>) with its own database on the local server
// (supastack:createDatabase) and its own file backend under .supastack/bench; it is destroyed and
// removed at the end, with its Pulumi.<stack>.yaml. Wall times are noisy on a shared machine, so
// each step also reports the CPU time of the engine and every process it started, and the summary
// gives the load average. Flags: --previews N (default 3; the median is reported).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startLocal } from "../../local/instance";
import { engineEnv, pulumiCommand } from "../engine";
import { projectRoot, stateDir } from "../../local/paths";
import { ALL_MODULES, benchSummary, median, parseBenchArgs, type StepTiming } from "./summary";

const log = (line: string) => process.stderr.write(`[bench:stack] ${line}\n`);

/** CPU seconds used by this process's finished children (the engine, its plugins, the program). */
function childCpuSeconds(): number {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of stat(5) (cutime, cstime), counted after the state field (3).
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<{ result: T; timing: StepTiming }> {
  log(`${what} ...`);
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  const result = await run();
  const timing = { seconds: (performance.now() - t0) / 1000, cpuSeconds: childCpuSeconds() - cpu0 };
  log(`${what}: ${timing.seconds.toFixed(1)} s (CPU ${timing.cpuSeconds.toFixed(1)} s, load ${(os.loadavg()[0] ?? 0).toFixed(2)})`);
  return { result, timing };
}

function count(summary: Record<string, number> | undefined): number {
  return Object.values(summary ?? {}).reduce((a, n) => a + Number(n), 0);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const root = projectRoot();
  const port = process.env.SUPASTACK_LOCAL_PORT ? Number(process.env.SUPASTACK_LOCAL_PORT) : undefined;
  await startLocal({ port });
  const suffix = crypto.randomBytes(3).toString("hex");
  const stackName = `bench-${suffix}`;
  const backend = path.join(stateDir(root), "bench", stackName);
  fs.mkdirSync(backend, { recursive: true });
  const envVars = { ...engineEnv(stackName, root, { passphrase: crypto.randomBytes(24).toString("base64url") }), PULUMI_BACKEND_URL: `file://${backend}` };
  log(`stack ${stackName}: modules ${ALL_MODULES.join(", ")} in database bench_${suffix} on the local server`);
  let stack: Stack | undefined;
  try {
    stack = await LocalWorkspace.createStack({ stackName, workDir: root }, { workDir: root, pulumiCommand: await pulumiCommand(root), envVars });
    // Pulumi.yaml types supastack:modules as an array: set it by path, as `pulumi config set --path` does.
    const config: Record<string, string> = { target: "local", createDatabase: "true", localDatabase: `bench_${suffix}` };
    ALL_MODULES.forEach((m, i) => (config[`modules[${i}]`] = m));
    await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [`supastack:${k}`, { value }])), true);
    const s = stack;
    const up = await timed("fresh up", () => s.up());
    const resources = count(up.result.summary.resourceChanges);
    const previews: StepTiming[] = [];
    for (let i = 1; i <= args.previews; i++) {
      const p = await timed(`no-op preview ${i}/${args.previews}`, () => s.preview({ expectNoChanges: true }));
      previews.push(p.timing);
    }
    const refresh = await timed("refresh", () => s.refresh());
    const line = benchSummary({ resources, up: up.timing, preview: median(previews), refresh: refresh.timing, previews: args.previews, load: os.loadavg()[0] ?? 0, cores: os.cpus().length });
    process.stdout.write(`${line}\n`);
  } finally {
    if (stack) {
      log(`destroying ${stackName} ...`);
      await stack.destroy().catch((e: Error) => log(`destroy failed: ${e.message}`));
      await stack.workspace.removeStack(stackName).catch((e: Error) => log(`remove failed: ${e.message}`));
    }
    fs.rmSync(path.join(root, `Pulumi.${stackName}.yaml`), { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:stack: ${error.message}\n`);
  process.exit(1);
});
