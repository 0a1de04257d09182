// Role: CREATE/ALTER/DROP ROLE, with the attributes and memberships of @pulumi/postgresql's Role.
import type { Client } from "pg";
import { roleSchema, type RoleInputs } from "../shapes/role";
import type { PgProviderSpec } from "../provider";
import { ident, literal } from "../sql";

export { roleSchema, type RoleInputs } from "../shapes/role";
export type RoleOutputs = RoleInputs;

type Attributes = Pick<
  RoleInputs,
  "login" | "superuser" | "createDatabase" | "createRole" | "inherit" | "replication" | "bypassRowLevelSecurity" | "connectionLimit"
>;

const ATTRIBUTE_WORDS: readonly [keyof Omit<Attributes, "connectionLimit">, string, string][] = [
  ["login", "LOGIN", "NOLOGIN"],
  ["superuser", "SUPERUSER", "NOSUPERUSER"],
  ["createDatabase", "CREATEDB", "NOCREATEDB"],
  ["createRole", "CREATEROLE", "NOCREATEROLE"],
  ["inherit", "INHERIT", "NOINHERIT"],
  ["replication", "REPLICATION", "NOREPLICATION"],
  ["bypassRowLevelSecurity", "BYPASSRLS", "NOBYPASSRLS"],
];

/** What CREATE ROLE gives a role that names no attribute (PostgreSQL's documented defaults). */
export const DEFAULT_ATTRIBUTES: Attributes = {
  login: false,
  superuser: false,
  createDatabase: false,
  createRole: false,
  inherit: true,
  replication: false,
  bypassRowLevelSecurity: false,
  connectionLimit: -1,
};

/**
 * The attribute words that take a role from `from` to `to`: only those that change. Naming an
 * unchanged attribute is not harmless: a non-superuser (postgres on Supabase) is refused
 * `ALTER ROLE ... NOSUPERUSER` ("Only roles with the SUPERUSER attribute may change the SUPERUSER
 * attribute", PostgreSQL 16+), and likewise REPLICATION/BYPASSRLS it does not hold.
 */
export function attributeChanges(from: Attributes, to: Attributes): string[] {
  const words = ATTRIBUTE_WORDS.filter(([key]) => from[key] !== to[key]).map(([key, on, off]) => (to[key] ? on : off));
  if (from.connectionLimit !== to.connectionLimit) words.push(`CONNECTION LIMIT ${to.connectionLimit}`);
  return words;
}

export function planCreateRole(r: RoleInputs): string[] {
  const words = attributeChanges(DEFAULT_ATTRIBUTES, r);
  if (r.password !== undefined) words.push(`PASSWORD ${literal(r.password)}`);
  return [
    `CREATE ROLE ${ident(r.name)}${words.length ? ` WITH ${words.join(" ")}` : ""}`,
    ...r.roles.map((m) => `GRANT ${ident(m)} TO ${ident(r.name)}`),
  ];
}

/**
 * Statements that take the role from `olds` to `news`. A new name renames it in place first (its
 * grants, memberships and owned objects stay; the Terraform PostgreSQL provider does the same). A
 * rename clears an MD5 password (the name is its salt), so a declared password is set again.
 */
export function planAlterRole(olds: RoleInputs, news: RoleInputs): string[] {
  const out: string[] = [];
  const renamed = olds.name !== news.name;
  if (renamed) out.push(`ALTER ROLE ${ident(olds.name)} RENAME TO ${ident(news.name)}`);
  const words = attributeChanges(olds, news);
  if (words.length > 0) out.push(`ALTER ROLE ${ident(news.name)} WITH ${words.join(" ")}`);
  if (olds.password !== news.password || (renamed && news.password !== undefined)) {
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
  // The id is the name the role was created with; after a rename in place the state's `name` is the
  // role's name (a dynamic provider's update cannot change the id), so read and delete use it.
  replaceOn: [],
  id: (r) => r.name,
  async create(client, inputs) {
    await exec(client, planCreateRole(inputs));
    return inputs;
  },
  read: (client, id, olds) => readRole(client, olds.name ?? id, olds),
  async update(client, _id, olds, news) {
    await exec(client, planAlterRole(olds, news));
    return news;
  },
  async delete(client, id, olds) {
    await client.query(`DROP ROLE IF EXISTS ${ident(olds.name ?? id)}`);
  },
};

