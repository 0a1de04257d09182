// Grant: GRANT/REVOKE privileges on a database, schema, tables, sequences, functions or columns
// (argument names as in @pulumi/postgresql's Grant, whose objectType "column" takes one table in
// `objects` and the column names in `columns`).
import type { Client } from "pg";
import { grantSchema, type GrantInputs } from "../shapes/grant";
import type { PgProviderSpec } from "../provider";
import { ident, identList, qualified } from "../sql";
import { expandPrivileges, functionArgTypes, functionName, functionTarget, grantee, type ObjectType, PRIVILEGES, privilegeProblem } from "./privileges";

export { grantSchema, type GrantInputs } from "../shapes/grant";

/** The `ON ...` part of GRANT/REVOKE for the given objects. */
export function grantTarget(g: Pick<GrantInputs, "objectType" | "database" | "schema">, objects: readonly string[]): string {
  const schema = g.schema ?? "";
  switch (g.objectType) {
    case "database":
      return `DATABASE ${ident(g.database ?? "")}`;
    case "schema":
      return `SCHEMA ${ident(schema)}`;
    case "table":
      return objects.length === 0 ? `ALL TABLES IN SCHEMA ${ident(schema)}` : `TABLE ${objects.map((o) => qualified(schema, o)).join(", ")}`;
    case "column":
      return `TABLE ${qualified(schema, objects[0] ?? "")}`;
    case "sequence":
      return objects.length === 0
        ? `ALL SEQUENCES IN SCHEMA ${ident(schema)}`
        : `SEQUENCE ${objects.map((o) => qualified(schema, o)).join(", ")}`;
    case "function":
      return objects.length === 0
        ? `ALL FUNCTIONS IN SCHEMA ${ident(schema)}`
        : `FUNCTION ${objects.map((o) => functionTarget(schema, o)).join(", ")}`;
  }
}

/** `INSERT, UPDATE` or, for columns, `INSERT ("a", "b"), UPDATE ("a", "b")`. */
function privilegeList(g: GrantInputs, columns: readonly string[] | undefined): string {
  const privileges = g.objectType === "column" ? expandPrivileges("column", g.privileges) : g.privileges;
  if (g.objectType !== "column") return privileges.join(", ");
  return privileges.map((p) => `${p} (${identList(columns ?? [])})`).join(", ");
}

export function planGrant(g: GrantInputs, objects: readonly string[] = g.objects, columns: readonly string[] | undefined = g.columns): string {
  return `GRANT ${privilegeList(g, columns)} ON ${grantTarget(g, objects)} TO ${grantee(g.role)}${g.withGrantOption ? " WITH GRANT OPTION" : ""}`;
}

export function planRevoke(g: GrantInputs, objects: readonly string[] = g.objects, columns: readonly string[] | undefined = g.columns): string {
  return `REVOKE ${privilegeList(g, columns)} ON ${grantTarget(g, objects)} FROM ${grantee(g.role)}`;
}

/** Pure: the columns of `declared` that hold every wanted privilege, given what each column holds. */
export function columnsHolding(declared: readonly string[], wanted: readonly string[], held: ReadonlyMap<string, readonly string[]>): string[] {
  return declared.filter((c) => wanted.every((p) => (held.get(c) ?? []).includes(p)));
}

const ROLE_OID = "CASE WHEN $1::text IS NULL THEN 0::oid ELSE (SELECT oid FROM pg_roles WHERE rolname = $1) END";

