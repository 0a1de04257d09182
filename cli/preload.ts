// Imported first by main.ts: what the CLI process needs before anything else loads. npm's Arborist,
// which @pulumi/pulumi (its Automation API included) requires at start-up and the CLI never uses,
// loads only if used (stacks/lazyArborist.ts).
import { installLazyArborist } from "../stacks/lazyArborist";

installLazyArborist();
