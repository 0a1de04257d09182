// The declared side of an adoption: a module's files applied, as the Migration provider applies
// them (its search_path, file by file), into a scratch schema inside a transaction that is always
// rolled back. What each file created (the Migration's own snapshot) becomes the baseline rows
// recorded in supastack.migrations. The shape the live tables are compared with comes from the
// tableshape library (providers/postgres/tableshape), not from here. Nothing of it outlives the
// transaction.
import crypto from "node:crypto";
import type { Client } from "pg";
import { type CreatedObject, type MigrationFile, migrationSearchPath, snapshot } from "../../providers/postgres/providers/migration";
import { ident, sqlIdentifier } from "../../providers/postgres/sql";

export interface DeclaredFile {
  name: string;
  checksum: string;
  /** What the file creates, named in the module's target schema (Migration's CreatedObject form). */
  objects: CreatedObject[];
}

export interface DeclaredModule {
  files: DeclaredFile[];
  /** The tables the files create. */
  tables: string[];
}

/** Pure: a scratch object renamed into `target` (schema, and a trigger's `schema.table` detail). */
export function intoSchema(o: CreatedObject, scratch: string, target: string): CreatedObject {
  const prefix = `${sqlIdentifier(scratch)}.`;
  const swap = (text: string | undefined) =>
    text === undefined ? undefined : text.split(`${prefix}`).join(`${sqlIdentifier(target)}.`).split(`${ident(scratch)}.`).join(`${sqlIdentifier(target)}.`);
  return { ...o, schema: o.schema === scratch ? target : o.schema, detail: swap(o.detail) };
}

/** Applies `files` into a fresh scratch schema (rolled back, whatever happens) and reads what they declare. */
export async function declaredModule(client: Client, module: string, files: readonly MigrationFile[], target: string): Promise<DeclaredModule> {
  const scratch = `supastack_adopt_${crypto.randomBytes(4).toString("hex")}`;
  await client.query("BEGIN");
  try {
    await client.query(`CREATE SCHEMA ${ident(scratch)}`);
    const out: DeclaredFile[] = [];
    for (const file of files) {
      await client.query(`SET LOCAL search_path TO ${migrationSearchPath(scratch)}`);
      const before = await snapshot(client);
      try {
        await client.query(file.sql);
      } catch (error) {
        throw new Error(`module ${module}: ${file.name} could not be applied to a scratch schema to read what it declares: ${(error as Error).message}`);
      }
      const after = await snapshot(client);
      const created = [...after.entries()].filter(([k, o]) => !before.has(k) || (o.version !== null && before.get(k)?.version !== o.version)).map(([, o]) => o.object);
      out.push({ name: file.name, checksum: file.checksum, objects: created.map((o) => intoSchema(o, scratch, target)) });
    }
    const tables = [...new Set(out.flatMap((f) => f.objects.filter((o) => o.kind === "table" && o.schema === target).map((o) => o.name)))];
    return { files: out, tables };
  } finally {
    await client.query("ROLLBACK");
  }
}
