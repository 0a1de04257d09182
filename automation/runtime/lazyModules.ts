// @pulumi/pulumi loads, at start-up, modules that supastack's processes never use (measured in the
// program and the dynamic-provider plugin of a no-op preview of the dev stack; see nodePreload.ts):
// - npm's Arborist (~500 modules: pacote, sigstore, tuf-js, cacache ...; ~0.3 s of CPU), required at
//   the top of runtime/closure/codePaths.js and used only to find the packages a serialized closure
//   needs. supastack serializes no closure (providers/dynamic.ts writes its forwarder text).
// - TypeScript (9 MB of JavaScript, ~0.15 s of CPU even from the compile cache), required at the top
//   of runtime/closure/parseFunction.js and used only when a closure is serialized.
// - the Automation API (~0.07 s), which index.js re-exports; engine processes never drive the engine.
// - the OpenTelemetry SDK and Zipkin exporter (~200 modules, ~0.1 s), required at the top of
//   cmd/run/tracing.js and used only by its start(), which runs only when the engine passes --tracing.
// Each is handed a stand-in that loads the real module the first time anything uses it: nothing
// changes for code that does use it, it only loads later.
import Module from "node:module";

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** A module required by `from` (a path ending) that loads only when used. */
export interface LazyRule {
  request: string | RegExp;
  from: string;
  /** The requiring file destructures the module at load time (`const { A } = require(...)`): each export is a lazy callable. */
  destructured?: boolean;
}

export const LAZY_RULES: readonly LazyRule[] = [
  { request: "@npmcli/arborist", from: "@pulumi/pulumi/runtime/closure/codePaths.js" },
  { request: "../../typescript-shim", from: "@pulumi/pulumi/runtime/closure/parseFunction.js" },
  { request: "./automation", from: "@pulumi/pulumi/index.js" },
  {
    request: /^@opentelemetry\/(resources|sdk-trace-base|sdk-trace-node|exporter-zipkin|instrumentation|instrumentation-grpc)$/,
    from: "@pulumi/pulumi/cmd/run/tracing.js",
    destructured: true,
  },
];

/** Pure: the rule that makes this require lazy, if any. */
export function lazyRuleFor(request: string, from: string, rules: readonly LazyRule[] = LAZY_RULES): LazyRule | undefined {
  const file = from.split("\\").join("/");
  return rules.find((r) => file.endsWith(r.from) && (typeof r.request === "string" ? r.request === request : r.request.test(request)));
}

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

type Callable = (...args: unknown[]) => unknown;

/**
 * A stand-in for a module whose exports are read at once but only called (or constructed) later:
 * every export it is asked for is a function that loads the module when called or constructed.
 */
export function lazyCallables(load: () => object): object {
  let real: Record<string | symbol, unknown> | undefined;
  const target = () => (real ??= load() as Record<string | symbol, unknown>);
  const made = new Map<string | symbol, Callable>();
  return new Proxy(
    {},
    {
      get: (_t, prop) => {
        let fn = made.get(prop);
        if (!fn) {
          const exported = () => target()[prop] as Callable & (new (...args: unknown[]) => unknown);
          fn = function (this: unknown, ...args: unknown[]) {
            return new.target ? Reflect.construct(exported(), args) : exported().apply(this, args);
          } as Callable;
          made.set(prop, fn);
        }
        return fn;
      },
    },
  );
}

/** Installs LAZY_RULES (above) into Node's module loader. Idempotent. */
export function installLazyModules(rules: readonly LazyRule[] = LAZY_RULES): void {
  const mod = Module as unknown as { _load: Loader } & Record<symbol, unknown>;
  const marker = Symbol.for("supastack.lazyModules");
  if (mod[marker]) return;
  mod[marker] = true;
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    const from = (parent as { filename?: string } | undefined)?.filename ?? "";
    const rule = from ? lazyRuleFor(request, from, rules) : undefined;
    if (rule) {
      const load = () => original.call(this, request, parent, isMain) as object;
      return rule.destructured ? lazyCallables(load) : lazyModule(load);
    }
    return original.call(this, request, parent, isMain);
  };
}
