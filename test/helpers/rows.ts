// What a seed test compares before and after: every row where a seed writes (the modules' schemas
// and the auth users) and in a bystander schema a test may make, as fingerprints.
import { withClient } from "../../providers/postgres/client";
import { fingerprint, fingerprintSchemas, type TableFingerprint } from "../../providers/postgres/rows";

export async function seedableRows(url: string, modules: readonly string[]): Promise<Record<string, TableFingerprint>> {
  return withClient(url, async (c) => {
    const out = Object.fromEntries(await fingerprintSchemas(c, [...modules, "bystander"]));
    for (const table of ["users", "identities"]) out[`auth.${table}`] = await fingerprint(c, { schema: "auth", table });
    return out;
  });
}
