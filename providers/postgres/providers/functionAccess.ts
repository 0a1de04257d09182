// FunctionAccess: who may EXECUTE the functions of one schema (or of one module's migrations in it,
// `module`: a module sharing its schema, or in public, touches only its own). PostgreSQL grants EXECUTE on every
// new function to PUBLIC ("PostgreSQL grants default privileges ... EXECUTE privilege for functions
// and procedures", docs: ddl-priv.html), and PostgREST exposes every function the API roles can
// execute as /rpc/<name>. This resource keeps PUBLIC off every function in the schema and the API
// roles (`revokeFrom`, anon and authenticated by default) off every function not declared for
// them; the declared EXECUTE grants themselves are Grant resources.
//   - `after` carries whatever should make it run again (a module passes its migration files'
//     checksums: new files may create new functions, which start out executable by PUBLIC);
//   - read lists what is exposed now (`exposed`), so `refresh` shows a grant made by hand as drift
//     and the next `up` revokes it;
//   - delete leaves the privileges as they are (the schema usually goes with the module).
import type { Client } from "pg";
import { BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE } from "./migration";
import { qualified } from "../sql";
import { functionAccessSchema, type FunctionAccessInputs } from "../shapes/functionAccess";
import type { PgProviderSpec } from "../provider";
import { functionArgTypes, functionName, functionTarget, grantee } from "./privileges";

export { functionAccessSchema, type FunctionAccessInputs } from "../shapes/functionAccess";
export type FunctionAccessOutputs = FunctionAccessInputs & { exposed: string[] };

/** One function of the schema and who can execute it (directly, not through membership). */
export interface FunctionRights {
  /** `"schema"."name"(argtypes)`, ready for REVOKE ... ON ROUTINE. */
  target: string;
  /** The declared signature it matches, if any. */
  declared?: string;
  /** Grantees holding EXECUTE: role names, `PUBLIC` for PUBLIC. */
  holders: string[];
}

/** Pure: the REVOKE statements that leave PUBLIC and the undeclared API roles without EXECUTE. */
export function planFunctionAccess(functions: readonly FunctionRights[], f: Pick<FunctionAccessInputs, "declared" | "revokeFrom">): string[] {
  const out: string[] = [];
  for (const fn of functions) {
    const allowed = f.declared.find((d) => d.signature === fn.declared)?.roles ?? [];
    const revoke = fn.holders.filter((h) => h === "PUBLIC" || (f.revokeFrom.includes(h) && !allowed.includes(h)));
    if (revoke.length > 0) out.push(`REVOKE EXECUTE ON ROUTINE ${fn.target} FROM ${revoke.map(grantee).join(", ")}`);
  }
  return out;
}

/** Pure: `fn(args) to PUBLIC`-style descriptions of what the plan would revoke. */
export function exposedRights(functions: readonly FunctionRights[], f: Pick<FunctionAccessInputs, "declared" | "revokeFrom">): string[] {
  return planFunctionAccess(functions, f).map((s) => s.replace(/^REVOKE EXECUTE ON ROUTINE /, "").replace(" FROM ", " to "));
}

/**
 * Every function in `schema` (not an extension's; with `module`, only those its migrations
 * recorded), with its direct EXECUTE holders and the declared signature it matches. Signatures
 * match by identity (argument types as PostgreSQL resolves them), so `int` and `integer` agree and
 * argument names do not matter. Undefined when the schema is gone.
 */
export async function functionRights(
  client: Pick<Client, "query">,
  schema: string,
  signatures: readonly string[],
  module?: string,
): Promise<FunctionRights[] | undefined> {
  const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  if (exists.rows.length === 0) return undefined;
  const recorded = module === undefined ? [] : await recordedFunctions(client, schema, module);
  const { rows } = await client.query<{ target: string; declared: string | null; holders: string[] }>(
    `WITH wanted AS (
       SELECT w.signature, p.oid
         FROM jsonb_to_recordset($2::jsonb) AS w(signature text, name text, args jsonb)
         JOIN pg_proc p ON p.proname = w.name
         JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = $1
        WHERE array(SELECT unnest(p.proargtypes::oid[])) IS NOT DISTINCT FROM array(
                SELECT coalesce(to_regtype(t.arg), to_regtype(regexp_replace(t.arg, '^\\S+\\s+', '')))::oid
                  FROM jsonb_array_elements_text(w.args) WITH ORDINALITY AS t(arg, i) ORDER BY t.i))
     SELECT format('%I.%I(%s)', n.nspname, p.proname, oidvectortypes(p.proargtypes)) AS target,
            (SELECT w.signature FROM wanted w WHERE w.oid = p.oid LIMIT 1) AS declared,
            array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END
                    FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                   WHERE a.privilege_type = 'EXECUTE' ORDER BY 1) AS holders
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        AND (NOT $3 OR format('%s(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) = ANY ($4::text[]))
      ORDER BY 1`,
    [schema, JSON.stringify(signatures.map((s) => ({ signature: s, name: functionName(s), args: functionArgTypes(s) }))), module !== undefined, recorded],
  );
  return rows.map((r) => ({ target: r.target, declared: r.declared ?? undefined, holders: r.holders }));
}

/** `name(identity args)` of the functions a module's migrations recorded in `schema`. */
async function recordedFunctions(client: Pick<Client, "query">, schema: string, module: string): Promise<string[]> {
  const table = await client.query("SELECT to_regclass($1) AS t", [qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)]);
  if (!table.rows[0]?.t) return [];
  const { rows } = await client.query<{ fn: string }>(
    `SELECT DISTINCT format('%s(%s)', o.name, coalesce(o.detail, '')) AS fn
       FROM ${qualified(BOOKKEEPING_SCHEMA, BOOKKEEPING_TABLE)} m, jsonb_to_recordset(m.objects) AS o(kind text, schema text, name text, detail text)
      WHERE m.module = $1 AND o.kind = 'function' AND o.schema = $2`,
    [module, schema],
  );
  return rows.map((r) => r.fn);
}

async function apply(client: Client, f: FunctionAccessInputs): Promise<FunctionAccessOutputs> {
  const functions = await functionRights(
    client,
    f.schema,
    f.declared.map((d) => d.signature),
    f.module,
  );
  for (const statement of planFunctionAccess(functions ?? [], f)) await client.query(statement);
  return { ...f, exposed: [] };
}

export const functionAccessSpec: PgProviderSpec<FunctionAccessInputs, FunctionAccessOutputs> = {
  kind: "FunctionAccess",
  schema: functionAccessSchema,
  // A new schema is the schema renamed in place (located.ts): applied again at the new name.
  replaceOn: [],
  drifted: (olds) => ((olds.exposed ?? []).length > 0 ? ["declared"] : []),
  id: (f) => `function-access:${f.schema}${f.module === undefined ? "" : `:${f.module}`}`,
  create: apply,
  async read(client, _id, olds) {
    const functions = await functionRights(
      client,
      olds.schema,
      olds.declared.map((d) => d.signature),
      olds.module,
    );
    if (!functions) return undefined;
    return { ...olds, exposed: exposedRights(functions, olds) };
  },
  update: (client, _id, _olds, news) => apply(client, news),
  async delete() {
    // Nothing to undo: handing EXECUTE back to PUBLIC would reopen what this resource closed.
  },
};
