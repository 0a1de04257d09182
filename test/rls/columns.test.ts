// THE COLUMN WRITE MATRIX (issue 11): for every table of every module, every actor and every
// column, whether the actor may set that column on INSERT and change it on UPDATE of the owner's
// target row, tried the way PostgREST runs a request (one transaction, the JWT claims in
// request.jwt.claims, SET LOCAL ROLE to the claim's role, rolled back).
//
// Each module states its rules and probe values in test/rls/modules/<module>.ts (`columnRules`,
// `probes`; types in test/rls/actors.ts). A cell is ALLOWED when the statement succeeds and the
// stored value is the probe; DENIED when PostgreSQL refuses it (42501: no privilege on the column,
// or the row violates a policy), no row changes, or a trigger overwrote the value (a server-owned
// value stamped). Any other error fails the cell with its message.
//
//   INSERT of column c: the owner's target row is copied to a temp table and deleted (as the
//   database owner); the actor inserts the row with the columns its rule allows plus c set to the
//   probe value, and the stored row (found by the transaction's xmin, as the database owner) must
//   hold the probe.
//   UPDATE of column c: UPDATE t SET c = probe WHERE id = target; a row must change and hold it.
//
// Generated columns are left out (nobody can write them). A table or column without a rule or a
// probe fails the test, naming it: add the rule when you add the column.
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { ident, literal, qualified } from "../../providers/postgres/sql";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { type Actor, impersonate } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";
import { ACTORS, ACTORS_IDS, type ActorName, type ColumnProbes, type ColumnRule, type ColumnRules, JWT } from "./actors";
import { FIXTURE_SQL, TARGET } from "./fixture";
import { MODULE_PARTS } from "./matrix";


export type ColumnOp = "insert" | "update";
/** What happened in one cell. Anything but `allowed` and `error` is a denial. */
export type Outcome =
  | { kind: "allowed" }
  | { kind: "privilege"; message: string }
  | { kind: "rls"; message: string }
  | { kind: "no-row" }
  | { kind: "overwritten" }
  | { kind: "error"; message: string };

interface Column {
  name: string;
  /** format_type of the column, for casting the probe. */
  type: string;
}
/** A table as the database has it: writable (not generated) columns in order. */
interface TableShape {
  table: string;
  columns: Column[];
}

/** Writable columns of every table in the schemas. */
async function tableShapes(client: Pick<Client, "query">, schemas: readonly string[]): Promise<TableShape[]> {
  const { rows } = await client.query<{ table: string; columns: Column[] }>(
    `SELECT n.nspname || '.' || c.relname AS table,
            json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
      GROUP BY 1 ORDER BY 1`,
    [[...schemas]],
  );
  return rows;
}

/** Pure: the columns a rule lets the actor write with `op` (all of them for "*"). */
export function allowedColumns(rule: ColumnRule | undefined, op: ColumnOp, all: readonly string[]): string[] {
  const listed = rule?.[op] ?? [];
  return listed === "*" ? [...all] : all.filter((c) => listed.includes(c));
}

/** Pure: tables and columns the rules and probes do not cover, and rules naming what does not exist. */
export function coverageProblems(shapes: readonly TableShape[], rules: ColumnRules, probes: ColumnProbes): string[] {
  const problems: string[] = [];
  for (const { table, columns } of shapes) {
    if (!rules[table]) {
      problems.push(`${table}: no column rule (columnRules in test/rls/modules/<module>.ts)`);
      continue;
    }
    for (const c of columns) if (!(`${table}.${c.name}` in probes)) problems.push(`${table}.${c.name}: no probe value (a new column without a rule)`);
    for (const [actor, rule] of Object.entries(rules[table] ?? {})) {
      if (!(ACTORS as readonly string[]).includes(actor)) problems.push(`${table}: rule for unknown actor ${actor}`);
      for (const op of ["insert", "update"] as const) {
        const listed = rule?.[op];
        if (listed === undefined || listed === "*") continue;
        for (const c of listed) if (!columns.some((x) => x.name === c)) problems.push(`${table}: ${actor} ${op} names column ${c}, which the table does not have (or is generated)`);
      }
    }
  }
  for (const table of Object.keys(rules)) if (!shapes.some((s) => s.table === table)) problems.push(`${table}: rule for a table that does not exist`);
  for (const key of Object.keys(probes)) {
    const table = key.replace(/\.[^.]+$/, "");
    const shape = shapes.find((s) => s.table === table);
    if (shape && !shape.columns.some((c) => `${table}.${c.name}` === key)) problems.push(`${key}: probe for a column that does not exist (or is generated)`);
  }
  return problems;
}

