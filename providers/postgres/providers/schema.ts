// Schema: CREATE/ALTER/DROP SCHEMA (argument names as in @pulumi/postgresql's Schema).
import { schemaSchema, type SchemaInputs } from "../shapes/schema";
import { withPooledClient } from "../client";
import { refuseDroppingRows } from "../dataLoss";
import type { PgProviderSpec } from "../provider";
import { adoptedModules } from "../adopted";
import { tablesIn } from "../rows";
import { ident } from "../sql";

export { schemaSchema, type SchemaInputs } from "../shapes/schema";

export function planCreateSchema(s: SchemaInputs): string {
  return `CREATE SCHEMA ${ident(s.name)}${s.owner ? ` AUTHORIZATION ${ident(s.owner)}` : ""}`;
}

export function planDropSchema(name: string, cascade: boolean): string {
  return `DROP SCHEMA IF EXISTS ${ident(name)}${cascade ? " CASCADE" : " RESTRICT"}`;
}

export function planRenameSchema(from: string, to: string): string[] {
  return from === to ? [] : [`ALTER SCHEMA ${ident(from)} RENAME TO ${ident(to)}`];
}

export const schemaSpec: PgProviderSpec<SchemaInputs, SchemaInputs> = {
  kind: "Schema",
  // Stacks applied before protectRows existed record none: to the provider that means protected (dataLoss.ts).
  absentMeans: { protectRows: true },
  schema: schemaSchema,
  // A new name renames the schema in place, with everything in it (never a drop and create, which
  // would lose a module's data). The id stays the name it was created with (a dynamic provider's
  // update cannot change it); read and delete use the state's name.
  replaceOn: [],
  // Replaced only when asked (pulumi up --replace): a schema of the same name cannot exist twice.
  deleteBeforeReplace: true,
  id: (s) => s.name,
  async create(client, inputs) {
    // A run killed between CREATE SCHEMA and the engine recording it leaves the schema behind, empty
    // (nothing is put in it before it is recorded): take that one over, so the next up converges.
    // A schema that holds objects is someone's data and is never taken over, unless `supastack adopt`
    // brought it under management (recorded in supastack.adopted in the adoption's transaction).
    const existing = await client.query(
      `SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid)
            + (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid)
            + (SELECT count(*) FROM pg_type t WHERE t.typnamespace = n.oid) AS objects
         FROM pg_namespace n WHERE n.nspname = $1`,
      [inputs.name],
    );
    if (!existing.rows[0]) await client.query(planCreateSchema(inputs));
    else if (Number(existing.rows[0].objects) > 0) {
      if ((await adoptedModules(client)).some((a) => a.schema === inputs.name)) {
        if (inputs.owner) await client.query(`ALTER SCHEMA ${ident(inputs.name)} OWNER TO ${ident(inputs.owner)}`);
        return inputs;
      }
      throw new Error(
        `schema ${inputs.name} already exists and holds objects this stack did not create; supastack does not take over a schema ` +
          `with data in it. To bring its tables under management: supastack adopt (README, "Adopting an existing database"); ` +
          `or drop or rename it, or choose another schema name.`,
      );
    } else if (inputs.owner) await client.query(`ALTER SCHEMA ${ident(inputs.name)} OWNER TO ${ident(inputs.owner)}`);
    return inputs;
  },
  async read(client, id, olds) {
    const { rows } = await client.query(
      "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1",
      [olds.name ?? id],
    );
    if (!rows[0]) return undefined;
    const owner: string = rows[0].owner;
    return { ...olds, owner: olds.owner === undefined ? undefined : owner };
  },
  async update(client, _id, olds, news) {
    for (const statement of planRenameSchema(olds.name, news.name)) await client.query(statement);
    if (news.owner && news.owner !== olds.owner) {
      await client.query(`ALTER SCHEMA ${ident(news.name)} OWNER TO ${ident(news.owner)}`);
    }
    return news;
  },
  // Never planned by diff (a new name is a rename); kept for a kind that could be: a replacement drops CASCADE.
  beforeReplace: (olds) =>
    withPooledClient(olds.connection, (client) =>
      refuseDroppingRows(client, olds.protectRows, `replacing schema ${olds.name} (DROP SCHEMA ... CASCADE, created again empty)`, async () => (olds.dropCascade ? tablesIn(client, [olds.name]) : [])),
    ),
  async delete(client, id, olds) {
    const name = olds.name ?? id;
    // CASCADE takes every table along; RESTRICT fails by itself on a schema that is not empty.
    if (olds.dropCascade) await refuseDroppingRows(client, olds.protectRows, `deleting schema ${name} (DROP SCHEMA ... CASCADE)`, () => tablesIn(client, [name]));
    await client.query(planDropSchema(name, olds.dropCascade));
  },
};