/** Privileges the role holds on every one of the objects, and which objects exist. */
async function heldPrivileges(client: Client, g: GrantInputs): Promise<{ held: Set<string>; existing: string[] }> {
  const role = g.role.toLowerCase() === "public" ? null : g.role;
  let rows: { object: string; privileges: string[] }[];
  const roleOid = ROLE_OID;
  if (g.objectType === "database") {
    ({ rows } = await client.query(
      `SELECT d.datname AS object, array(SELECT a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM pg_database d WHERE d.datname = $2`,
      [role, g.database],
    ));
  } else if (g.objectType === "schema") {
    ({ rows } = await client.query(
      `SELECT n.nspname AS object, array(SELECT a.privilege_type FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM pg_namespace n WHERE n.nspname = $2`,
      [role, g.schema],
    ));
  } else if (g.objectType === "function" && g.objects.length > 0) {
    // Each declared signature is matched by its identity (its argument types, resolved by
    // PostgreSQL so `int` and `integer` agree), never by the text PostgreSQL prints, which carries
    // argument names (`get_job_stats(p_user_id uuid)`).
    ({ rows } = await client.query(
      `SELECT w.signature AS object,
              array(SELECT a.privilege_type FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM jsonb_to_recordset($3::jsonb) AS w(signature text, name text, args jsonb)
         JOIN pg_proc p ON p.proname = w.name
         JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = $2
        WHERE array(SELECT unnest(p.proargtypes::oid[])) IS NOT DISTINCT FROM array(
                SELECT coalesce(to_regtype(t.arg), to_regtype(regexp_replace(t.arg, '^\\S+\\s+', '')))::oid
                  FROM jsonb_array_elements_text(w.args) WITH ORDINALITY AS t(arg, i) ORDER BY t.i)`,
      [role, g.schema, JSON.stringify(g.objects.map((o) => ({ signature: o, name: functionName(o), args: functionArgTypes(o) })))],
    ));
  } else if (g.objectType === "function") {
    ({ rows } = await client.query(
      `SELECT p.oid::regprocedure::text AS object,
              array(SELECT a.privilege_type FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $2`,
      [role, g.schema],
    ));
  } else {
    const kinds = g.objectType === "sequence" ? ["S"] : ["r", "p", "v", "m", "f"];
    ({ rows } = await client.query(
      `SELECT c.relname AS object, array(SELECT a.privilege_type FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $2 AND c.relkind = ANY($3) AND (cardinality($4::text[]) = 0 OR c.relname = ANY($4))`,
      [role, g.schema, kinds, g.objects],
    ));
  }
  const held = new Set<string>(PRIVILEGES[g.objectType as ObjectType]);
  for (const row of rows) for (const p of [...held]) if (!row.privileges.includes(p)) held.delete(p);
  return { held, existing: rows.map((r) => r.object) };
}

/** Column grants: whether the table exists, and the column privileges the role holds per existing column. */
async function heldColumnPrivileges(client: Client, g: GrantInputs): Promise<{ table: boolean; held: Map<string, string[]> }> {
  const role = g.role.toLowerCase() === "public" ? null : g.role;
  const table = await client.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    [g.schema, g.objects[0]],
  );
  if (table.rows.length === 0) return { table: false, held: new Map() };
  const { rows } = await client.query<{ column: string; privileges: string[] }>(
    `SELECT a.attname AS column,
            array(SELECT x.privilege_type FROM aclexplode(a.attacl) x WHERE x.grantee = ${ROLE_OID}) AS privileges
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $2 AND c.relname = $3 AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY($4)`,
    [role, g.schema, g.objects[0], g.columns ?? []],
  );
  return { table: true, held: new Map(rows.map((r) => [r.column, r.privileges])) };
}

/** Pure: GRANT statements that put column privileges back (rows: table, privilege, columns). */
export function planColumnRegrants(g: Pick<GrantInputs, "schema" | "role">, rows: readonly { table: string; privilege: string; columns: string[] }[]): string[] {
  return rows.map((r) => `GRANT ${r.privilege} (${identList(r.columns)}) ON TABLE ${qualified(g.schema ?? "", r.table)} TO ${grantee(g.role)}`);
}

/**
 * REVOKE for table grants that leaves column grants alone. PostgreSQL's REVOKE of a table
 * privilege also revokes that privilege on every column ("When revoking privileges on a table,
 * the corresponding column privileges (if any) are automatically revoked on each column of the
 * table, as well", docs: sql-revoke.html), which would silently undo the column Grants a module
 * declares beside its table Grants (they may run in either order). So the role's column privileges
 * on those tables are read first and granted again after the REVOKE.
 */
