// The fixed entry the stored provider forwarders load (providers/dynamic.ts: dist/stacks/registry.js).
// Every resource already in a stack's state carries that path, so it stays here even though the
// providers live in providers/: moving it would leave existing stacks unable to refresh or destroy.
//
// Loaded once per dynamic-provider plugin: the SQL its checks parse (migration files, view
// definitions, policy expressions) is remembered in the same cache the program uses, so an unchanged
// text is not parsed again on every run (providers/postgres/parse.ts).
import { useParseCache } from "../providers/postgres/parse";
import { parsedCacheFile } from "./modules/files";

useParseCache(parsedCacheFile());

export { providers } from "../providers/registry";
