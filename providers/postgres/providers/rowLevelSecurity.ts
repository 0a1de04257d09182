// RowLevelSecurity: ALTER TABLE ... ENABLE/DISABLE [NO FORCE] ROW LEVEL SECURITY for one table.
// Delete leaves RLS as it is: turning it off would show every row of a table that still exists to
// whoever holds a grant on it (the table itself goes with its migration or its schema), as
// FunctionAccess leaves EXECUTE closed. The same holds when the declaration moves to another table.
import { rowLevelSecuritySchema, type RowLevelSecurityInputs } from "../shapes/rowLevelSecurity";
import type { PgProviderSpec } from "../provider";
import { qualified } from "../sql";

export { rowLevelSecuritySchema, type RowLevelSecurityInputs } from "../shapes/rowLevelSecurity";

export function planRowLevelSecurity(r: RowLevelSecurityInputs): string[] {
  const table = qualified(r.schema, r.table);
  return [
    `ALTER TABLE ${table} ${r.enabled ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} ${r.force ? "FORCE" : "NO FORCE"} ROW LEVEL SECURITY`,
  ];
}

async function tableState(client: import("pg").Client, schema: string, table: string) {
  const { rows } = await client.query(
    `SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
    [schema, table],
  );
  return rows[0] as { relrowsecurity: boolean; relforcerowsecurity: boolean } | undefined;
}

export const rowLevelSecuritySpec: PgProviderSpec<RowLevelSecurityInputs, RowLevelSecurityInputs> = {
  kind: "RowLevelSecurity",
  schema: rowLevelSecuritySchema,
  // A new schema is the table's schema renamed in place: an update at the new name (located.ts). The
  // id stays the name it was created with (a dynamic provider's update cannot change it).
  replaceOn: ["table"],
  // Another table: never two resources on one table.
  deleteBeforeReplace: true,
  id: (r) => `${r.schema}.${r.table}`,
  async create(client, inputs) {
    for (const s of planRowLevelSecurity(inputs)) await client.query(s);
    return inputs;
  },
  async read(client, _id, olds) {
    const state = await tableState(client, olds.schema, olds.table);
    if (!state) return undefined;
    return { ...olds, enabled: state.relrowsecurity, force: state.relforcerowsecurity };
  },
  async update(client, _id, _olds, news) {
    for (const s of planRowLevelSecurity(news)) await client.query(s);
    return news;
  },
  async delete() {
    // Nothing to undo (see above).
  },
};
