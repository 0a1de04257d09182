// Reads the Catalog from a live database. The declared policies and views are compiled by the
// server inside a transaction that is always rolled back, so verify never changes anything.
import type { Client } from "pg";
import { planCreatePolicy } from "../postgres/providers/rlsPolicy";
import { qualified } from "../postgres/sql";
import type { ModuleSpec } from "../modules/spec";
import { type Canonical, type Catalog, policyKey, viewKey } from "./catalog";

const API_ROLES = ["anon", "authenticated", "service_role"];

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

  return {
    schemas: present,
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
