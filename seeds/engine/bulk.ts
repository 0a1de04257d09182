// Bulk loading: for tables that are empty when a seed starts, load them without their secondary
// indexes, PRIMARY KEY/UNIQUE constraints and the foreign keys between them, then build each index
// in one sorted pass and validate each foreign key in one pass — all inside the seed's one
// transaction (run.ts), so a failure, Ctrl-C or SIGKILL anywhere rolls the drops back with the rows.
//
// planBulk is pure (catalog in, statements out); readCatalog/prepareBulk/rebuild talk to PostgreSQL.
// What stays on, and why:
// - tables the current role does not own (auth.users, auth.identities: supabase_auth_admin's) —
//   DROP INDEX / ALTER TABLE need the owner;
// - foreign keys to tables outside the loaded set (e.g. to auth.users): dropping or adding them
//   locks the referenced table (SHARE ROW EXCLUSIVE) until the seed commits — auth.users would
//   take no sign-up for that long;
// - every index and key of a table a trigger function on the loaded tables reads (its name appears
//   in the function's source): the trigger's lookups would otherwise scan the table once per row;
// - a PRIMARY KEY/UNIQUE that a foreign key we keep depends on;
// - indexes that are clustered, a replica identity or carry a comment (not recreated by their def);
// - every trigger and CHECK constraint (their effect is not provably reproduced by the generator);
// - everything of a table with a deferred trigger (its pending events forbid altering it).
// Tables no other kept foreign key references are TRUNCATEd (empty already: free) in the same
// transaction, which lets COPY ... FREEZE write the rows frozen (no later hint-bit/vacuum pass).
import type { Client } from "pg";
import { ident, qualified } from "../../providers/postgres/sql";

export interface CatalogTable {
  schema: string;
  table: string;
  /** The current role owns it (or is a member of its owner). */
  owned: boolean;
  empty: boolean;
  /** A clustered or replica-identity index, or a commented index/constraint: leave its indexes. */
  pinned: boolean;
  /**
   * It has a trigger that is DEFERRABLE INITIALLY DEFERRED (a constraint trigger, a deferred
   * foreign key): the rows loaded into it leave trigger events pending until COMMIT, and while
   * they are, PostgreSQL refuses to alter the table ("cannot ALTER TABLE ... because it has
   * pending trigger events"), so its keys could not be rebuilt: it loads with everything on.
   */
  deferred?: boolean;
}

export interface CatalogIndex {
  schema: string;
  table: string;
  name: string;
  def: string;
  /** The constraint this index backs (PRIMARY KEY, UNIQUE, EXCLUDE), if any. */
  constraint?: string;
}

export interface CatalogConstraint {
  schema: string;
  table: string;
  name: string;
  type: "p" | "u" | "x" | "f";
  def: string;
  /** For foreign keys: the referenced table and the name of the index (constraint) it uses. */
  refSchema?: string;
  refTable?: string;
  refIndex?: string;
}

export interface BulkCatalog {
  tables: CatalogTable[];
  indexes: CatalogIndex[];
  constraints: CatalogConstraint[];
  /** Every trigger function on the loaded tables: its source, and whether its search_path is empty. */
  triggerFunctions: TriggerFunction[];
}

export interface TriggerFunction {
  source: string;
  /** SET search_path = '': every table it reads is schema-qualified. */
  emptySearchPath: boolean;
}

export interface BulkPlan {
  /** `schema.table` of the tables loaded in bulk (owned and empty). */
  tables: string[];
  /** Tables TRUNCATEd (and so COPYed with FREEZE). */
  freeze: string[];
  /** Statements run before loading, in order. */
  drop: string[];
  /** Statements run after loading, in order: keys, then indexes, then foreign keys. */
  rebuild: string[];
  /**
   * Per loaded table (`schema.table`), the statements of `rebuild` that need only that table's
   * rows (its keys, then its indexes): they may run as soon as it is loaded, while later tables
   * still load. Absent when there is nothing to rebuild.
   */
  byTable?: Record<string, string[]>;
}

const key = (schema: string, table: string) => `${schema}.${table}`;

/**
 * Whether a trigger function may read schema.table: its source names it schema-qualified (quoted or
 * not) or, unless its search_path is empty (then every name it reads is qualified), as a bare word.
 * Conservative: a string literal naming the table counts too.
 */
