// Reads the Catalog from a live database. The declared policies and views are compiled by the
// server inside a transaction that is always rolled back, so verify never changes anything.
import type { Client } from "pg";
import { functionRights } from "../providers/postgres/providers/functionAccess";
import { planCreatePolicy } from "../providers/postgres/providers/rlsPolicy";
import { API_ROLES, CLIENT_ROLES } from "../providers/postgres/shapes/privileges";
import { qualified } from "../providers/postgres/sql";
import type { ModuleSpec } from "../modules/spec";
import { type Canonical, type Catalog, type ColumnPrivilegeInfo, type DefaultAclInfo, type FunctionAclInfo, ownsSchema, type PublicObjectInfo, policyKey, viewKey } from "./catalog";

/** Schemas PostgREST exposes on Supabase by default, besides the modules' own. */
const ALWAYS_EXPOSED = ["public"];

export async function inspect(client: Client, specs: ModuleSpec[]): Promise<Catalog> {
  const schemas = specs.map((s) => s.schema);
  const q = async <T>(sql: string, params: unknown[] = [schemas]) => (await client.query(sql, params)).rows as T[];

  const present = (await q<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname = ANY ($1)")).map((r) => r.nspname);
  const tables = await q<{ schema: string; name: string; rls: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p') ORDER BY 1, 2`,
  );
  const policies = await q<{ schema: string; table: string; name: string; command: string; permissive: string; roles: string[]; using: string | null; withCheck: string | null }>(
    `SELECT schemaname AS schema, tablename AS table, policyname AS name, cmd AS command, permissive,
            roles::text[] AS roles, qual AS using, with_check AS "withCheck"
       FROM pg_policies WHERE schemaname = ANY ($1) ORDER BY 1, 2, 3`,
  );
  const views = await q<{ schema: string; name: string; options: string[] | null; definition: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.reloptions AS options, pg_get_viewdef(c.oid) AS definition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY ($1) AND c.relkind = 'v' ORDER BY 1, 2`,
  );
  const functions = await q<{ schema: string; name: string; signature: string; definer: boolean; config: string[] | null }>(
    `SELECT n.nspname AS schema, p.proname AS name,
            p.proname || '(' || oidvectortypes(p.proargtypes) || ')' AS signature,
            p.prosecdef AS definer, p.proconfig AS config
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ANY ($1) AND p.prokind IN ('f', 'p') ORDER BY 1, 3`,
  );
  const foreignKeys = await q<{ schema: string; table: string; name: string; columns: string[]; covered: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS table, k.conname AS name,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.i)::text[] AS columns,
            EXISTS (
              SELECT 1 FROM pg_index i
               WHERE i.indrelid = k.conrelid AND i.indpred IS NULL
                 AND (SELECT array_agg(x ORDER BY x) FROM unnest((i.indkey::int2[])[0:cardinality(k.conkey) - 1]) x)
                   = (SELECT array_agg(x ORDER BY x) FROM unnest(k.conkey) x)
            ) AS covered
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = ANY ($1) ORDER BY 1, 2, 3`,
  );
  const privileges = await q<{ schema: string; table: string; role: string; privileges: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS table, r.rolname AS role,
            ARRAY(SELECT DISTINCT a.privilege_type FROM aclexplode(c.relacl) a
                   WHERE a.grantee = r.oid ORDER BY 1)::text[] AS privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN pg_roles r
      WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v') AND r.rolname = ANY ($2) ORDER BY 1, 2, 3`,
    [schemas, API_ROLES],
  );

  const functionAcls: FunctionAclInfo[] = [];
  for (const spec of specs) {
    // A module that shares its schema answers for the functions its own migrations made.
    const module = ownsSchema(spec, specs) ? undefined : spec.name;
    const rights = await functionRights(client, spec.schema, spec.functions.map((f) => f.signature), module);
    for (const r of rights ?? []) functionAcls.push({ schema: spec.schema, ...(module ? { module } : {}), ...r });
  }
  const exposed = [...new Set([...schemas, ...ALWAYS_EXPOSED])];
  const rolesExist = (await q<{ n: number }>("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ANY ($1)", [CLIENT_ROLES]))[0]?.n === CLIENT_ROLES.length;
  const defaultAcls = await q<DefaultAclInfo>(
    `SELECT pg_get_userbyid(d.defaclrole)::text AS owner, n.nspname AS schema,
            CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END AS "objectType",
            CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee,
            array_agg(a.privilege_type::text ORDER BY a.privilege_type) AS privileges
       FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            CROSS JOIN LATERAL aclexplode(d.defaclacl) a
      WHERE (d.defaclnamespace = 0 OR n.nspname = ANY ($1))
        AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) = ANY ($2))
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [exposed, CLIENT_ROLES],
  );
  const extensionMember = (catalog: string, column: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${column} AND d.deptype = 'e')`;
  const publicObjects = !rolesExist
    ? []
    : await q<PublicObjectInfo>(
        `SELECT * FROM (
           SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
                  c.relname::text AS name, c.relrowsecurity AS rls,
                  array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE']) p WHERE has_any_column_privilege('anon', c.oid, p)
                        UNION ALL SELECT 'DELETE' WHERE has_table_privilege('anon', c.oid, 'DELETE')) AS privileges
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_schema_privilege('anon', n.oid, 'USAGE')
              AND ${extensionMember("pg_class", "c.oid")}
           UNION ALL
           SELECT 'function', format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)), false, ARRAY['EXECUTE']
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND has_schema_privilege('anon', n.oid, 'USAGE') AND has_function_privilege('anon', p.oid, 'EXECUTE')
              AND ${extensionMember("pg_proc", "p.oid")}
         ) o WHERE cardinality(o.privileges) > 0 ORDER BY 1, 2`,
        [],
      );
  const matviews = !rolesExist
    ? []
    : await q<{ schema: string; name: string; readers: string[] }>(
        `SELECT n.nspname AS schema, c.relname AS name,
                array(SELECT r FROM unnest($2::text[]) r WHERE has_any_column_privilege(r, c.oid, 'SELECT') AND has_schema_privilege(r, n.oid, 'USAGE')) AS readers
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'm' AND n.nspname = ANY ($1) ORDER BY 1, 2`,
        [exposed, CLIENT_ROLES],
      );
  const definerTriggers = !rolesExist
    ? []
    : await q<{ schema: string; target: string; callers: string[] }>(
        `SELECT n.nspname AS schema, format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)) AS target,
                array(SELECT r FROM unnest($2::text[]) r WHERE has_function_privilege(r, p.oid, 'EXECUTE')) AS callers
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE p.prosecdef AND p.prorettype = 'trigger'::regtype AND n.nspname = ANY ($1) ORDER BY 1, 2`,
        [exposed, CLIENT_ROLES],
      );
  const columnRows = await q<{ schema: string; table: string; role: string; privilege: string; columns: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS table, r.rolname AS role, x.privilege_type AS privilege,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL aclexplode(a.attacl) x JOIN pg_roles r ON r.oid = x.grantee
      WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND r.rolname = ANY ($2)
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [schemas, CLIENT_ROLES],
  );
  const columnPrivileges: ColumnPrivilegeInfo[] = [];
  for (const row of columnRows) {
    let entry = columnPrivileges.find((c) => c.schema === row.schema && c.table === row.table && c.role === row.role);
    if (!entry) columnPrivileges.push((entry = { schema: row.schema, table: row.table, role: row.role, columns: {} }));
    entry.columns[row.privilege] = row.columns;
  }

  return {
    schemas: present,
    functionAcls,
    defaultAcls,
    publicObjects,
    matviews: matviews.filter((m) => m.readers.length > 0),
    definerTriggers: definerTriggers.filter((d) => d.callers.length > 0),
    columnPrivileges,
    tables,
    policies: policies.map((p) => ({
      ...p,
      command: p.command as Catalog["policies"][number]["command"],
      permissive: p.permissive === "PERMISSIVE",
    })),
    views: views.map((v) => ({ schema: v.schema, name: v.name, definition: v.definition, securityInvoker: optionOn(v.options, "security_invoker") })),
    functions: functions.map((f) => ({ schema: f.schema, name: f.name, signature: f.signature, securityDefiner: f.definer, config: f.config ?? [] })),
    foreignKeys,
    privileges,
    declared: await canonicalForms(client, specs, new Set(tables.map((t) => `${t.schema}.${t.name}`))),
  };
}

function optionOn(options: string[] | null, name: string): boolean {
  const entry = (options ?? []).find((o) => o.startsWith(`${name}=`));
  return entry ? ["true", "on", "1", "yes"].includes(entry.slice(name.length + 1).toLowerCase()) : false;
}

const PROBE = "__supastack_verify_probe";

/** Declared policies and views compiled by the server and printed back; nothing is kept. */
async function canonicalForms(client: Client, specs: ModuleSpec[], tables: Set<string>): Promise<Record<string, Canonical>> {
  const out: Record<string, Canonical> = {};
  await client.query("BEGIN");
  try {
    for (const spec of specs) {
      for (const p of spec.policies) {
        if (!tables.has(`${spec.schema}.${p.table}`)) continue;
        const key = policyKey(spec.schema, p.table, p.name);
        await client.query("SAVEPOINT probe");
        try {
          await client.query(
            planCreatePolicy({ connection: "", schema: spec.schema, table: p.table, name: PROBE, command: p.command, permissive: p.permissive ?? true, roles: p.roles, using: p.using, withCheck: p.withCheck }),
          );
          const { rows } = await client.query(`SELECT qual AS using, with_check AS "withCheck" FROM pg_policies WHERE schemaname = $1 AND tablename = $2 AND policyname = $3`, [spec.schema, p.table, PROBE]);
          out[key] = { using: rows[0]?.using ?? null, withCheck: rows[0]?.withCheck ?? null };
        } catch (error) {
          out[key] = { error: (error as Error).message };
        }
        await client.query("ROLLBACK TO SAVEPOINT probe");
      }
      for (const v of spec.views) {
        const key = viewKey(spec.schema, v.name);
        await client.query("SAVEPOINT probe");
        try {
          await client.query(`CREATE VIEW ${qualified(spec.schema, PROBE)} AS ${v.definition.replace(/;\s*$/, "")}`);
          const { rows } = await client.query("SELECT pg_get_viewdef($1::regclass) AS definition", [`${qualified(spec.schema, PROBE)}`]);
          out[key] = { definition: rows[0]?.definition };
        } catch (error) {
          out[key] = { error: (error as Error).message };
        }
        await client.query("ROLLBACK TO SAVEPOINT probe");
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return out;
}
