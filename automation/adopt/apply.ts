// `supastack adopt --yes`: every module in ONE transaction (nothing of it stays if any step fails
// or the process dies: PostgreSQL discards an unfinished transaction):
//   1. lock the tables (ACCESS EXCLUSIVE, within the migration lock_timeout) and fingerprint them
//      (row count and checksum over the columns they have: providers/postgres/rows.ts);
//   2. move them, and the enum types they use, to the stack's schema when they are elsewhere
//      (ALTER TABLE / TYPE ... SET SCHEMA: no copy; sequences they own follow);
//   3. revoke the API roles' grants on them and their access to the source's views and functions
//      that read them (the module's grants come with the up), drop the source's policies on them
//      and the triggers and indexes the module replaces;
//   4. restore the module's declared shape (tableshape/repair.ts): a CHECK or foreign key that rows
//      break is added NOT VALID, a NOT NULL that rows break waits as a NOT VALID CHECK, a trigger is
//      created (CREATE TRIGGER fires on no existing row), and no statement updates a row;
//   5. check that nothing but NOT VALID constraints is left different;
//   6. record the files as applied (baseline rows in supastack.migrations, with their checksums and
//      the objects each file creates) and the module as adopted (supastack.adopted);
//   7. fingerprint the same columns again (the same rows and checksums, or the transaction is
//      rolled back), COMMIT.
// What cannot run inside it: the declared shape and the baseline objects are read before it (each
// in a scratch transaction of its own, rolled back), and the stack's `up` runs after it commits (the
// engine applies each resource in its own transaction).
import type { Client } from "pg";
import { createAdoptedSql, recordAdopted } from "../../providers/postgres/adopted";
import { lockedTransaction, setLocalTimeouts } from "../../providers/postgres/provider";
import { createBookkeeping, recordFile } from "../../providers/postgres/providers/migration";
import { MIGRATION_TIMEOUTS } from "../../providers/postgres/shapes/migration";
import { fingerprint, type TableFingerprint, tableColumns } from "../../providers/postgres/rows";
import { ident, qualified } from "../../providers/postgres/sql";
import { applyRepairs, declaredNames, describeFinding, diffShape, planRepairs, readShape, type Shape } from "../../providers/postgres/tableshape";
import { isDrift } from "../../providers/postgres/migrationShape";
import { type DeclaredModule, declaredModule } from "./declared";
import { declaredIn, type ModuleToAdopt } from "./inspect";
import { adoptionFindings, type ModuleAdoptPlan, replacedExtra } from "./plan";

export interface AdoptOutcome {
  module: string;
  schema: string;
  /** Rows and checksum (over the columns the table had) per table, before and after: always equal, otherwise nothing was committed. */
  rows: { table: string; before: TableFingerprint; after: TableFingerprint }[];
  /** Constraints left NOT VALID because rows break them. */
  notValid: string[];
  restored: string[];
}

/** What is read before the transaction, per module: each runs the files in a scratch schema of its own, rolled back. */
export interface PreparedAdoption {
  module: ModuleToAdopt;
  plan: ModuleAdoptPlan;
  declared: Shape;
  baseline: DeclaredModule;
}

export async function prepareAdoption(client: Client, m: ModuleToAdopt, plan: ModuleAdoptPlan): Promise<PreparedAdoption> {
  if (plan.blockers.length > 0 || plan.source === undefined) throw new Error(`module ${m.module} cannot be adopted: ${plan.blockers.join("; ")}`);
  const declared = await declaredIn(client, m.target, m);
  return { module: m, plan, declared, baseline: await declaredModule(client, m.module, m.files, m.target) };
}

/** Adopts every prepared module in one transaction: all of them, or (on any failure) none. */
export function adoptModules(client: Client, prepared: readonly PreparedAdoption[], progress: (line: string) => void): Promise<AdoptOutcome[]> {
  return lockedTransaction(client, async () => {
    await setLocalTimeouts(client, MIGRATION_TIMEOUTS);
    await createBookkeeping(client);
    for (const sql of createAdoptedSql()) await client.query(sql);
    const out: AdoptOutcome[] = [];
    for (const p of prepared) out.push(await adoptOne(client, p, progress));
    return out;
  });
}