export function mentions(fn: TriggerFunction, schema: string, table: string): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = (s: string) => `(?:"${esc(s)}"|${esc(s)}(?![A-Za-z0-9_$]))`;
  const qualifiedName = new RegExp(`(?<![A-Za-z0-9_$"])${name(schema)}\\s*\\.\\s*${name(table)}`, "i");
  if (qualifiedName.test(fn.source)) return true;
  return !fn.emptySearchPath && new RegExp(`(?<![A-Za-z0-9_$".])${name(table)}`, "i").test(fn.source);
}

/** Pure: which keys, indexes and foreign keys to drop before loading `loading`, and how to rebuild them. */
export function planBulk(catalog: BulkCatalog, loading: readonly string[]): BulkPlan {
  const byKey = new Map(catalog.tables.map((t) => [key(t.schema, t.table), t]));
  const bulk = new Set(loading.filter((k) => byKey.get(k)?.owned && byKey.get(k)?.empty && !byKey.get(k)?.deferred));
  const readByTriggers = new Set([...bulk].filter((k) => {
    const t = byKey.get(k) as CatalogTable;
    return catalog.triggerFunctions.some((fn) => mentions(fn, t.schema, t.table));
  }));
  const indexable = (k: string) => bulk.has(k) && !readByTriggers.has(k) && !byKey.get(k)?.pinned;

  const fks = catalog.constraints.filter((c) => c.type === "f");
  const dropFk = fks.filter((c) => bulk.has(key(c.schema, c.table)) && c.refSchema && c.refTable && bulk.has(key(c.refSchema, c.refTable)));
  const droppedFk = new Set(dropFk.map((c) => key(c.schema, c.name)));
  const keptFk = fks.filter((c) => !droppedFk.has(key(c.schema, c.name)));

  const dropKeys = catalog.constraints.filter(
    (c) =>
      c.type !== "f" &&
      indexable(key(c.schema, c.table)) &&
      !keptFk.some((f) => f.refSchema === c.schema && f.refTable === c.table && f.refIndex === c.name),
  );
  const constraintIndexes = new Set(catalog.indexes.filter((i) => i.constraint).map((i) => key(i.schema, i.name)));
  const dropIndexes = catalog.indexes.filter((i) => !i.constraint && !constraintIndexes.has(key(i.schema, i.name)) && indexable(key(i.schema, i.table)));

  const freeze = [...bulk].filter((k) => !keptFk.some((f) => f.refSchema && f.refTable && key(f.refSchema, f.refTable) === k));
  const table = (k: string) => {
    const t = byKey.get(k) as CatalogTable;
    return qualified(t.schema, t.table);
  };
  const alter = (c: CatalogConstraint) => `ALTER TABLE ${qualified(c.schema, c.table)}`;
  const keySql = (c: CatalogConstraint) => `${alter(c)} ADD CONSTRAINT ${ident(c.name)} ${c.def}`;
  const byTable: Record<string, string[]> = {};
  for (const c of dropKeys) (byTable[key(c.schema, c.table)] ??= []).push(keySql(c));
  for (const i of dropIndexes) (byTable[key(i.schema, i.table)] ??= []).push(i.def);
  return {
    ...(Object.keys(byTable).length > 0 ? { byTable } : {}),
    tables: [...bulk],
    freeze,
    drop: [
      ...dropFk.map((c) => `${alter(c)} DROP CONSTRAINT ${ident(c.name)}`),
      ...dropKeys.map((c) => `${alter(c)} DROP CONSTRAINT ${ident(c.name)}`),
      ...dropIndexes.map((i) => `DROP INDEX ${qualified(i.schema, i.name)}`),
      ...(freeze.length > 0 ? [`TRUNCATE ${freeze.map(table).join(", ")}`] : []),
    ],
    rebuild: [
      ...dropKeys.map(keySql),
      ...dropIndexes.map((i) => i.def),
      // pg_get_constraintdef keeps NOT VALID for a key that was not validated: it stays so.
      ...dropFk.map((c) => `${alter(c)} ADD CONSTRAINT ${ident(c.name)} ${c.def}`),
    ],
  };
}

