// Role: CREATE/ALTER/DROP ROLE, with the attributes and memberships of @pulumi/postgresql's Role.
import type { Client } from "pg";
import { z } from "zod";
import { ownName, roleList } from "../fields";
import { connectionField, type PgProviderSpec } from "../provider";
import { ident, literal } from "../sql";

export const roleSchema = z.object({
  connection: connectionField,
  name: ownName("name"),
  login: z.boolean().default(false),
  password: z.string().min(1).optional(),
  superuser: z.boolean().default(false),
  createDatabase: z.boolean().default(false),
  createRole: z.boolean().default(false),
  inherit: z.boolean().default(true),
  replication: z.boolean().default(false),
  bypassRowLevelSecurity: z.boolean().default(false),
  connectionLimit: z.number().int().min(-1).default(-1),
  /** Roles this role is a member of. */
  roles: roleList.default([]),
});
export type RoleInputs = z.infer<typeof roleSchema>;
export type RoleOutputs = RoleInputs;

type Attributes = Pick<
  RoleInputs,
  "login" | "superuser" | "createDatabase" | "createRole" | "inherit" | "replication" | "bypassRowLevelSecurity" | "connectionLimit"
>;

/** The WITH clause for CREATE/ALTER ROLE. */
export function roleAttributes(a: Attributes): string {
  return [
    a.login ? "LOGIN" : "NOLOGIN",
    a.superuser ? "SUPERUSER" : "NOSUPERUSER",
    a.createDatabase ? "CREATEDB" : "NOCREATEDB",
    a.createRole ? "CREATEROLE" : "NOCREATEROLE",
    a.inherit ? "INHERIT" : "NOINHERIT",
    a.replication ? "REPLICATION" : "NOREPLICATION",
    a.bypassRowLevelSecurity ? "BYPASSRLS" : "NOBYPASSRLS",
    `CONNECTION LIMIT ${a.connectionLimit}`,
  ].join(" ");
}

export function planCreateRole(r: RoleInputs): string[] {
  const password = r.password === undefined ? "" : ` PASSWORD ${literal(r.password)}`;
  return [
    `CREATE ROLE ${ident(r.name)} WITH ${roleAttributes(r)}${password}`,
    ...r.roles.map((m) => `GRANT ${ident(m)} TO ${ident(r.name)}`),
  ];
}

export function planAlterRole(olds: RoleInputs, news: RoleInputs): string[] {
  const out: string[] = [];
  if (roleAttributes(olds) !== roleAttributes(news)) out.push(`ALTER ROLE ${ident(news.name)} WITH ${roleAttributes(news)}`);
  if (olds.password !== news.password) {
    out.push(`ALTER ROLE ${ident(news.name)} WITH ${news.password === undefined ? "PASSWORD NULL" : `PASSWORD ${literal(news.password)}`}`);
  }
  for (const m of news.roles.filter((x) => !olds.roles.includes(x))) out.push(`GRANT ${ident(m)} TO ${ident(news.name)}`);
  for (const m of olds.roles.filter((x) => !news.roles.includes(x))) out.push(`REVOKE ${ident(m)} FROM ${ident(news.name)}`);
  return out;
}

async function readRole(client: Client, name: string, olds: RoleOutputs): Promise<RoleOutputs | undefined> {
  const { rows } = await client.query(
    `SELECT r.rolcanlogin, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolinherit, r.rolreplication,
            r.rolbypassrls, r.rolconnlimit,
            coalesce(array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid ORDER BY g.rolname)::text[], '{}') AS member_of
       FROM pg_roles r WHERE r.rolname = $1`,
    [name],
  );
  const row = rows[0];
  if (!row) return undefined;
  const memberOf: string[] = row.member_of;
  return {
    ...olds,
    login: row.rolcanlogin,
    superuser: row.rolsuper,
    createDatabase: row.rolcreatedb,
    createRole: row.rolcreaterole,
    inherit: row.rolinherit,
    replication: row.rolreplication,
    bypassRowLevelSecurity: row.rolbypassrls,
    connectionLimit: row.rolconnlimit,
    // Keep the declared order when the set is the same, so refresh shows no false drift.
    roles: sameSet(memberOf, olds.roles) ? olds.roles : memberOf,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

async function exec(client: Client, statements: string[]): Promise<void> {
  for (const s of statements) await client.query(s);
}

export const roleSpec: PgProviderSpec<RoleInputs, RoleOutputs> = {
  kind: "Role",
  schema: roleSchema,
  replaceOn: ["name"],
  id: (r) => r.name,
  async create(client, inputs) {
    await exec(client, planCreateRole(inputs));
    return inputs;
  },
  read: (client, id, olds) => readRole(client, id, olds),
  async update(client, _id, olds, news) {
    await exec(client, planAlterRole(olds, news));
    return news;
  },
  async delete(client, id) {
    await client.query(`DROP ROLE IF EXISTS ${ident(id)}`);
  },
};

