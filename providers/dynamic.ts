// The bridge between Pulumi's dynamic resources and our provider implementations.
//
// Pulumi serializes a dynamic resource's provider object into state and runs that text in its
// dynamic-provider plugin. If the object held the implementation, every resource would carry a copy
// of the providers, the pg driver wrappers and their helpers, and any edit to them would show up
// as a change to every resource. Instead each resource stores this small forwarder, which loads the
// compiled registry (dist/stacks/registry.js, a fixed entry that re-exports providers/registry.ts)
// when the engine calls it, inside the plugin: found upwards from the plugin's working directory
// (the program directory), either in the supastack project itself or, in a project that installed
// supastack, in node_modules/supastack.
import type * as pulumi from "@pulumi/pulumi";

/** Where the compiled registry is, relative to a folder the search passes: the project's own, then an installed copy. */
const REGISTRY = ["dist/stacks/registry.js", "node_modules/supastack/dist/stacks/registry.js"];

// Runs inside the plugin when the engine calls a provider. Pulumi stores this function's source
// text in the state of every resource (twice: inputs and outputs), so it carries no comments: they
// are here. The compile cache (NODE_COMPILE_CACHE, stacks/engine.ts) is written once the registry
// is loaded, because the engine stops the plugin with a signal and Node then never writes it.
function loadProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const start = process.env.SUPASTACK_ROOT ?? process.cwd();
  for (let dir = start; ; dir = path.dirname(dir)) {
    const found = REGISTRY.map((r) => path.join(dir, r)).find((f) => fs.existsSync(f));
    if (found) {
      const first = require.cache[found] === undefined;
      const provider = require(found).providers[kind];
      if (first) (require("module") as { flushCompileCache?: () => void }).flushCompileCache?.();
      if (!provider) throw new Error(`supastack has no provider for ${kind} in ${found}`);
      return provider;
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${REGISTRY.join(" or ")} above ${start}; run npm run build in the supastack project`);
  }
}

const forwarders = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object that forwards every call to the implementation of `kind`: one object per
 * kind, because Pulumi serializes a dynamic provider once per object (a WeakMap cache) and that
 * closure serialization is what made a no-op preview of the dev stack take ~8 s of its ~11.
 */
export function forwardingProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const known = forwarders.get(kind);
  if (known) return known;
  const provider: pulumi.dynamic.ResourceProvider = {
    check: (olds, news) => loadProvider(kind).check!(olds, news),
    diff: (id, olds, news) => loadProvider(kind).diff!(id, olds, news),
    create: (inputs) => loadProvider(kind).create(inputs),
    read: (id, props) => loadProvider(kind).read!(id, props),
    update: (id, olds, news) => loadProvider(kind).update!(id, olds, news),
    delete: (id, props) => loadProvider(kind).delete!(id, props),
  };
  forwarders.set(kind, provider);
  return provider;
}
