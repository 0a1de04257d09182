import fs from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forwarderSource } from "./dynamic";

// The forwarder text is loaded the way Pulumi's dynamic-provider plugin loads `__provider`
// (cmd/dynamic-provider: requireFromString(text).handler()): compiled as a CommonJS module.
function load(text: string, cwd = os.tmpdir()): Record<string, (...a: unknown[]) => unknown> {
  const m = new Module("forwarder.js") as Module & { _compile(code: string, file: string): void };
  m.filename = path.join(os.tmpdir(), "forwarder.js");
  // require-from-string: node_modules folders from the plugin's working directory up.
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(cwd);
  m._compile(text, m.filename);
  return (m.exports as { handler(): Record<string, (...a: unknown[]) => unknown> }).handler();
}

function project(registryAt: string, kind: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "forwarder-"));
  const file = path.join(root, registryAt);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `exports.providers = { ${JSON.stringify(kind)}: { check: (o, n) => ({ inputs: { kind: ${JSON.stringify(kind)}, olds: o, news: n } }), read: (id) => ({ id }) } };`);
  return root;
}

const saved = process.env.SUPASTACK_ROOT;
afterEach(() => {
  if (saved === undefined) delete process.env.SUPASTACK_ROOT;
  else process.env.SUPASTACK_ROOT = saved;
});

describe("forwarder stored as __provider", () => {
  it("is small: a few hundred bytes per resource instead of a serialized closure", () => {
    // Stored twice per resource (inputs and outputs) in a checkpoint the file backend rewrites at every step.
    expect(forwarderSource("RlsPolicy").length).toBeLessThan(420);
  });

  it("forwards every call to the kind in the compiled registry of the project SUPASTACK_ROOT names", async () => {
    const root = project("dist/stacks/registry.js", "Role");
    process.env.SUPASTACK_ROOT = root;
    const provider = load(forwarderSource("Role"));
    expect(await provider.check!({ a: 1 }, { b: 2 })).toEqual({ inputs: { kind: "Role", olds: { a: 1 }, news: { b: 2 } } });
    expect(await provider.read!("x", {})).toEqual({ id: "x" });
  });

  it("finds an installed supastack's registry from the installing project, a folder below it too", async () => {
    const root = project("node_modules/supastack/dist/stacks/registry.js", "supabase:Project");
    process.env.SUPASTACK_ROOT = root;
    expect(await load(forwarderSource("supabase:Project"), root).read!("ref", {})).toEqual({ id: "ref" });
    // A bare `pulumi` run in a folder below that project: the working directory has no registry.
    const below = path.join(root, "infra");
    fs.mkdirSync(below);
    process.env.SUPASTACK_ROOT = below;
    expect(await load(forwarderSource("supabase:Project"), below).read!("ref", {})).toEqual({ id: "ref" });
  });

  it("says what to do when no registry is found, and when the kind is unknown", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "forwarder-none-"));
    process.env.SUPASTACK_ROOT = empty;
    expect(() => load(forwarderSource("Role"), empty)).toThrow(/cannot find .*forwarder-none-.*\/dist\/stacks\/registry\.js or supastack\/dist\/stacks\/registry\.js; run npm run build/);
    process.env.SUPASTACK_ROOT = project("dist/stacks/registry.js", "Role");
    expect(() => load(forwarderSource("View"))).toThrow(/supastack has no provider for View/);
  });
});
