// Imported first by main.ts: what the CLI process needs before anything else loads. Modules that
// @pulumi/pulumi (its Automation API included) requires at start-up and the CLI never uses (npm's
// Arborist, TypeScript, the OpenTelemetry SDK) load only if used (automation/runtime/lazyModules.ts).
import { installLazyModules } from "../automation/runtime/lazyModules";

installLazyModules();
