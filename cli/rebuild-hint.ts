// When a stack's applied module SQL no longer matches the files (an upgrade of supastack rewrote a
// module, e.g. 0.2 made all five follow the source documents), `up` refuses at preview naming the
// file. A dev stack holds only seed data, so the way out is to rebuild it; this says exactly how.
const CHANGED = /(sql\/[\w.-]+\/\d+_[\w.-]+\.sql) changed after it was applied/;

/** The message to show instead of a bare preview failure, or undefined when the failure is another one. */
export function rebuildHint(message: string, stack: string): string | undefined {
  const match = CHANGED.exec(message);
  if (!match) return undefined;
  return (
    `stack ${stack} was applied by an earlier supastack: ${match[1]} changed after it was applied, and a rewritten ` +
    `module cannot be migrated in place.\n` +
    `The ${stack} database holds seed data that \`npm start\` rebuilds. Rebuild the stack with:\n\n` +
    `  ./bin/supastack destroy --stack ${stack} && npm start\n`
  );
}