/**
 * As the database owner again: does a row this transaction wrote (xmin is the transaction's own id;
 * the cell runs without savepoints) hold the probe? Found by xmin, so an insert that took a default
 * id and an update of the id itself are found too.
 */
async function storedOutcome(client: Client, t: string, col: string, type: string, param: unknown): Promise<Outcome> {
  await client.query("RESET ROLE");
  const { rows } = await client.query(
    `SELECT bool_or(${col} IS NOT DISTINCT FROM $1::${type}) AS same FROM ${t} WHERE xmin = (txid_current() % 4294967296)::text::xid`,
    [param],
  );
  if (rows[0]?.same === null || rows[0]?.same === undefined) return { kind: "no-row" };
  return rows[0].same === true ? { kind: "allowed" } : { kind: "overwritten" };
}

function classify(error: unknown): Outcome {
  const e = error as Error & { code?: string };
  if (e.code === "42501") return /row-level security/i.test(e.message) ? { kind: "rls", message: e.message } : { kind: "privilege", message: e.message };
  return { kind: "error", message: `${e.code ?? "?"}: ${e.message}` };
}

/** Copies the owner's target row of `table` to pg_temp.target_row (readable by the API roles) for the INSERT cells. */
async function withTargetRow<T>(client: Client, table: string, target: string, fn: () => Promise<T>): Promise<T> {
  const [schema, name] = table.split(".") as [string, string];
  await client.query(`CREATE TEMP TABLE target_row AS SELECT * FROM ${qualified(schema, name)} WHERE id = ${literal(target)}`);
  await client.query("GRANT SELECT ON pg_temp.target_row TO anon, authenticated, service_role");
  try {
    return await fn();
  } finally {
    await client.query("DROP TABLE pg_temp.target_row");
  }
}

/** One cell, tried as PostgREST would, always rolled back. INSERT cells run inside withTargetRow. */
export async function columnCell(
  client: Client,
  shape: TableShape,
  target: string,
  actor: Actor,
  rule: ColumnRule | undefined,
  column: Column,
  op: ColumnOp,
  probe: unknown,
): Promise<Outcome> {
  const [schema, name] = shape.table.split(".") as [string, string];
  const t = qualified(schema, name);
  const col = ident(column.name);
  const param = probe !== null && typeof probe === "object" && !Array.isArray(probe) && !(probe instanceof Date) ? JSON.stringify(probe) : probe;
  await client.query("BEGIN");
  try {
    if (op === "insert") {
      // The copy of the target row (pg_temp.target_row) is made once per table by the caller.
      await client.query(`DELETE FROM ${t} WHERE id = ${literal(target)}`);
      const others = allowedColumns(rule, "insert", shape.columns.map((c) => c.name)).filter((c) => c !== column.name);
      const names = [...others.map(ident), col].join(", ");
      const values = [...others.map(ident), `$1::${column.type}`].join(", ");
      await impersonate(client, actor);
      try {
        const inserted = await client.query(`INSERT INTO ${t} (${names}) SELECT ${values} FROM pg_temp.target_row`, [param]);
        if ((inserted.rowCount ?? 0) === 0) return { kind: "no-row" };
      } catch (error) {
        return classify(error);
      }
      return await storedOutcome(client, t, col, column.type, param);
    }
    await impersonate(client, actor);
    try {
      const updated = await client.query(`UPDATE ${t} SET ${col} = $1::${column.type} WHERE id = $2`, [param, target]);
      if ((updated.rowCount ?? 0) === 0) return { kind: "no-row" };
    } catch (error) {
      return classify(error);
    }
    return await storedOutcome(client, t, col, column.type, param);
  } catch (error) {
    // Setting the cell up failed (as the database owner): the cell cannot be judged.
    return { kind: "error", message: `setting up the cell: ${(error as Error).message}` };
  } finally {
    await client.query("ROLLBACK");
  }
}

