// What a seed's --reset would delete, counted in the seed's own transaction before it deletes
// anything: the reset runs inside a savepoint, every table it wrote to is read from the locks it
// took (a TRUNCATE's ACCESS EXCLUSIVE, a DELETE's ROW EXCLUSIVE, and those of the rows ON DELETE
// CASCADE removes elsewhere: whatever the reset's SQL is, nothing it reaches is missed), each is
// counted, the savepoint is rolled back, and each is counted again. The difference is what the
// reset deletes; nothing has changed when this returns.
import type { Queryable } from "../../providers/postgres/client";
import { countRows, type RowCount, type TableRef } from "../../providers/postgres/rows";

const SAVEPOINT = "supastack_reset_count";

/**
 * The ordinary and partitioned tables (a partitioned table once, not its partitions) this backend
 * holds a writing lock on: after the reset's statements in the savepoint, the tables they wrote.
 * Catalogs (a TRUNCATE updates pg_class) and temporary tables are not the user's rows.
 */
const LOCKED_TABLES = `
  WITH locked AS (
    SELECT DISTINCT c.oid, n.nspname AS schema, c.relname AS table, c.relispartition
      FROM pg_locks l
      JOIN pg_class c ON c.oid = l.relation
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
       AND l.mode IN ('RowExclusiveLock', 'AccessExclusiveLock')
       AND c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%')
  SELECT schema, "table" FROM locked l
   WHERE NOT (l.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i JOIN locked p ON p.oid = i.inhparent WHERE i.inhrelid = l.oid))
   ORDER BY 1, 2`;

/**
 * Pure: the rows deleted per table, from its counts before and after (tables that lose none left
 * out). A count capped before (COUNT_CAP) makes the difference a lower bound: `atLeast`.
 */
export function deletedRows(before: readonly RowCount[], after: readonly RowCount[]): RowCount[] {
  return before.flatMap((b) => {
    const a = after.find((x) => x.schema === b.schema && x.table === b.table);
    const rows = b.rows - (a?.rows ?? 0);
    return rows > 0 ? [{ schema: b.schema, table: b.table, rows, atLeast: b.atLeast }] : [];
  });
}

/**
 * The rows `resetSql` would delete, per table, counted inside the caller's open transaction and
 * rolled back (a savepoint): the transaction is as it was when this returns.
 */
export async function rowsResetDeletes(client: Queryable, resetSql: readonly string[]): Promise<RowCount[]> {
  if (resetSql.length === 0) return [];
  await client.query(`SAVEPOINT ${SAVEPOINT}`);
  let tables: TableRef[];
  let after: RowCount[];
  try {
    await client.query(resetSql.join(";\n"));
    tables = (await client.query(LOCKED_TABLES)).rows as TableRef[];
    after = await countRows(client, tables);
  } finally {
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
  }
  await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  return deletedRows(await countRows(client, tables), after);
}