async function revokeTableKeepingColumns(client: Client, g: GrantInputs, objects: readonly string[]): Promise<void> {
  const revoked = expandPrivileges("table", g.privileges).filter((p) => (PRIVILEGES.column as readonly string[]).includes(p));
  const { rows } = g.role.toLowerCase() === "public" || revoked.length === 0
    ? { rows: [] as { table: string; privilege: string; columns: string[] }[] }
    : await client.query<{ table: string; privilege: string; columns: string[] }>(
        `SELECT c.relname AS table, x.privilege_type AS privilege, array_agg(a.attname::text ORDER BY a.attnum) AS columns
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN LATERAL aclexplode(a.attacl) x
          WHERE n.nspname = $1 AND (cardinality($2::text[]) = 0 OR c.relname = ANY ($2)) AND a.attnum > 0 AND NOT a.attisdropped
            AND x.grantee = (SELECT oid FROM pg_roles WHERE rolname = $3) AND x.privilege_type = ANY ($4)
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [g.schema, objects, g.role, revoked],
      );
  await client.query(planRevoke(g, objects));
  for (const statement of planColumnRegrants(g, rows)) await client.query(statement);
}

/** REVOKE for anything; table grants keep the role's column grants. */
async function revoke(client: Client, g: GrantInputs, objects: readonly string[] = g.objects): Promise<void> {
  if (g.objectType === "table") await revokeTableKeepingColumns(client, g, objects);
  else await client.query(planRevoke(g, objects));
}

function existingObjects(g: GrantInputs, existing: string[]): string[] {
  return g.objects.filter((o) => existing.includes(o));
}

/** Revokes what the grant gave, from the objects of it that still exist (nothing when they are gone). */
async function revokeGranted(client: Client, olds: GrantInputs): Promise<void> {
  if (olds.objectType === "column") {
    const { table, held } = await heldColumnPrivileges(client, olds);
    const stillThere = (olds.columns ?? []).filter((c) => held.has(c));
    if (table && stillThere.length > 0) await client.query(planRevoke(olds, olds.objects, stillThere));
    return;
  }
  const { existing } = await heldPrivileges(client, olds);
  if (olds.objects.length > 0) {
    const stillThere = existingObjects(olds, existing);
    if (stillThere.length > 0) await revoke(client, olds, stillThere);
    return;
  }
  if (olds.objectType === "database" || olds.objectType === "schema") {
    if (existing.length > 0) await client.query(planRevoke(olds));
    return;
  }
  const schemaExists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [olds.schema]);
  if (schemaExists.rows.length > 0) await revoke(client, olds);
}

export const grantSpec: PgProviderSpec<GrantInputs, GrantInputs> = {
  kind: "Grant",
  schema: grantSchema,
  // Everything in the id but the schema replaces the grant: a new set of objects or columns is another
  // grant (the old one is revoked from what it covered, the new one granted). A new schema is the
  // schema renamed in place (located.ts): an update, revoking where the old name still exists and
  // granting at the new one; the id stays the one it was created with.
  replaceOn: ["role", "objectType", "database", "objects", "columns"],
  deleteBeforeReplace: true,
  id: (g) =>
    `${g.role}:${g.objectType}:${g.database ?? g.schema}:${g.objects.join(",") || "*"}${g.objectType === "column" ? `(${(g.columns ?? []).join(",")})` : ""}`,
  async create(client, inputs) {
    await client.query(planGrant(inputs));
    return inputs;
  },
  async read(client, _id, olds) {
    if (olds.objectType === "column") {
      const { table, held } = await heldColumnPrivileges(client, olds);
      if (!table) return undefined;
      const kept = columnsHolding(olds.columns ?? [], expandPrivileges("column", olds.privileges), held);
      return kept.length === (olds.columns ?? []).length ? olds : { ...olds, columns: kept };
    }
    const { held, existing } = await heldPrivileges(client, olds);
    if (olds.objects.length > 0 && existingObjects(olds, existing).length < olds.objects.length) return undefined;
    if (olds.objectType !== "function" && olds.objectType !== "table" && olds.objectType !== "sequence" && existing.length === 0) {
      return undefined;
    }
    const wanted = expandPrivileges(olds.objectType, olds.privileges);
    if (wanted.every((p) => held.has(p))) return olds;
    return { ...olds, privileges: wanted.filter((p) => held.has(p)) };
  },
  async update(client, _id, olds, news) {
    // What the old grant gave is revoked where it still exists (after a schema renamed in place the
    // old name is gone, and the objects moved with it are granted again below), then the new one is
    // granted, in this one transaction.
    await revokeGranted(client, olds);
    await client.query(planGrant(news));
    return news;
  },
  async delete(client, _id, olds) {
    await revokeGranted(client, olds);
  },
};