export interface MatrixResult {
  cells: number;
  mismatches: string[];
  outcomes: Map<string, Outcome>;
}

/** Every cell of the given tables; mismatches say expected vs actual (and any error). */
export async function runColumnMatrix(
  client: Client,
  shapes: readonly TableShape[],
  rules: ColumnRules,
  probes: ColumnProbes,
  targets: Record<string, string>,
  actors: Record<ActorName, Actor> = JWT,
): Promise<MatrixResult> {
  const result: MatrixResult = { cells: 0, mismatches: [], outcomes: new Map() };
  for (const shape of shapes) {
    const target = targets[shape.table];
    if (!target) {
      result.mismatches.push(`${shape.table}: no target row`);
      continue;
    }
    const all = shape.columns.map((c) => c.name);
    const cells = async () => {
      for (const actor of ACTORS) {
        const rule = rules[shape.table]?.[actor];
        for (const column of shape.columns) {
          for (const op of ["insert", "update"] as const) {
            const outcome = await columnCell(client, shape, target, actors[actor], rule, column, op, probes[`${shape.table}.${column.name}`]);
            result.cells += 1;
            const key = `${shape.table}.${column.name} / ${actor} / ${op}`;
            result.outcomes.set(key, outcome);
            const expected = allowedColumns(rule, op, all).includes(column.name);
            if (outcome.kind === "error") result.mismatches.push(`${key}: ${outcome.message}`);
            else if ((outcome.kind === "allowed") !== expected) {
              result.mismatches.push(`${key}: expected ${expected ? "allowed" : "denied"}, database ${outcome.kind === "allowed" ? "allows it" : `denies it (${outcome.kind})`}`);
            }
          }
        }
      }
    };
    await withTargetRow(client, shape.table, target, cells);
  }
  return result;
}

function summary(r: MatrixResult, shapes: readonly TableShape[]): string {
  const columns = shapes.reduce((n, s) => n + s.columns.length, 0);
  return `column write matrix: ${r.cells} cells checked (${shapes.length} tables, ${columns} columns x ${ACTORS.length} actors x 2 operations), ${r.mismatches.length} mismatches`;
}

