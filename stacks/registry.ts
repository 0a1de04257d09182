// The fixed entry the stored provider forwarders load (providers/dynamic.ts: dist/stacks/registry.js).
// Every resource already in a stack's state carries that path, so it stays here even though the
// providers live in providers/: moving it would leave existing stacks unable to refresh or destroy.
export { providers } from "../providers/registry";
