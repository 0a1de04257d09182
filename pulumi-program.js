// The program `pulumi` runs for this project's stacks (Pulumi.yaml `main`): the compiled program.ts
// (`npm run build`). It sits in the project root, not in dist/, because the engine starts the
// program and the dynamic-provider plugin in the folder of `main` (Pulumi's getPwdMain): from here
// that folder is the project, which is where a stored provider forwarder run by a bare `pulumi`
// (SUPASTACK_ROOT unset) finds dist/stacks/registry.js (providers/dynamic.ts).
module.exports = require("./dist/program.js");
