// The layers read top-down: a file imports only its own layer and the layers below it (README,
// "Layout"). Every relative import of every source file is read with TypeScript's own pre-parser
// (static, dynamic and require alike) and checked against the table below.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

type Layer = "cli" | "automation" | "program" | "verify" | "stacks" | "modules" | "seeds" | "seedkit" | "local" | "providers";

/** What each layer may import, itself included. modules/ (the domain modules and the module
 * framework) and seeds/ (the seeding engine) sit side by side on seedkit/ (what a seed generator is
 * written with): neither imports the other; whoever seeds (the CLI, the library entry) hands the
 * engine the generators of the modules it resolved in modules/catalog.ts. local/ (the local
 * server's lifecycle) sits beside seeds/: the CLI and the programs use both, neither uses the other. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  cli: ["cli", "automation", "program", "verify", "stacks", "modules", "seeds", "seedkit", "local", "providers"],
  automation: ["automation", "program", "modules", "local", "providers"],
  program: ["program", "modules", "local", "providers"],
  verify: ["verify", "modules", "providers"],
  stacks: ["stacks", "modules", "providers"],
  modules: ["modules", "seedkit", "local", "providers"],
  seeds: ["seeds", "seedkit", "providers"],
  seedkit: ["seedkit", "providers"],
  local: ["local", "providers"],
  providers: ["providers"],
};

/** Programs run on their own (the Pulumi entry, benchmarks, examples, tests): they may import any
 * layer, and no layer may import them. */
const ENTRY = [/^[^/]+\.ts$/, /^(test|examples|scripts|bench)\//, /^(seeds|automation)\/bench\//];

/** Folders at the root holding no TypeScript of ours (engine/ is the Go module pinning the engine). */
const SKIP = new Set(["node_modules", "dist", ".git", ".tools", ".supastack", "engine", "docs"]);

function sourceFiles(dir = root): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (dir === root && SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path.relative(root, full).split(path.sep).join("/"));
  }
  return out;
}

function layerOf(file: string): Layer | "entry" | undefined {
  if (ENTRY.some((re) => re.test(file))) return "entry";
  const top = file.split("/")[0] as Layer;
  return top in MAY_IMPORT ? top : undefined;
}

/** The project files a file imports, as paths from the root (extension left off). */
function relativeImports(file: string): { specifier: string; target: string }[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith("."))
    .map((specifier) => ({ specifier, target: path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) }));
}

/** `from imports target`, phrased for a failure message, or undefined when the import is allowed. */
function violation(from: string, target: string): string | undefined {
  const a = layerOf(from);
  const b = layerOf(`${target}.ts`) ?? layerOf(`${target}/`);
  if (a === undefined) return `${from}: not in any layer (add its folder to MAY_IMPORT or ENTRY in test/layers.test.ts)`;
  if (a === "entry") return undefined;
  // A unit test beside its file belongs to that file's layer, and may use the tests' helpers too.
  if (b === "entry" && /\.test\.ts$/.test(from) && target.startsWith("test/")) return undefined;
  if (b === "entry") return `${from} imports ${target}, a program or test`;
  if (b === undefined) return `${from} imports ${target}, outside every layer`;
  return MAY_IMPORT[a].includes(b) ? undefined : `${from} (${a}) imports ${target} (${b}): ${a} may import only ${MAY_IMPORT[a].join(", ")}`;
}

describe("layers", () => {
  it("place each folder as the README's layout does", () => {
    expect(violation("seeds/engine/progress.ts", "cli/output")).toMatch(/seeds.*imports cli\/output.*\(cli\)/);
    expect(violation("providers/postgres/providers/database.ts", "local/instance")).toMatch(/providers may import only providers/);
    expect(violation("local/instance.ts", "automation/engine")).toMatch(/local may import only local, providers/);
    expect(violation("program/environment.ts", "local/instance")).toBeUndefined();
    expect(violation("program/environment.ts", "automation/engine")).toMatch(/program may import only program, modules, local, providers/);
    expect(violation("verify/verify.ts", "program/config")).toMatch(/verify may import only verify, modules, providers/);
    expect(violation("cli/commands/seed.ts", "seeds/api")).toBeUndefined();
    expect(violation("seeds/bench/run.ts", "modules/files")).toBeUndefined();
    expect(violation("seeds/api.ts", "test/helpers/database")).toMatch(/a program or test/);
    expect(violation("providers/supabase/supabase.test.ts", "test/supabase/tls")).toBeUndefined();
    expect(violation("seeds/engine/engine.test.ts", "cli/commands/seed")).toMatch(/seeds may import only seeds, seedkit, providers/);
    expect(violation("seeds/api.ts", "modules/catalog")).toMatch(/seeds may import only seeds, seedkit, providers/);
    expect(violation("modules/jobs/seed.ts", "seeds/engine/copy")).toMatch(/modules may import only modules, seedkit, local, providers/);
    expect(violation("modules/jobs/seed.ts", "seedkit/auth")).toBeUndefined();
  });

  it("no source file imports a layer above its own", () => {
    const files = sourceFiles();
    expect(files).toContain("seeds/engine/progress.ts");
    const found: string[] = [];
    for (const file of files) {
      for (const { target } of relativeImports(file)) {
        const problem = violation(file, target);
        if (problem) found.push(problem);
      }
    }
    expect(found).toEqual([]);
  });
});
