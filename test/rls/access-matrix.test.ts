// Checks every cell of the RLS access matrix (matrix.ts) against a live database with all five
// modules applied by the engine, the way PostgREST runs a request: one transaction, the JWT claims
// in request.jwt.claims, SET LOCAL ROLE to the claim's role, then rolled back.
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { literal, qualified } from "../../providers/postgres/sql";
import { impersonate } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";
import { JWT } from "./actors";
import { FIXTURE_SQL, TARGET } from "./fixture";
import { ACTORS, type ActorName, MATRIX, OPERATIONS, type Operation } from "./matrix";


let applied: AppliedDatabase;
let tables: string[] = [];

beforeAll(async () => {
  applied = await databaseWithModules("matrix");
  await withClient(applied.db.url, (c) => c.query(FIXTURE_SQL));
  const { rows } = await withClient(applied.db.url, (c) =>
    c.query(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p') ORDER BY 1`,
      [[...MODULE_NAMES]],
    ),
  );
  tables = rows.map((r) => r.name as string);
});
afterAll(async () => {
  await applied?.dispose();
});

/** One cell: true allowed, false denied (permission denied, RLS violation, or no row), or an unexpected error. */
async function cell(client: Client, table: string, actor: ActorName, op: Operation): Promise<boolean | string> {
  const [schema, name] = table.split(".") as [string, string];
  const t = qualified(schema, name);
  const id = TARGET[table] as string;
  await client.query("BEGIN");
  try {
    if (op === "I") {
      // Take the owner's row out (as the database owner) so the actor can try to put it back.
      await client.query(`CREATE TEMP TABLE target_row ON COMMIT DROP AS SELECT * FROM ${t} WHERE id = ${literal(id)}`);
      await client.query(`DELETE FROM ${t} WHERE id = ${literal(id)}`);
      await client.query("GRANT SELECT ON pg_temp.target_row TO anon, authenticated, service_role");
    }
    await impersonate(client, JWT[actor]);
    const sql = {
      S: `SELECT 1 FROM ${t} WHERE id = $1`,
      I: `INSERT INTO ${t} SELECT * FROM pg_temp.target_row`,
      U: `UPDATE ${t} SET id = id WHERE id = $1`,
      D: `DELETE FROM ${t} WHERE id = $1`,
    }[op];
    const result = await client.query(sql, op === "I" ? [] : [id]);
    return (result.rowCount ?? 0) > 0;
  } catch (error) {
    const e = error as Error & { code?: string };
    return e.code === "42501" ? false : `error ${e.code}: ${e.message}`;
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("RLS access matrix", () => {
  it("has a row for every table of every module, and a target row for each", async () => {
    expect(tables.length).toBeGreaterThanOrEqual(22);
    const missing = tables.filter((t) => !MATRIX[t]);
    expect(missing, `tables without a row in test/rls/matrix.ts: ${missing.join(", ")}`).toEqual([]);
    // The check is real: a table added to a module without a matrix row is caught.
    await withClient(applied.db.url, async (c) => {
      await c.query("BEGIN");
      await c.query("CREATE TABLE jobs.job_notes (id uuid PRIMARY KEY)");
      const { rows } = await c.query("SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'jobs' AND c.relkind = 'r'");
      await c.query("ROLLBACK");
      expect(rows.map((r) => r.name as string).filter((t) => !MATRIX[t])).toEqual(["jobs.job_notes"]);
    });
    expect(Object.keys(MATRIX).filter((t) => !tables.includes(t)), "matrix rows for tables that do not exist").toEqual([]);
    expect(tables.filter((t) => !TARGET[t]), "tables without a target row in test/rls/fixture.ts").toEqual([]);
    for (const [table, row] of Object.entries(MATRIX)) {
      for (const actor of ACTORS) expect(row[actor], `${table} / ${actor}`).toMatch(/^[S-][I-][U-][D-]$/);
    }
  });

  it("holds in every cell against the live database", async () => {
    const mismatches: string[] = [];
    let cells = 0;
    await withClient(applied.db.url, async (client) => {
      for (const table of tables) {
        for (const actor of ACTORS) {
          let actual = "";
          for (const op of OPERATIONS) {
            const result = await cell(client, table, actor, op);
            cells += 1;
            if (typeof result === "string") mismatches.push(`${table} / ${actor} / ${op}: ${result}`);
            actual += result === true ? op : "-";
          }
          const expected = MATRIX[table]?.[actor];
          if (expected !== undefined && actual !== expected) mismatches.push(`${table} / ${actor}: expected ${expected}, database allows ${actual}`);
        }
      }
    });
    console.log(`RLS access matrix: ${cells} cells checked (${tables.length} tables x ${ACTORS.length} actors x ${OPERATIONS.length} operations), ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
    expect(cells).toBe(tables.length * ACTORS.length * OPERATIONS.length);
  });
});
