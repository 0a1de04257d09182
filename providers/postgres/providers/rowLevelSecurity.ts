// RowLevelSecurity: ALTER TABLE ... ENABLE/DISABLE [NO FORCE] ROW LEVEL SECURITY for one table.
import { rowLevelSecuritySchema, type RowLevelSecurityInputs } from "../shapes/rowLevelSecurity";
import type { PgProviderSpec } from "../provider";
import { qualified } from "../sql";
import { leftBehind } from "./located";

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
  // Another table: RLS goes off the old one before it goes on the new one, never two resources on one table.
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
  async update(client, _id, olds, news) {
    for (const s of planRowLevelSecurity(news)) await client.query(s);
    // Declared on another schema's table while the old one is still there: undone there, as delete does.
    if (await leftBehind(client, olds, news, { old: olds.table, new: news.table })) {
      for (const s of planRowLevelSecurity({ ...olds, enabled: false, force: false })) await client.query(s);
    }
    return news;
  },
  async delete(client, _id, olds) {
    if (!(await tableState(client, olds.schema, olds.table))) return;
    for (const s of planRowLevelSecurity({ ...olds, enabled: false, force: false })) await client.query(s);
  },
};
