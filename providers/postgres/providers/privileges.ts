// Pure pieces shared by Grant and DefaultPrivileges: which privileges each object type takes, how
// a grantee and a target are written, and how a function signature is quoted.
import { ident, qualified } from "../sql";

export const PRIVILEGES = {
  database: ["CONNECT", "CREATE", "TEMPORARY"],
  schema: ["USAGE", "CREATE"],
  table: ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"],
  sequence: ["USAGE", "SELECT", "UPDATE"],
  function: ["EXECUTE"],
  type: ["USAGE"],
  /** Column privileges (GRANT INSERT (a, b) ON TABLE t): the four PostgreSQL grants per column. */
  column: ["SELECT", "INSERT", "UPDATE", "REFERENCES"],
} as const;
export type ObjectType = keyof typeof PRIVILEGES;

/** Privileges a type accepts, ALL included. */
export function privilegeProblem(objectType: ObjectType, privilege: string): string | undefined {
  const allowed: readonly string[] = PRIVILEGES[objectType];
  if (privilege === "ALL" || allowed.includes(privilege)) return undefined;
  return `privilege ${JSON.stringify(privilege)} does not apply to a ${objectType}; use ALL or one of ${allowed.join(", ")}`;
}

/** What a privilege list means on one object type (ALL expanded). */
export function expandPrivileges(objectType: ObjectType, privileges: readonly string[]): string[] {
  return privileges.includes("ALL") ? [...PRIVILEGES[objectType]] : [...privileges];
}

export function grantee(role: string): string {
  return role.toLowerCase() === "public" ? "PUBLIC" : ident(role);
}

const SIGNATURE = /^([^()]+)\(([\w\s,."[\]]*)\)$/;

/** `name(uuid, text)` -> `"schema"."name"(uuid, text)`; undefined when it is not a signature. */
export function functionTarget(schema: string, signature: string): string | undefined {
  const m = SIGNATURE.exec(signature.trim());
  if (!m || !m[1]) return undefined;
  return `${qualified(schema, m[1].trim())}(${(m[2] ?? "").trim()})`;
}

export function functionName(signature: string): string {
  return signature.trim().replace(/\(.*$/, "").trim();
}

/** `name(uuid, text[])` -> `["uuid", "text[]"]` (argument types as written; empty for no arguments). */
export function functionArgTypes(signature: string): string[] {
  const m = SIGNATURE.exec(signature.trim());
  const args = (m?.[2] ?? "").trim();
  return args === "" ? [] : args.split(",").map((a) => a.trim());
}
