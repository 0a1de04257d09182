// @pulumi/pulumi sends every debug message of its own to the engine as a gRPC call, one after the
// other ("Registering resource ...", "RegisterResource RPC prepared/finished ...", "Found free
// variables ..."): about four per resource, ~800 calls in a no-op preview of the dev stack, which
// the engine shows only with `pulumi --debug` or `-v`. In the engine's Node.js processes
// (nodePreload.ts) they are dropped unless SUPASTACK_PULUMI_DEBUG=1 asks for them; info, warnings and
// errors are untouched.

interface LogModule {
  debug: (...args: unknown[]) => Promise<void>;
  hasErrors?: unknown;
  warn?: unknown;
}

/** Pure: is this the exports object of @pulumi/pulumi/log (required as "../log", "../../log", ...)? */
export function isPulumiLog(request: string, exports: unknown): exports is LogModule {
  if (!/(^|\/)log$/.test(request) || typeof exports !== "object" || exports === null) return false;
  const e = exports as Partial<LogModule>;
  return typeof e.debug === "function" && typeof e.hasErrors === "function" && typeof e.warn === "function";
}

/** Replaces log.debug with a no-op the first time @pulumi/pulumi/log is loaded, then steps aside. */
export function dropPulumiDebugLogs(env: NodeJS.ProcessEnv = process.env): void {
  if (env.SUPASTACK_PULUMI_DEBUG === "1") return;
  const Module = require("node:module") as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  Module._load = function (this: unknown, request: string, ...rest: unknown[]) {
    const exports = load.call(this, request, ...rest);
    if (isPulumiLog(request, exports)) {
      exports.debug = () => Promise.resolve();
      Module._load = load;
    }
    return exports;
  };
}
