// Loaded with --require into every Node.js process the Pulumi engine starts for a stack (the
// program and the dynamic-provider plugin; automation/engine.ts puts it in NODE_OPTIONS).
//
// @pulumi/pulumi records a stack trace for every promise it makes (runtime/debuggable.js:
// `new Error().stack`, read only to name a promise the program leaked), and its entry points install
// source-map-support, which maps every frame of every such trace through the source maps: ~1.4 s of
// CPU in a no-op preview of the dev stack (209 resources), the largest single cost in the program.
// Those bookkeeping traces are captured with three frames instead of ten and formatted here the way
// V8 formats a trace without source maps, only if read. Every other error still goes through the
// formatter that was installed (source-map-support), unchanged, except each resource's registration
// trace, which keeps its first frames only (promiseTraces.ts).
//
// It also drops @pulumi/pulumi's own debug messages to the engine (pulumiDebugLogs.ts), and loads
// what @pulumi/pulumi requires at start-up but these processes never use (npm's Arborist,
// TypeScript, the Automation API, the OpenTelemetry SDK) only if used (lazyModules.ts).
import { installLazyModules } from "./lazyModules";
import { installPromiseTraceLimit, installPromiseTraceShortcut } from "./promiseTraces";
import { dropPulumiDebugLogs } from "./pulumiDebugLogs";

installLazyModules();
installPromiseTraceShortcut();
installPromiseTraceLimit();
dropPulumiDebugLogs();