/** The catalog of `tables` (`schema.table`): ownership, emptiness, indexes, keys, foreign keys, trigger sources. */
export async function readCatalog(client: Client, tables: readonly string[]): Promise<BulkCatalog> {
  // One query for the tables, their indexes, keys and foreign keys and their trigger functions'
  // sources (each part as a JSON array), and one for emptiness: two round trips in all.
  const { rows } = await client.query(
    `WITH t AS (
       SELECT c.oid, n.nspname AS schema, c.relname AS "table", c.oid::regclass::text AS reg,
              pg_has_role(current_user, c.relowner, 'USAGE') AS owned,
              EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND (i.indisclustered OR i.indisreplident))
                OR EXISTS (SELECT 1 FROM pg_description d WHERE d.classoid = 'pg_class'::regclass AND d.objoid IN (SELECT indexrelid FROM pg_index WHERE indrelid = c.oid))
                OR EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_description d ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid WHERE k.conrelid = c.oid) AS pinned,
              EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgdeferrable AND g.tginitdeferred) AS deferred
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname || '.' || c.relname = ANY ($1) AND c.relkind = 'r'
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('schema', schema, 'table', "table", 'reg', reg, 'owned', owned, 'pinned', pinned, 'deferred', deferred)), '[]') FROM t) AS tables,
       (SELECT coalesce(json_agg(x ORDER BY x.schema, x."table", x.name), '[]') FROM (
          SELECT t.schema, t."table", c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, k.conname AS "constraint"
            FROM pg_index i JOIN t ON t.oid = i.indrelid JOIN pg_class c ON c.oid = i.indexrelid
            LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) x) AS indexes,
       (SELECT coalesce(json_agg(x ORDER BY x.schema, x."table", x.name), '[]') FROM (
          SELECT n.nspname AS schema, tc.relname AS "table", k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def,
                 rn.nspname AS "refSchema", r.relname AS "refTable", ri.relname AS "refIndex"
            FROM pg_constraint k JOIN pg_class tc ON tc.oid = k.conrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
            LEFT JOIN pg_class r ON r.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
            LEFT JOIN pg_class ri ON ri.oid = k.conindid
           WHERE k.contype IN ('p', 'u', 'x', 'f')
             AND (k.conrelid IN (SELECT oid FROM t) OR (k.contype = 'f' AND k.confrelid IN (SELECT oid FROM t)))) x) AS constraints,
       (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT DISTINCT p.prosrc AS source, coalesce('search_path=""' = ANY (p.proconfig) OR 'search_path=''''' = ANY (p.proconfig), false) AS empty
            FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
           WHERE NOT g.tgisinternal AND g.tgrelid IN (SELECT oid FROM t)) x) AS functions`,
    [tables],
  );
  type Row = Record<string, string | null>;
  const row = rows[0] as { tables: { schema: string; table: string; reg: string; owned: boolean; pinned: boolean; deferred: boolean }[]; indexes: Row[]; constraints: Row[]; functions: { source: string; empty: boolean }[] };
  const regular = row.tables;
  const out: BulkCatalog = { tables: [], indexes: [], constraints: [], triggerFunctions: [] };
  // Only an owned table is ever touched; reading one row of each tells whether it is empty (one
  // round trip for all: on a remote database each costs a network round trip).
  const owned = regular.filter((r) => r.owned === true);
  const empties = new Set<string>();
  if (owned.length > 0) {
    const { rows: e } = await client.query(owned.map((r, i) => `SELECT ${i} AS i WHERE NOT EXISTS (SELECT 1 FROM ${r.reg})`).join(" UNION ALL "));
    for (const r of e) empties.add(`${owned[r.i as number]?.schema}.${owned[r.i as number]?.table}`);
  }
  for (const r of regular) {
    const k = `${r.schema}.${r.table}`;
    out.tables.push({ schema: r.schema, table: r.table, owned: r.owned === true, empty: empties.has(k), pinned: r.pinned === true, deferred: r.deferred === true });
  }
  out.indexes = row.indexes.map((r) => ({ schema: r.schema as string, table: r.table as string, name: r.name as string, def: r.def as string, constraint: r.constraint ?? undefined }));
  out.constraints = row.constraints.map((r) => ({
    schema: r.schema as string,
    table: r.table as string,
    name: r.name as string,
    type: r.type as CatalogConstraint["type"],
    def: r.def as string,
    refSchema: r.refSchema ?? undefined,
    refTable: r.refTable ?? undefined,
    // A foreign key names the index it uses; the index of a PRIMARY KEY/UNIQUE has the constraint's name.
    refIndex: r.type === "f" ? (r.refIndex ?? undefined) : undefined,
  }));
  out.triggerFunctions = row.functions.map((r) => ({ source: r.source, emptySearchPath: r.empty === true }));
  return out;
}

