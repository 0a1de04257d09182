// The bridge between Pulumi's dynamic resources and our provider implementations.
//
// Pulumi's dynamic-provider plugin finds a resource's provider in its `__provider` input: the text of
// a CommonJS module whose `handler()` returns the provider object (cmd/dynamic-provider/index.js:
// `requireFromString(props.__provider).handler()`, cached per text). `pulumi.dynamic.Resource`
// fills it by serializing a closure, which costs the program CPU and stores ~3 KB per resource, in
// its inputs and again in its outputs: 1.2 MB of the dev stack's 2 MB checkpoint, which the file
// backend rewrites at every step of an `up`. We write that module text ourselves instead: a few
// hundred bytes that load the compiled registry (dist/stacks/registry.js, a fixed entry that
// re-exports providers/registry.ts) when the plugin first meets the kind, inside the plugin, found
// upwards from the plugin's working directory (the program directory), in the supastack project
// itself or, in a project that installed supastack, in node_modules/supastack. The resource type
// stays `pulumi-nodejs:dynamic/<module>:<Kind>`, exactly what pulumi.dynamic.Resource registers,
// so URNs and existing state are unchanged (the engine takes a new `__provider` text without a diff).
import * as pulumi from "@pulumi/pulumi";

/** Where the compiled registry is, relative to a folder the search passes: the project's own, then an installed copy. */
const REGISTRY_FILE = "dist/stacks/registry.js";
const REGISTRY_PREFIXES = ["", "node_modules/supastack/"] as const;

/**
 * Pure: the module text stored as a resource's `__provider`. It carries no comments (it is stored in
 * every resource's inputs and outputs, and the file backend rewrites the whole checkpoint at every
 * step of an `up`: each byte here is ~420 bytes of every checkpoint of the dev stack); they are here.
 * handler() finds the registry (above) and returns the kind's provider object itself; the plugin
 * calls it once per text, so the registry is required once per plugin process (it flushes the V8
 * compile cache itself, stacks/registry.ts). Errors name what is missing and what to run.
 */
export function forwarderSource(kind: string): string {
  return (
    `exports.handler=()=>{const k=${JSON.stringify(kind)},P=require("path"),R=${JSON.stringify(REGISTRY_PREFIXES)}.map(x=>x+${JSON.stringify(REGISTRY_FILE)}),` +
    `s=process.env.SUPASTACK_ROOT||process.cwd();for(let d=s;;d=P.dirname(d)){const f=R.map(r=>P.join(d,r)).find(require("fs").existsSync);` +
    `if(f){const p=require(f).providers[k];if(p)return p;throw Error("supastack has no provider for "+k+" in "+f)}` +
    `if(P.dirname(d)==d)throw Error("cannot find "+R.join(" or ")+" above "+s+"; run npm run build (or npm install supastack)")}}`
  );
}

/**
 * A dynamic resource whose provider is `kind` of our registry: what `pulumi.dynamic.Resource` does
 * (the same type token and `__provider` input), with the forwarder text above instead of a
 * serialized closure.
 */
export abstract class ForwardedResource extends pulumi.CustomResource {
  protected constructor(module: string, kind: string, providerKind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    if (props.__provider !== undefined) throw new Error("a dynamic resource must not define the __provider key");
    super(`pulumi-nodejs:dynamic/${module}:${kind}`, name, { ...props, __provider: forwarderSource(providerKind) }, opts);
  }
}
