// @pulumi/pulumi's runtime loads npm's Arborist (and with it ~500 modules: pacote, sigstore, tuf-js,
// cacache ...) at start-up, because runtime/closure/codePaths.js requires it at the top; it is used
// only to compute the packages a serialized closure needs (`new arborist.Arborist(...)` in
// computeCodePaths). supastack serializes no closure (providers/dynamic.ts writes its forwarder
// text), so every program and dynamic-provider process paid ~0.3 s of CPU for nothing. This hands
// codePaths a stand-in that loads the real Arborist the first time anything reads from it: nothing
// changes for code that does use it.
import Module from "node:module";

const REQUEST = "@npmcli/arborist";

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** A stand-in for a module that loads it on first use; `__esModule` so `__importStar` keeps the stand-in itself. */
export function lazyModule(load: () => object): object {
  let real: object | undefined;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_t, prop) => (prop === "__esModule" ? true : Reflect.get(target(), prop)),
      has: (_t, prop) => prop === "__esModule" || Reflect.has(target(), prop),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_t, prop) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), prop);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
}

/** Makes `require("@npmcli/arborist")` from @pulumi/pulumi's codePaths lazy (see above). */
export function installLazyArborist(): void {
  const mod = Module as unknown as { _load: Loader };
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    const from = (parent as { filename?: string } | undefined)?.filename ?? "";
    if (request === REQUEST && from.includes("@pulumi/pulumi/runtime/closure/codePaths")) {
      return lazyModule(() => original.call(this, request, parent, isMain) as object);
    }
    return original.call(this, request, parent, isMain);
  };
}
