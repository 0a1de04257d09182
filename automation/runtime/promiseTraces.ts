// The stack traces @pulumi/pulumi records for its own promise bookkeeping, formatted cheaply, and
// the ones it records for each resource, kept short (see nodePreload.ts, which installs this into
// the engine's Node.js processes).
import Module from "node:module";
import path from "node:path";

type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

const DEBUGGABLE = path.join("@pulumi", "pulumi", "runtime", "debuggable.js");

const RESOURCE = path.join("@pulumi", "pulumi", "resource.js");

/**
 * How many frames of a resource's registration trace are formatted: Resource.callsites() sets
 * Error.stackTraceLimit to Infinity and parses `new Error().stack`, and Resource.stackTrace(4) drops
 * its first five frames (callsites, stackTrace and the Resource, CustomResource and ForwardedResource
 * constructors); the rest goes to the engine with every resource and is stored in its state. Here
 * the first six of those are kept (the kind's constructor and the module that declared it), and
 * the first is the resource's source position as before. Formatting (and source-mapping) every frame
 * down to Node's own cost the program ~0.1 s of CPU per dev preview, and stored ~600 bytes per
 * resource in a checkpoint the file backend rewrites at every step of an `up`.
 */
export const RESOURCE_TRACE_FRAMES = 5 + 6;

/** Pure: is this the trace Resource.callsites records for a resource's source position and stack? */
export function isResourceCallsites(frames: readonly NodeJS.CallSite[]): boolean {
  const top = frames[0];
  return top !== undefined && top.getFunctionName() === "callsites" && (top.getFileName() ?? "").endsWith(RESOURCE);
}

/** Pure: is this the trace debuggablePromise records for its own bookkeeping? */
export function isPromiseBookkeeping(frames: readonly NodeJS.CallSite[]): boolean {
  const top = frames[0];
  return top !== undefined && top.getFunctionName() === "debuggablePromise" && (top.getFileName() ?? "").endsWith(DEBUGGABLE);
}

/** Pure: the trace as V8 writes it when no formatter is installed. */
export function plainTrace(error: Error, frames: readonly NodeJS.CallSite[]): string {
  let text = String(error);
  for (const frame of frames) text += `\n    at ${String(frame)}`;
  return text;
}

/**
 * The bookkeeping trace, written only if it is ever read: debuggable.js reads it (in a template
 * string) only to report a leaked promise, and formatting every frame of every promise's trace cost
 * ~0.4 s of CPU per dev preview even without source maps.
 */
function lazyTrace(error: Error, frames: readonly NodeJS.CallSite[]): { toString(): string; [Symbol.toPrimitive](): string } {
  let text: string | undefined;
  const toString = () => (text ??= plainTrace(error, frames));
  return { toString, [Symbol.toPrimitive]: toString };
}

/**
 * Keeps whatever formatter is assigned to Error.prepareStackTrace (source-map-support assigns its
 * own after this file runs) and puts a dispatcher in front of it. Node reads the property on every
 * trace it formats, so the accessor sees each assignment. Idempotent.
 */
export function installPromiseTraceShortcut(target: { prepareStackTrace?: Prepare } = Error as never): void {
  const marker = Symbol.for("supastack.promiseTraceShortcut");
  const holder = target as Record<symbol, unknown>;
  if (holder[marker]) return;
  holder[marker] = true;
  let installed: Prepare | undefined = target.prepareStackTrace;
  const dispatch: Prepare = (error, frames) => {
    if (installed === undefined) return plainTrace(error, frames);
    if (isPromiseBookkeeping(frames)) return lazyTrace(error, frames);
    return installed(error, isResourceCallsites(frames) ? frames.slice(0, RESOURCE_TRACE_FRAMES) : frames);
  };
  Object.defineProperty(target, "prepareStackTrace", {
    configurable: true,
    enumerable: false,
    // Without a formatter of its own, Node's default applies (undefined): nothing to save then.
    get: () => (installed === undefined ? undefined : dispatch),
    set: (value: Prepare | undefined) => {
      installed = value === dispatch ? installed : value;
    },
  });
}

/**
 * How many frames debuggablePromise captures for its bookkeeping trace (V8's default is 10). The
 * trace is read only to report a leaked promise; capturing ten frames for each of the ~6,000 promises
 * of a dev preview cost the program ~0.08 s of CPU more than three (the promise's maker and its two callers).
 */
const PROMISE_TRACE_FRAMES = 3;

type Maker = (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;

/** Pure: `make` with Error.stackTraceLimit set to `frames` while it runs (restored after). */
export function withTraceLimit(make: Maker, frames: number, target: { stackTraceLimit: number } = Error): Maker {
  return (p, ctx) => {
    const limit = target.stackTraceLimit;
    target.stackTraceLimit = frames;
    try {
      return make(p, ctx);
    } finally {
      target.stackTraceLimit = limit;
    }
  };
}

/**
 * Wraps @pulumi/pulumi's debuggablePromise (runtime/debuggable.js) as it loads: its callers reach it
 * through the module's exports (`debuggable_1.debuggablePromise(...)`), so the wrapper is what they call.
 */
export function installPromiseTraceLimit(): void {
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown } & Record<symbol, unknown>;
  const marker = Symbol.for("supastack.promiseTraceLimit");
  if (mod[marker]) return;
  mod[marker] = true;
  const original = mod._load;
  const wrapped = new WeakSet<object>();
  mod._load = function (request, parent, isMain) {
    const exported = original.call(this, request, parent, isMain) as { debuggablePromise?: Maker } | undefined;
    const from = (parent as { filename?: string } | undefined)?.filename ?? "";
    if (request.endsWith("debuggable") && from.includes(path.join("@pulumi", "pulumi")) && exported && typeof exported.debuggablePromise === "function" && !wrapped.has(exported)) {
      wrapped.add(exported);
      exported.debuggablePromise = withTraceLimit(exported.debuggablePromise, PROMISE_TRACE_FRAMES);
    }
    return exported;
  };
}
