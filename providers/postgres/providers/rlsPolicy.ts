// RlsPolicy: CREATE/ALTER/DROP POLICY. USING, WITH CHECK and roles change in place (ALTER POLICY);
// the command, permissive/restrictive, the name or the table replace it.
import type { Client } from "pg";
import { type Command, COMMANDS, rlsPolicySchema, type RlsPolicyInputs } from "../shapes/rlsPolicy";
import { singleStatementProblem } from "../parse";
import { type Failure, type PgProviderSpec } from "../provider";
import { ident, qualified } from "../sql";
import { leftBehind } from "./located";
import { grantee } from "./privileges";

const POLCMD: Record<string, Command> = { "*": "ALL", r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE" };

export { COMMANDS, rlsPolicySchema, type RlsPolicyInputs } from "../shapes/rlsPolicy";
/**
 * PostgreSQL stores expressions re-printed; we keep its text to tell real drift from formatting.
 * `oid` is the policy's pg_policy oid, which stays the same when its schema is renamed: delete finds
 * the policy by it (a replacement in the same run as a schema rename deletes the old one after the
 * rename moved it), by name when the state has none.
 */
export type RlsPolicyOutputs = RlsPolicyInputs & { usingStored?: string; withCheckStored?: string; oid?: number };

function rolesClause(roles: readonly string[]): string {
  return roles.map(grantee).join(", ");
}

export function planCreatePolicy(p: RlsPolicyInputs): string {
  return [
    `CREATE POLICY ${ident(p.name)} ON ${qualified(p.schema, p.table)}`,
    `AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command} TO ${rolesClause(p.roles)}`,
    p.using ? `USING (${p.using})` : "",
    p.withCheck ? `WITH CHECK (${p.withCheck})` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export function planAlterPolicy(p: RlsPolicyInputs): string {
  return [
    `ALTER POLICY ${ident(p.name)} ON ${qualified(p.schema, p.table)} TO ${rolesClause(p.roles)}`,
    p.using ? `USING (${p.using})` : "",
    p.withCheck ? `WITH CHECK (${p.withCheck})` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export function policyShapeFailures(p: RlsPolicyInputs): Failure[] {
  const failures: Failure[] = [];
  if (p.command === "INSERT" && p.using) failures.push({ property: "using", reason: "an INSERT policy takes only withCheck" });
  if ((p.command === "SELECT" || p.command === "DELETE") && p.withCheck) {
    failures.push({ property: "withCheck", reason: `a ${p.command} policy takes only using` });
  }
  if (!p.using && !p.withCheck) failures.push({ property: "using", reason: "a policy needs using, withCheck or both" });
  return failures;
}

interface StoredPolicy {
  oid: number;
  command: Command;
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

async function readPolicy(client: Client, p: RlsPolicyInputs): Promise<StoredPolicy | undefined> {
  const { rows } = await client.query(
    `SELECT pol.oid::bigint AS oid, pol.polcmd, pol.polpermissive,
            pg_get_expr(pol.polqual, pol.polrelid) AS using,
            pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check,
            array(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(pol.polroles) r ORDER BY 1)::text[] AS roles
       FROM pg_policy pol
       JOIN pg_class c ON c.oid = pol.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND pol.polname = $3`,
    [p.schema, p.table, p.name],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    oid: Number(row.oid),
    command: POLCMD[row.polcmd] ?? "ALL",
    permissive: row.polpermissive,
    roles: row.roles,
    using: row.using,
    withCheck: row.with_check,
  };
}

async function withStored(client: Client, p: RlsPolicyInputs): Promise<RlsPolicyOutputs> {
  const stored = await readPolicy(client, p);
  return { ...p, usingStored: stored?.using ?? undefined, withCheckStored: stored?.withCheck ?? undefined, oid: stored?.oid };
}

/** Where the policy recorded by `oid` is now (its table's schema may have been renamed), if it still exists. */
async function policyByOid(client: Client, oid: number | undefined, name: string): Promise<{ schema: string; table: string } | undefined> {
  if (oid === undefined) return undefined;
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS table FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE pol.oid = $1 AND pol.polname = $2`,
    [oid, name],
  );
  return rows[0];
}

/**
 * CREATE POLICY. A run killed between CREATE POLICY and the engine recording it leaves the policy
 * behind: one of the same name, command and permissiveness on the table is that policy, and is
 * created again as declared (in this transaction, so the table is never without it). Any other is refused.
 */
async function createOrTakeOver(client: Client, inputs: RlsPolicyInputs): Promise<void> {
  const left = await readPolicy(client, inputs);
  if (left) {
    if (left.command !== inputs.command || left.permissive !== inputs.permissive) {
      throw new Error(`policy "${inputs.name}" already exists on ${inputs.schema}.${inputs.table} with another command; drop it or rename the declared one`);
    }
    await client.query(`DROP POLICY ${ident(inputs.name)} ON ${qualified(inputs.schema, inputs.table)}`);
  }
  await client.query(planCreatePolicy(inputs));
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const norm = (x: readonly string[]) => [...x].map((r) => (r.toLowerCase() === "public" ? "public" : r)).sort().join("\n");
  return norm(a) === norm(b);
}

export const rlsPolicySpec: PgProviderSpec<RlsPolicyInputs, RlsPolicyOutputs> = {
  kind: "RlsPolicy",
  schema: rlsPolicySchema,
  // A new schema is the table's schema renamed in place: an update at the new name (located.ts).
  replaceOn: ["table", "name", "command", "permissive"],
  deleteBeforeReplace: true,
  async validate(p) {
    const failures = policyShapeFailures(p);
    for (const key of ["using", "withCheck"] as const) {
      const expr = p[key];
      if (!expr) continue;
      const problem = await singleStatementProblem(`SELECT (${expr})`, key);
      if (problem) failures.push({ property: key, reason: problem });
    }
    return failures;
  },
  id: (p) => `${p.schema}.${p.table}.${p.name}`,
  async create(client, inputs) {
    await createOrTakeOver(client, inputs);
    return withStored(client, inputs);
  },
  async read(client, _id, olds) {
    const now = await readPolicy(client, olds);
    if (!now) return undefined;
    return {
      ...olds,
      command: now.command,
      permissive: now.permissive,
      roles: sameRoles(now.roles, olds.roles) ? olds.roles : now.roles,
      // Unchanged since we applied it: keep the declared text; changed by hand: show what is there.
      using: (now.using ?? undefined) === olds.usingStored ? olds.using : (now.using ?? undefined),
      withCheck: (now.withCheck ?? undefined) === olds.withCheckStored ? olds.withCheck : (now.withCheck ?? undefined),
    };
  },
  async update(client, _id, olds, news) {
    if (olds.schema === news.schema) await client.query(planAlterPolicy(news));
    else {
      // The schema renamed in place took the policy with it (it is taken over there as declared); a
      // declaration moved to another schema's table creates it there and drops the one left behind.
      await createOrTakeOver(client, news);
      if ((await leftBehind(client, olds, news, { old: olds.table, new: news.table })) && (await readPolicy(client, olds))) {
        await client.query(`DROP POLICY ${ident(olds.name)} ON ${qualified(olds.schema, olds.table)}`);
      }
    }
    return withStored(client, news);
  },
  async delete(client, _id, olds) {
    const where = (await policyByOid(client, olds.oid, olds.name)) ?? ((await readPolicy(client, olds)) ? olds : undefined);
    if (where) await client.query(`DROP POLICY ${ident(olds.name)} ON ${qualified(where.schema, where.table)}`);
  },
};
