// Extension: CREATE/ALTER/DROP EXTENSION. An extension that already existed when the resource was
// created is adopted and left in place on delete (Supabase projects ship pgcrypto, uuid-ossp, ...).
// Without a schema it goes to `extensions`, as on Supabase: an extension in `public` is exposed to
// the API roles by the default privileges there (splinter lint 0014 extension_in_public).
import type { Client } from "pg";
import { extensionSchema, type ExtensionInputs } from "../shapes/extension";
import type { PgProviderSpec } from "../provider";
import { ident, literal } from "../sql";

export const DEFAULT_EXTENSION_SCHEMA = "extensions";

export { extensionSchema, type ExtensionInputs } from "../shapes/extension";
export type ExtensionOutputs = ExtensionInputs & { adopted: boolean };

export const extensionSpec: PgProviderSpec<ExtensionInputs, ExtensionOutputs> = {
  kind: "Extension",
  schema: extensionSchema,
  replaceOn: ["name"],
  id: (e) => e.name,
  async create(client, inputs) {
    if (await installed(client, inputs.name)) {
      await alter(client, inputs);
      return { ...inputs, adopted: true };
    }
    const schema = ` WITH SCHEMA ${ident(inputs.schema ?? DEFAULT_EXTENSION_SCHEMA)}`;
    const version = inputs.version ? ` VERSION ${literal(inputs.version)}` : "";
    await client.query(`CREATE EXTENSION ${ident(inputs.name)}${schema}${version}`);
    return { ...inputs, adopted: false };
  },
  async read(client, id, olds) {
    const row = await installed(client, id);
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

/** The installed extension's version and schema, or undefined. */
async function installed(client: Client, name: string): Promise<{ extversion: string; nspname: string } | undefined> {
  const { rows } = await client.query(
    `SELECT e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = $1`,
    [name],
  );
  return rows[0];
}

async function alter(client: Client, e: ExtensionInputs): Promise<void> {
  const row = await installed(client, e.name);
  if (!row) return;
  if (e.schema && row.nspname !== e.schema) {
    await client.query(`ALTER EXTENSION ${ident(e.name)} SET SCHEMA ${ident(e.schema)}`);
  }
  if (e.version && row.extversion !== e.version) {
    await client.query(`ALTER EXTENSION ${ident(e.name)} UPDATE TO ${literal(e.version)}`);
  }
}
