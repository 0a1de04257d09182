// DefaultPrivileges: ALTER DEFAULT PRIVILEGES FOR ROLE owner [IN SCHEMA s] GRANT/REVOKE ...
// (argument names as in @pulumi/postgresql's DefaultPrivileges).
import { defaultPrivilegesSchema, type DefaultPrivilegesInputs } from "../shapes/defaultPrivileges";
import type { PgProviderSpec } from "../provider";
import { ident } from "../sql";
import { expandPrivileges, grantee, privilegeProblem } from "./privileges";

const OBJECT_KEYWORD = { table: "TABLES", sequence: "SEQUENCES", function: "FUNCTIONS", type: "TYPES", schema: "SCHEMAS" } as const;
const ACL_KIND = { table: "r", sequence: "S", function: "f", type: "T", schema: "n" } as const;

export { defaultPrivilegesSchema, type DefaultPrivilegesInputs } from "../shapes/defaultPrivileges";

function prefix(d: DefaultPrivilegesInputs): string {
  return `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(d.owner)}${d.schema ? ` IN SCHEMA ${ident(d.schema)}` : ""}`;
}

export function planGrantDefaults(d: DefaultPrivilegesInputs): string[] {
  if (d.privileges.length === 0) return [];
  return [
    `${prefix(d)} GRANT ${d.privileges.join(", ")} ON ${OBJECT_KEYWORD[d.objectType]} TO ${grantee(d.role)}${d.withGrantOption ? " WITH GRANT OPTION" : ""}`,
  ];
}

export function planRevokeDefaults(d: DefaultPrivilegesInputs): string {
  return `${prefix(d)} REVOKE ALL ON ${OBJECT_KEYWORD[d.objectType]} FROM ${grantee(d.role)}`;
}

export const defaultPrivilegesSpec: PgProviderSpec<DefaultPrivilegesInputs, DefaultPrivilegesInputs> = {
  kind: "DefaultPrivileges",
  schema: defaultPrivilegesSchema,
  replaceOn: ["role", "owner", "schema", "objectType"],
  id: (d) => `${d.role}:${d.owner}:${d.schema ?? "*"}:${d.objectType}`,
  async create(client, inputs) {
    for (const s of planGrantDefaults(inputs)) await client.query(s);
    return inputs;
  },
  async read(client, _id, olds) {
    const { rows } = await client.query(
      `SELECT array(SELECT a.privilege_type FROM aclexplode(d.defaclacl) a
                     WHERE a.grantee = CASE WHEN lower($4) = 'public' THEN 0::oid ELSE (SELECT oid FROM pg_roles WHERE rolname = $4) END) AS privileges
         FROM pg_default_acl d
        WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $1)
          AND d.defaclnamespace = coalesce((SELECT oid FROM pg_namespace WHERE nspname = $2), 0)
          AND d.defaclobjtype = $3`,
      [olds.owner, olds.schema ?? null, ACL_KIND[olds.objectType], olds.role],
    );
    const held: string[] = rows[0]?.privileges ?? [];
    const wanted = expandPrivileges(olds.objectType === "schema" ? "schema" : olds.objectType, olds.privileges);
    if (wanted.every((p) => held.includes(p))) return olds;
    return { ...olds, privileges: wanted.filter((p) => held.includes(p)) };
  },
  async update(client, _id, olds, news) {
    await client.query(planRevokeDefaults(olds));
    for (const s of planGrantDefaults(news)) await client.query(s);
    return news;
  },
  async delete(client, _id, olds) {
    await client.query(planRevokeDefaults(olds));
  },
};
