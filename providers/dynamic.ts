// The bridge between Pulumi's dynamic resources and our provider implementations.
//
// Pulumi's dynamic-provider plugin finds a resource's provider in its `__provider` input: the text of
// a CommonJS module whose `handler()` returns the provider object (cmd/dynamic-provider/index.js:
// `requireFromString(props.__provider).handler()`, cached per text). `pulumi.dynamic.Resource`
// fills it by serializing a closure, which costs the program CPU and stores ~3 KB per resource, in
// its inputs and again in its outputs: 1.2 MB of the dev stack's 2 MB checkpoint, which the file
// backend rewrites at every step of an `up`. We write that module text ourselves instead: a few
// hundred bytes that load the compiled registry (dist/stacks/registry.js, a fixed entry that
// re-exports providers/registry.ts) when the plugin first meets the kind, inside the plugin, from
// the supastack project itself or, in a project that installed supastack, node_modules/supastack
// (see forwarderSource). Older states carry an earlier forwarder text that finds the same file. The resource type
// stays `pulumi-nodejs:dynamic/<module>:<Kind>`, exactly what pulumi.dynamic.Resource registers,
// so URNs and existing state are unchanged (the engine takes a new `__provider` text without a diff).
import * as pulumi from "@pulumi/pulumi";

/** The compiled registry, below the supastack project's root (or an installed supastack's package folder). */
const REGISTRY = "/dist/stacks/registry.js";

/**
 * Pure: the module text stored as a resource's `__provider`. It carries no comments (it is stored in
 * every resource's inputs and outputs, and the file backend rewrites the whole checkpoint at every
 * step of an `up`: each byte here is ~420 bytes of every checkpoint of the dev stack); they are here.
 * handler() loads the registry from SUPASTACK_ROOT (which automation/engine.ts gives every engine process:
 * the supastack project, or the installed package) or, run by a bare `pulumi`, from the working
 * directory: the engine starts its plugins in the folder of Pulumi.yaml's `main`, which is the
 * project root (pulumi-program.js; test/raw-cli.test.ts), so every forwarder text ever stored finds
 * it; or else the installed `supastack` package that Node finds from there up (another program's);
 * it returns the kind's provider itself (the plugin calls handler() once per text, so the registry
 * loads once per plugin process; it flushes the compile cache itself, stacks/registry.ts). Errors
 * name what is missing and what to run.
 */
export function forwarderSource(kind: string): string {
  return (
    `exports.handler=()=>{const k=${JSON.stringify(kind)},f=${JSON.stringify(REGISTRY)},r=(process.env.SUPASTACK_ROOT||process.cwd())+f;let m=r;` +
    `if(!require("fs").existsSync(r))try{m=require.resolve("supastack"+f)}catch{throw Error("cannot find "+r+" or supastack"+f+"; run npm run build (or npm install supastack)")}` +
    `const p=require(m).providers[k];if(p)return p;throw Error("supastack has no provider for "+k+" in "+m)}`
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
