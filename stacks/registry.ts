// The fixed entry the stored provider forwarders load (providers/dynamic.ts: dist/stacks/registry.js).
// Every resource already in a stack's state carries that path, so it stays here even though the
// providers live in providers/: moving it would leave existing stacks unable to refresh or destroy.
//
// Loaded once per dynamic-provider plugin (by the forwarder text each resource stores). It writes the
// V8 compile cache (NODE_COMPILE_CACHE, automation/engine.ts) of everything it loaded as soon as it is
// loaded, because the engine stops the plugin with a signal and Node then never writes it. The SQL
// its checks parse (migration files, view definitions, policy expressions) is remembered in the
// same cache the program uses, so an unchanged text is not parsed again on every run
// (providers/postgres/parse.ts).
import Module from "node:module";
import { useParseCache } from "../providers/postgres/parse";
import { parsedCacheFile } from "../modules/files";

useParseCache(parsedCacheFile());

export { providers } from "../providers/registry";

(Module as { flushCompileCache?: () => void }).flushCompileCache?.();
