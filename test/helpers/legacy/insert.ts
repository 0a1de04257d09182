// One statement per table: the rows as a JSON array through json_populate_recordset (PostgreSQL
// converts each value to its column's type; keys absent from a row are NULL).
import type { Queryable } from "../../../providers/postgres/client";
import { ident, qualified } from "../../../providers/postgres/sql";

/** Inserts rows (same keys in each) through json_populate_recordset, as one statement. */
export async function insertRows(client: Queryable, schema: string, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cols = columns.map(ident).join(", ");
  const t = qualified(schema, table);
  await client.query(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${t}, $1::json)`, [JSON.stringify(rows)]);
}
