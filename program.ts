// The Pulumi program of this project: read and validate the stack's configuration, then declare the
// environment. `pulumi up -s <stack>` runs the compiled form (dist/program.js, loaded by
// pulumi-program.js, Pulumi.yaml's `main`; `npm run build`). The package's library entry is index.ts.
import { environmentProgram } from "./program/environment";

export = environmentProgram();
