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

function loadProvider(kind: string): pulumi.dynamic.ResourceProvider {
  // Resolved when the engine calls the provider, inside the plugin process.
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  let dir = process.env.SUPASTACK_ROOT ?? process.cwd();
  for (;;) {
    const candidate = REGISTRY.map((r) => path.join(dir, r)).find((f) => fs.existsSync(f));
    if (candidate) {
      const first = require.cache[candidate] === undefined;
      const provider = require(candidate).providers[kind];
      // The plugin is stopped with a signal, so Node never writes the compile cache
      // (NODE_COMPILE_CACHE, stacks/engine.ts) for what it loaded; write it once the registry is in.
      if (first) (require("module") as { flushCompileCache?: () => void }).flushCompileCache?.();
      if (!provider) throw new Error(`supastack has no provider for ${kind} in ${candidate}`);
      return provider;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${REGISTRY.join(" or ")} above ${process.env.SUPASTACK_ROOT ?? process.cwd()}; run npm run build in the supastack project`);
    dir = parent;
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
