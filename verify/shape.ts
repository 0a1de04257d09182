// The shape of a module's tables in a live database against what its migration files declare
// (providers/postgres/tableshape): columns (type, default, NOT NULL, generated, identity),
// CHECK/UNIQUE/FK constraints and whether they are validated, indexes, triggers, enum labels and
// functions. The declared shape is the catalog the files make in a scratch schema inside a
// transaction that is always rolled back; the live one is read for the declared names only, so a
// module living in `public` beside other tables reports nothing about them.
import type { Client } from "pg";
import type { ModuleSpec } from "../modules/spec";
import { readMigrationDir } from "../modules/files";
import { migrationSearchPath } from "../providers/postgres/providers/migration";
import { declaredNames, declaredShape, describeFinding, diffShape, readShape, type ShapeFinding } from "../providers/postgres/tableshape";
import type { Finding } from "./rules";

/** Pure: a shape finding as verify reports it; a constraint left NOT VALID says so. */
export function shapeFinding(f: ShapeFinding): Finding {
  const notValid = f.kind === "validation" ? " (NOT VALID: rows were not checked against it)" : "";
  return { rule: "shape", object: f.object, problem: `${describeFinding(f)}${notValid}${f.rewritesRows ? "; restoring it rewrites rows" : ""}`, fix: f.fix };
}

/** The shape findings of each module that has its migration files (ours, or a user's defineModule). */
export async function shapeFindings(client: Client, specs: readonly ModuleSpec[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const spec of specs) {
    const sqlDir = (spec as ModuleSpec & { sqlDir?: string }).sqlDir;
    if (!sqlDir) continue;
    const files = readMigrationDir(sqlDir, `modules/${spec.name}/sql`);
    const declared = await declaredShape(client, spec.schema, files, { searchPath: migrationSearchPath, directory: `modules/${spec.name}/sql` });
    const live = await readShape(client, spec.schema, declaredNames(declared));
    out.push(...diffShape(declared, live).map(shapeFinding));
  }
  return out;
}
