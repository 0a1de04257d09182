// The Pulumi program: read and validate the stack's configuration, then declare the environment.
// `pulumi up -s <stack>` runs the compiled form (dist/index.js; `npm run build`).
import { defineEnvironment } from "./stacks/environment";

export = defineEnvironment().then((env) => ({
  target: env.target,
  modules: env.modules,
  schemas: env.schemas,
  databaseUrl: env.databaseUrl,
}));