/**
 * Drops what the plan drops, in a savepoint: if PostgreSQL refuses any of it (say a view depends
 * on a key), nothing is dropped and the tables load with everything on. Returns the plan that
 * applies (an empty one after such a refusal).
 */
export async function prepareBulk(client: Client, tables: readonly string[]): Promise<BulkPlan> {
  const plan = planBulk(await readCatalog(client, tables), tables);
  if (plan.drop.length === 0) return plan;
  try {
    // One round trip: the savepoint, the drops and its release as one simple query.
    await client.query(["SAVEPOINT supastack_bulk", ...plan.drop, "RELEASE SAVEPOINT supastack_bulk"].join(";\n"));
    return plan;
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT supastack_bulk; RELEASE SAVEPOINT supastack_bulk");
    return { tables: [], freeze: [], drop: [], rebuild: [] };
  }
}

/**
 * Test hook: SUPASTACK_SEED_PAUSE=rebuild stops after the first rebuild statement until the process
 * is killed or interrupted (check throws then).
 */
async function pauseHook(client: Client, done: number, check: () => void): Promise<void> {
  if (process.env.SUPASTACK_SEED_PAUSE !== "rebuild" || done !== 1) return;
  const { rows } = await client.query("SELECT pg_backend_pid() AS pid");
  process.stderr.write(`supastack seed: paused in the index rebuild (backend ${rows[0]?.pid})\n`);
  for (;;) {
    check();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Builds the keys, indexes and foreign keys back, in the loading transaction: `table(name)` builds
 * one table's keys and indexes once it is loaded (while later tables still load), `finish()` the
 * rest (foreign keys last). Each statement runs once.
 */
export function rebuilder(client: Client, plan: BulkPlan, check: () => void = () => undefined): { table(name: string): Promise<void>; finish(): Promise<void> } {
  const done = new Set<string>();
  let count = 0;
  const run = async (statements: readonly string[]) => {
    const todo = statements.filter((sql) => !done.has(sql));
    // Index builds sort in memory and use parallel workers where the server has them (both
    // settings are a user's to set, as on Supabase); the loading transaction's other settings
    // stay. The statements go in a few batches (one simple query each: one round trip); an
    // interruption is checked between batches (and Ctrl-C closes the connection, which stops a
    // batch at once). The pause hook runs the first statement alone.
    const settings = count === 0 ? [REBUILD_MEMORY_SQL, "SET LOCAL max_parallel_maintenance_workers = 2"] : [];
    for (const [i, batch] of rebuildBatches(todo, count === 0 && process.env.SUPASTACK_SEED_PAUSE === "rebuild").entries()) {
      check();
      await client.query([...(i === 0 ? settings : []), ...batch].join(";\n"));
      for (const sql of batch) done.add(sql);
      count += batch.length;
      await pauseHook(client, count, check);
    }
  };
  return { table: (name) => run(plan.byTable?.[name] ?? []), finish: () => run(plan.rebuild) };
}

/**
 * The index builds' sort memory, for this transaction only: the server's shared_buffers (which
 * Supabase sizes at a quarter of the instance's memory), between 128 MB and 1 GB, or more if the
 * role's own setting is higher. A sort that fits in memory skips the external merge through
 * temporary files (about a fifth faster for a 4.6M-row table here); a sort only takes what it needs.
 */
export const REBUILD_MEMORY_SQL =
  "SELECT set_config('maintenance_work_mem', (greatest(pg_size_bytes(current_setting('maintenance_work_mem')), " +
  "least(1024 * 1024 * 1024, greatest(128 * 1024 * 1024, pg_size_bytes(current_setting('shared_buffers'))))) / 1024)::bigint || 'kB', true)";

/** Builds the keys, indexes and foreign keys back, in the loading transaction (all at once). */
export async function rebuild(client: Client, plan: BulkPlan, check: () => void = () => undefined): Promise<void> {
  await rebuilder(client, plan, check).finish();
}

/** Pure: the rebuild statements in batches of at most `size` (the first alone when `firstAlone`). */
export function rebuildBatches(statements: readonly string[], firstAlone = false, size = 12): string[][] {
  const out: string[][] = [];
  let rest = [...statements];
  if (firstAlone && rest.length > 0) {
    out.push(rest.slice(0, 1));
    rest = rest.slice(1);
  }
  for (let i = 0; i < rest.length; i += size) out.push(rest.slice(i, i + size));
  return out;
}