describe("column write matrix harness on a scratch table", () => {
  // A module of one table, built by hand: column grants for authenticated, owner-only policies, a
  // trigger that stamps a server-owned status, and service_role with everything.
  let db: TestDatabase;
  let shapes: TableShape[];
  const owner = ACTORS_IDS.owner;
  const target = "30000000-0000-4000-8000-000000000001";
  const rules: ColumnRules = {
    // Signed-in users insert rows of their own (user_id defaults to auth.uid()) with an id and a
    // body; only the owner can reach the target row to change its body.
    "scratch.notes": {
      owner: { insert: ["id", "body"], update: ["body"] },
      other: { insert: ["id", "body"], update: [] },
      supervisor: { insert: ["id", "body"], update: [] },
      admin: { insert: ["id", "body"], update: [] },
      service_role: { insert: "*", update: "*" },
    },
  };
  const probes: ColumnProbes = {
    "scratch.notes.id": "30000000-0000-4000-8000-0000000000ff",
    // Nobody's id: an actor writing their own id into user_id is not giving the row away.
    "scratch.notes.user_id": "00000000-0000-4000-8000-0000000000e5",
    "scratch.notes.body": "probe text",
    "scratch.notes.status": "approved",
    "scratch.notes.reviewed_at": "2030-01-01T00:00:00Z",
  };

  beforeAll(async () => {
    db = await createTestDatabase("columns");
    await withClient(db.url, (c) =>
      c.query(`
        INSERT INTO auth.users (id, email, role, aud) VALUES ('${owner}', 'owner@example.com', 'authenticated', 'authenticated'),
          ('${ACTORS_IDS.other}', 'other@example.com', 'authenticated', 'authenticated'),
          ('${ACTORS_IDS.supervisor}', 'supervisor@example.com', 'authenticated', 'authenticated'),
          ('${ACTORS_IDS.admin}', 'admin@example.com', 'authenticated', 'authenticated');
        INSERT INTO auth.users (id, role, aud, is_anonymous) VALUES ('${ACTORS_IDS.anonymous}', 'authenticated', 'authenticated', true);
        CREATE SCHEMA scratch;
        GRANT USAGE ON SCHEMA scratch TO anon, authenticated, service_role;
        CREATE TABLE scratch.notes (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL DEFAULT auth.uid(),
          body text NOT NULL CHECK (body <> 'forbidden'),
          status text NOT NULL DEFAULT 'new',
          reviewed_at timestamptz,
          body_length int GENERATED ALWAYS AS (length(body)) STORED);
        ALTER TABLE scratch.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own ON scratch.notes FOR ALL TO authenticated
          USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
        -- As the modules do (modules/policies.ts anonymousGuards): anonymous sign-ins write nothing.
        CREATE POLICY no_anonymous ON scratch.notes AS RESTRICTIVE FOR ALL TO authenticated
          USING (((SELECT auth.jwt()) ->> 'is_anonymous')::boolean IS NOT TRUE) WITH CHECK (((SELECT auth.jwt()) ->> 'is_anonymous')::boolean IS NOT TRUE);
        GRANT SELECT, DELETE ON scratch.notes TO authenticated;
        GRANT INSERT (id, user_id, body, status), UPDATE (body, status) ON scratch.notes TO authenticated;
        GRANT ALL ON scratch.notes TO service_role;
        CREATE FUNCTION scratch.stamp_status() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          -- status is server-owned: only service_role sets it
          IF current_user <> 'service_role' THEN
            NEW.status := CASE WHEN TG_OP = 'INSERT' THEN 'new' ELSE OLD.status END;
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER stamp_status BEFORE INSERT OR UPDATE ON scratch.notes FOR EACH ROW EXECUTE FUNCTION scratch.stamp_status();
        INSERT INTO scratch.notes (id, user_id, body) VALUES ('${target}', '${owner}', 'hello');
      `),
    );
    shapes = await withClient(db.url, (c) => tableShapes(c, ["scratch"]));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("leaves generated columns out and finds every missing rule, probe and stray name", () => {
    expect(shapes).toEqual([{ table: "scratch.notes", columns: ["id", "user_id", "body", "status", "reviewed_at"].map((name) => expect.objectContaining({ name })) }]);
    expect(coverageProblems(shapes, rules, probes)).toEqual([]);
    const { "scratch.notes.status": _gone, ...withoutStatus } = probes;
    expect(coverageProblems(shapes, rules, withoutStatus)).toEqual(["scratch.notes.status: no probe value (a new column without a rule)"]);
    expect(coverageProblems(shapes, {}, probes)[0]).toBe("scratch.notes: no column rule (columnRules in test/rls/modules/<module>.ts)");
    expect(coverageProblems(shapes, { "scratch.notes": { owner: { insert: ["nope"], update: [] } } }, probes)).toEqual([
      "scratch.notes: owner insert names column nope, which the table does not have (or is generated)",
    ]);
  });

  it("classifies cells: allowed, denied by privilege, by RLS, by no row, by a trigger's overwrite; other errors fail", async () => {
    await withClient(db.url, async (client) => {
      const shape = shapes[0] as TableShape;
      const col = (name: string) => shape.columns.find((c) => c.name === name) as Column;
      const run = (actor: ActorName, name: string, op: ColumnOp, probe: unknown = probes[`scratch.notes.${name}`]) =>
        withTargetRow(client, shape.table, target, () => columnCell(client, shape, target, JWT[actor], rules["scratch.notes"]?.[actor], col(name), op, probe));
      expect(await run("owner", "body", "insert")).toEqual({ kind: "allowed" });
      expect(await run("owner", "body", "update")).toEqual({ kind: "allowed" });
      expect(await run("owner", "reviewed_at", "insert")).toMatchObject({ kind: "privilege" });
      expect(await run("owner", "reviewed_at", "update")).toMatchObject({ kind: "privilege" });
      expect(await run("owner", "status", "insert")).toEqual({ kind: "overwritten" });
      expect(await run("owner", "status", "update")).toEqual({ kind: "overwritten" });
      // Nobody but service_role may write a row for someone else: WITH CHECK refuses it.
      expect(await run("owner", "user_id", "insert")).toMatchObject({ kind: "rls" });
      expect(await run("other", "user_id", "insert")).toMatchObject({ kind: "rls" });
      expect(await run("service_role", "user_id", "insert")).toEqual({ kind: "allowed" });
      // Another user cannot reach the owner's row; a row of their own they may write.
      expect(await run("other", "body", "update")).toEqual({ kind: "no-row" });
      expect(await run("other", "body", "insert")).toEqual({ kind: "allowed" });
      expect(await run("service_role", "id", "update")).toEqual({ kind: "allowed" });
      expect(await run("service_role", "status", "update")).toEqual({ kind: "allowed" });
      expect(await run("anon", "body", "insert")).toMatchObject({ kind: "privilege" });
      // An anonymous sign-in (GoTrue's claims, is_anonymous true) is refused its own row by the restrictive policy.
      expect(await run("anonymous", "body", "insert")).toMatchObject({ kind: "rls" });
      expect(await run("service_role", "reviewed_at", "update")).toEqual({ kind: "allowed" });
      expect(await run("owner", "body", "update", "forbidden")).toMatchObject({ kind: "error", message: expect.stringMatching(/^23514: .*check constraint/) });
      // Everything is rolled back: the target row is as it was.
      expect((await client.query(`SELECT body, status, reviewed_at FROM scratch.notes WHERE id = '${target}'`)).rows).toEqual([{ body: "hello", status: "new", reviewed_at: null }]);
    });
  });

  it("runs the whole matrix and reports a rule the database does not keep", async () => {
    await withClient(db.url, async (client) => {
      const good = await runColumnMatrix(client, shapes, rules, probes, { "scratch.notes": target });
      console.log(summary(good, shapes));
      expect(good.mismatches).toEqual([]);
      expect(good.cells).toBe(5 * ACTORS.length * 2);
      // A rule claiming the owner may set status on insert is caught: the trigger overwrites it.
      const wrong: ColumnRules = { "scratch.notes": { ...rules["scratch.notes"], owner: { insert: ["id", "body", "status"], update: ["body"] } } };
      const bad = await runColumnMatrix(client, shapes, wrong, probes, { "scratch.notes": target });
      expect(bad.mismatches).toEqual(["scratch.notes.status / owner / insert: expected allowed, database denies it (overwritten)"]);
    });
  });
});

describe("column write matrix of every module (live database, all modules)", () => {
  let applied: AppliedDatabase;
  let shapes: TableShape[] = [];
  const parts = Object.values(MODULE_PARTS) as { columnRules?: ColumnRules; probes?: ColumnProbes }[];
  const rules: ColumnRules = Object.assign({}, ...parts.map((p) => p.columnRules ?? {}));
  const probes: ColumnProbes = Object.assign({}, ...parts.map((p) => p.probes ?? {}));

  beforeAll(async () => {
    applied = await databaseWithModules("columns");
    await withClient(applied.db.url, (c) => c.query(FIXTURE_SQL));
    shapes = await withClient(applied.db.url, (c) => tableShapes(c, [...MODULE_NAMES]));
  });
  afterAll(async () => {
    await applied?.dispose();
  });

  it("has a rule for every table and a probe for every column", () => {
    expect(shapes.length).toBeGreaterThanOrEqual(22);
    const problems = coverageProblems(shapes, rules, probes);
    expect(problems, `column rules missing or wrong:\n${problems.join("\n")}`).toEqual([]);
  });

  it("holds in every cell against the live database", async () => {
    const covered = shapes.filter((s) => rules[s.table]);
    const result = await withClient(applied.db.url, (client) => runColumnMatrix(client, covered, rules, probes, TARGET));
    console.log(summary(result, covered));
    if (covered.length < shapes.length) console.log(`column write matrix: ${shapes.length - covered.length} tables have no column rules yet`);
    expect(result.mismatches).toEqual([]);
    expect(covered.map((s) => s.table)).toEqual(shapes.map((s) => s.table));
  });
});