async function adoptOne(client: Client, p: PreparedAdoption, progress: (line: string) => void): Promise<AdoptOutcome> {
  const { module: m, declared, baseline } = p;
  const source = p.plan.source!;
  const tables = p.plan.tables.map((t) => t.table);
  await client.query(`LOCK TABLE ${tables.map((t) => qualified(source, t)).join(", ")} IN ACCESS EXCLUSIVE MODE`);
  const before = new Map<string, { columns: string[]; print: TableFingerprint }>();
  for (const t of tables) {
    const columns = await tableColumns(client, { schema: source, table: t });
    before.set(t, { columns, print: await fingerprint(client, { schema: source, table: t }, columns) });
  }
  progress(`${m.module}: locked and fingerprinted ${tables.length} tables in ${source} (${[...before.values()].reduce((a, b) => a + b.print.rows, 0)} rows)`);

  if (source !== m.target) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(m.target)}`);
    const liveEnums = (await readShape(client, source, declaredNames(declared))).enums;
    for (const e of declared.enums.filter((d) => liveEnums.some((l) => l.name === d.name))) await client.query(`ALTER TYPE ${qualified(source, e.name)} SET SCHEMA ${ident(m.target)}`);
    for (const t of tables) await client.query(`ALTER TABLE ${qualified(source, t)} SET SCHEMA ${ident(m.target)}`);
    progress(`${m.module}: moved ${tables.length} tables and ${liveEnums.length} types from ${source} to ${m.target}`);
  }
  // The source's grants go; the module's come with the stack's up. (Supabase's default privileges
  // give anon and authenticated everything on a table made in public: supabase.com/docs/guides/database/postgres/roles.)
  const apiRoles = (await client.query("SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') ORDER BY 1")).rows.map((r) => ident(r.rolname as string));
  const from = [...apiRoles, "PUBLIC"].join(", ");
  for (const t of tables) await client.query(`REVOKE ALL ON TABLE ${qualified(m.target, t)} FROM ${from}`);
  for (const l of p.plan.leftovers) {
    if (l.kind === "view") await client.query(`REVOKE ALL ON TABLE ${l.name} FROM ${from}`);
    else await client.query(`REVOKE EXECUTE ON FUNCTION ${l.name} FROM ${from}`);
  }
  // Default privileges the team gave the API roles in a schema of the module's own (Supabase's
  // "Using custom schemas" guide has them granted) go too: the module declares its own.
  if (m.target !== "public") {
    const defaults = await client.query(
      `SELECT DISTINCT pg_get_userbyid(d.defaclrole)::text AS role FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace
        WHERE n.nspname = $1 AND pg_has_role(d.defaclrole, 'MEMBER')`,
      [m.target],
    );
    for (const r of defaults.rows) {
      for (const kind of ["TABLES", "FUNCTIONS", "SEQUENCES"]) {
        await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(r.role)} IN SCHEMA ${ident(m.target)} REVOKE ALL ON ${kind} FROM ${from}`);
      }
    }
  }
  const policies = await client.query("SELECT tablename, policyname FROM pg_policies WHERE schemaname = $1 AND tablename = ANY ($2)", [m.target, tables]);
  for (const p of policies.rows) await client.query(`DROP POLICY ${ident(p.policyname)} ON ${qualified(m.target, p.tablename)}`);

  const found = diffShape(declared, await readShape(client, m.target, declaredNames(declared)));
  for (const f of found.filter((x) => x.table !== undefined && replacedExtra(x))) {
    if (f.kind === "trigger") await client.query(`DROP TRIGGER ${ident(f.name)} ON ${qualified(m.target, f.table!)}`);
    if (f.kind === "index") await client.query(`DROP INDEX ${qualified(m.target, f.name)}`);
  }
  // Dropping those changes no finding the repair acts on (extras are never planned).
  const repairs = planRepairs(adoptionFindings(found));
  if (repairs.refused.length > 0) throw new Error(`module ${m.module}: restoring ${repairs.refused.map(describeFinding).join("; ")} would rewrite rows; nothing was changed`);
  const outcome = await applyRepairs(client, repairs);
  progress(`${m.module}: restored ${outcome.restored.length} objects of the declaration${outcome.refused.length > 0 ? `, ${outcome.refused.length} left NOT VALID or pending` : ""}`);

  const after = diffShape(declared, await readShape(client, m.target, declaredNames(declared)));
  const left = after.filter((f) => isDrift(f) || replacedExtra(f));
  if (left.length > 0) throw new Error(`module ${m.module}: after the repair these still differ, so nothing was changed:\n  ${left.map(describeFinding).join("\n  ")}`);
  const notValid = after.filter((f) => f.kind === "validation").map((f) => f.object);

  for (const file of baseline.files) await recordFile(client, m.module, file);
  await recordAdopted(client, { module: m.module, schema: m.target });
  const rows = [];
  for (const t of tables) {
    const { columns, print } = before.get(t)!;
    const after = await fingerprint(client, { schema: m.target, table: t }, columns);
    if (after.rows !== print.rows || after.checksum !== print.checksum) {
      throw new Error(`module ${m.module}: ${m.target}.${t} held ${print.rows} rows (checksum ${print.checksum}) and now ${after.rows} (checksum ${after.checksum}); rolled back, nothing was changed`);
    }
    rows.push({ table: `${m.target}.${t}`, before: print, after });
  }
  return { module: m.module, schema: m.target, rows, notValid, restored: outcome.restored };
}

export interface ValidationOutcome {
  validated: string[];
  /** Still NOT VALID, with PostgreSQL's reason (the rows that break it). */
  pending: { object: string; error: string }[];
}

/** Validates the NOT VALID constraints (and waiting NOT NULLs) of a module where the rows allow, in one transaction. */
export async function validatePending(client: Client, m: ModuleToAdopt): Promise<ValidationOutcome> {
  const declared = await declaredIn(client, m.target, m);
  return lockedTransaction(client, async () => {
    await setLocalTimeouts(client, { lockTimeout: MIGRATION_TIMEOUTS.lockTimeout });
    const findings = diffShape(declared, await readShape(client, m.target, declaredNames(declared))).filter((f) => f.kind === "validation");
    const outcome = await applyRepairs(client, planRepairs(findings));
    return { validated: outcome.restored, pending: outcome.refused.map((r) => ({ object: r.object, error: r.error })) };
  });
}
