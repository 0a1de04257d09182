// The bridge between Pulumi's dynamic resources and our provider implementations.
//
// Pulumi's dynamic-provider plugin finds a resource's provider in its `__provider` input: the text of
// a CommonJS module whose `handler()` returns the provider object (cmd/dynamic-provider/index.js:
// `requireFromString(props.__provider).handler()`, cached per text). `pulumi.dynamic.Resource`
// fills it by serializing a closure, which costs the program CPU and stores ~3 KB per resource, in
// its inputs and again in its outputs: 1.2 MB of the dev stack's 2 MB checkpoint, which the file
// backend rewrites at every step of an `up`. We write that module text ourselves instead: a few
// hundred bytes that load the compiled registry (dist/stacks/registry.js, a fixed entry that
// re-exports providers/registry.ts) when the engine calls the provider, inside the plugin, found
// upwards from the plugin's working directory (the program directory), in the supastack project
// itself or, in a project that installed supastack, in node_modules/supastack. The resource type
// stays `pulumi-nodejs:dynamic/<module>:<Kind>`, exactly what pulumi.dynamic.Resource registers,
// so URNs and existing state are unchanged (the engine takes a new `__provider` text without a diff).
import * as pulumi from "@pulumi/pulumi";

/** Where the compiled registry is, relative to a folder the search passes: the project's own, then an installed copy. */
const REGISTRY = ["dist/stacks/registry.js", "node_modules/supastack/dist/stacks/registry.js"] as const;

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * Pure: the module text stored as a resource's `__provider`. It carries no comments (it is stored in
 * every resource's state); they are here. The registry is required once per plugin process; the
 * V8 compile cache (NODE_COMPILE_CACHE, stacks/engine.ts) is flushed right after, because the engine
 * stops the plugin with a signal and Node then never writes it.
 */
export function forwarderSource(kind: string): string {
  const methods = METHODS.map((m) => `${m}:(...a)=>g().${m}(...a)`).join(",");
  return (
    `exports.handler=()=>{const k=${JSON.stringify(kind)},R=${JSON.stringify(REGISTRY)};let p;` +
    `const g=()=>{if(p)return p;const P=require("path"),F=require("fs"),s=process.env.SUPASTACK_ROOT||process.cwd();` +
    `for(let d=s;;d=P.dirname(d)){const f=R.map((r)=>P.join(d,r)).find((x)=>F.existsSync(x));` +
    `if(f){const n=require.cache[f]===undefined;p=require(f).providers[k];if(n)require("module").flushCompileCache?.();` +
    `if(!p)throw new Error("supastack has no provider for "+k+" in "+f);return p}` +
    `if(P.dirname(d)===d)throw new Error("cannot find "+R.join(" or ")+" above "+s+"; run npm run build in the supastack project, or npm install supastack in yours")}};` +
    `return{${methods}}};`
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
