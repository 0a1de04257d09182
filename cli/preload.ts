// Imported first by main.ts: what the CLI process needs before anything else loads. Modules that
// @pulumi/pulumi (its Automation API included) requires at start-up and the CLI never uses (npm's
// Arborist, TypeScript, the OpenTelemetry SDK) load only if used (stacks/lazyModules.ts).
import { installLazyModules } from "../stacks/lazyModules";

installLazyModules();
