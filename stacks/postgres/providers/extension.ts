// Extension: CREATE/ALTER/DROP EXTENSION. An extension that already existed when the resource was
// created is adopted and left in place on delete (Supabase projects ship pgcrypto, uuid-ossp, ...).
import { z } from "zod";
import { identifier } from "../fields";
import { connectionField, type PgProviderSpec } from "../provider";
import { ident, literal } from "../sql";

export const extensionSchema = z.object({
  connection: connectionField,
  name: identifier("name"),
  schema: identifier("schema").optional(),
  version: z.string().min(1).optional(),
  dropCascade: z.boolean().default(false),
});
export type ExtensionInputs = z.infer<typeof extensionSchema>;
export type ExtensionOutputs = ExtensionInputs & { adopted: boolean };

export const extensionSpec: PgProviderSpec<ExtensionInputs, ExtensionOutputs> = {
  kind: "Extension",
  schema: extensionSchema,
  replaceOn: ["name"],
  id: (e) => e.name,
  async create(client, inputs) {
    const existing = await client.query("SELECT 1 FROM pg_extension WHERE extname = $1", [inputs.name]);
    if (existing.rows.length > 0) {
      await alter(client, inputs);
      return { ...inputs, adopted: true };
    }
    const schema = inputs.schema ? ` WITH SCHEMA ${ident(inputs.schema)}` : "";
    const version = inputs.version ? ` VERSION ${literal(inputs.version)}` : "";
    await client.query(`CREATE EXTENSION ${ident(inputs.name)}${schema}${version}`);
    return { ...inputs, adopted: false };
  },
  async read(client, id, olds) {
    const { rows } = await client.query(
      `SELECT e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...olds,
      schema: olds.schema === undefined ? undefined : row.nspname,
      version: olds.version === undefined ? undefined : row.extversion,
    };
  },
  async update(client, _id, olds, news) {
    await alter(client, news);
    return { ...news, adopted: olds.adopted };
  },
  async delete(client, id, olds) {
    if (olds.adopted) return;
    await client.query(`DROP EXTENSION IF EXISTS ${ident(id)}${olds.dropCascade ? " CASCADE" : ""}`);
  },
};

async function alter(client: import("pg").Client, e: ExtensionInputs): Promise<void> {
  const { rows } = await client.query(
    `SELECT e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = $1`,
    [e.name],
  );
  const row = rows[0];
  if (!row) return;
  if (e.schema && row.nspname !== e.schema) {
    await client.query(`ALTER EXTENSION ${ident(e.name)} SET SCHEMA ${ident(e.schema)}`);
  }
  if (e.version && row.extversion !== e.version) {
    await client.query(`ALTER EXTENSION ${ident(e.name)} UPDATE TO ${literal(e.version)}`);
  }
}
