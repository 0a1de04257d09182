// The Pulumi program: read and validate the stack's configuration, then declare the environment.
// `pulumi up -s <stack>` runs the compiled form (dist/index.js; `npm run build`).
import { environmentProgram } from "./stacks/environment";

export = environmentProgram();
