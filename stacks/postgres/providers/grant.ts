// Grant: GRANT/REVOKE privileges on a database, schema, tables, sequences or functions
// (argument names as in @pulumi/postgresql's Grant).
import type { Client } from "pg";
import { z } from "zod";
import { identifier } from "../fields";
import { connectionField, type PgProviderSpec } from "../provider";
import { ident, qualified } from "../sql";
import { expandPrivileges, functionName, functionTarget, grantee, type ObjectType, PRIVILEGES, privilegeProblem } from "./privileges";

export const grantSchema = z
  .object({
    connection: connectionField,
    role: identifier("role"),
    objectType: z.enum(["database", "schema", "table", "sequence", "function"]),
    database: identifier("database").optional(),
    schema: identifier("schema").optional(),
    /** Object names in `schema` (functions as `name(argtypes)`); empty means all of that type in the schema. */
    objects: z.array(z.string().min(1)).default([]),
    privileges: z.array(z.string().transform((p) => p.trim().toUpperCase())).min(1, "privileges must list at least one privilege"),
    withGrantOption: z.boolean().default(false),
  })
  .superRefine((g, ctx) => {
    for (const [i, p] of g.privileges.entries()) {
      const problem = privilegeProblem(g.objectType, p);
      if (problem) ctx.addIssue({ code: "custom", path: ["privileges", i], message: problem });
    }
    if (g.objectType === "database" && !g.database) {
      ctx.addIssue({ code: "custom", path: ["database"], message: "database is required when objectType is database" });
    }
    if (g.objectType !== "database" && !g.schema) {
      ctx.addIssue({ code: "custom", path: ["schema"], message: `schema is required when objectType is ${g.objectType}` });
    }
    if (g.objectType === "function") {
      for (const [i, o] of g.objects.entries()) {
        if (!functionTarget("s", o)) {
          ctx.addIssue({ code: "custom", path: ["objects", i], message: `${JSON.stringify(o)} is not a function signature like name(uuid, text)` });
        }
      }
    }
  });
export type GrantInputs = z.infer<typeof grantSchema>;

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

export function planGrant(g: GrantInputs, objects: readonly string[] = g.objects): string {
  return `GRANT ${g.privileges.join(", ")} ON ${grantTarget(g, objects)} TO ${grantee(g.role)}${g.withGrantOption ? " WITH GRANT OPTION" : ""}`;
}

export function planRevoke(g: GrantInputs, objects: readonly string[] = g.objects): string {
  return `REVOKE ${g.privileges.join(", ")} ON ${grantTarget(g, objects)} FROM ${grantee(g.role)}`;
}

/** Privileges the role holds on every one of the objects, and which objects exist. */
async function heldPrivileges(client: Client, g: GrantInputs): Promise<{ held: Set<string>; existing: string[] }> {
  const role = g.role.toLowerCase() === "public" ? null : g.role;
  let rows: { object: string; privileges: string[] }[];
  const roleOid = "CASE WHEN $1::text IS NULL THEN 0::oid ELSE (SELECT oid FROM pg_roles WHERE rolname = $1) END";
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
  } else if (g.objectType === "function") {
    ({ rows } = await client.query(
      `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS object,
              array(SELECT a.privilege_type FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               WHERE a.grantee = ${roleOid}) AS privileges
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $2 AND (cardinality($3::text[]) = 0 OR p.proname = ANY($3))`,
      [role, g.schema, g.objects.map(functionName)],
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

function existingObjects(g: GrantInputs, existing: string[]): string[] {
  if (g.objectType === "function") return g.objects.filter((o) => existing.includes(functionName(o)));
  return g.objects.filter((o) => existing.includes(o));
}

export const grantSpec: PgProviderSpec<GrantInputs, GrantInputs> = {
  kind: "Grant",
  schema: grantSchema,
  replaceOn: ["role", "objectType", "database", "schema"],
  id: (g) => `${g.role}:${g.objectType}:${g.database ?? g.schema}:${g.objects.join(",") || "*"}`,
  async create(client, inputs) {
    await client.query(planGrant(inputs));
    return inputs;
  },
  async read(client, _id, olds) {
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
    const { existing } = await heldPrivileges(client, olds);
    const stillThere = olds.objects.length === 0 ? [] : existingObjects(olds, existing);
    if (olds.objects.length === 0 || stillThere.length > 0) await client.query(planRevoke(olds, stillThere));
    await client.query(planGrant(news));
    return news;
  },
  async delete(client, _id, olds) {
    const { existing } = await heldPrivileges(client, olds);
    if (olds.objects.length > 0) {
      const stillThere = existingObjects(olds, existing);
      if (stillThere.length > 0) await client.query(planRevoke(olds, stillThere));
      return;
    }
    if (olds.objectType === "database" || olds.objectType === "schema") {
      if (existing.length > 0) await client.query(planRevoke(olds));
      return;
    }
    const schemaExists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [olds.schema]);
    if (schemaExists.rows.length > 0) await client.query(planRevoke(olds));
  },
};
