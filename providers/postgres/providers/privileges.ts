// Pure pieces shared by Grant and DefaultPrivileges: which privileges each object type takes, how
// a grantee and a target are written, and how a function signature is quoted.
import { type ObjectType, PRIVILEGES, splitSignature } from "../shapes/privileges";
import { ident, qualified } from "../sql";

export { PRIVILEGES, type ObjectType, privilegeProblem } from "../shapes/privileges";

/** What a privilege list means on one object type (ALL expanded). */
export function expandPrivileges(objectType: ObjectType, privileges: readonly string[]): string[] {
  return privileges.includes("ALL") ? [...PRIVILEGES[objectType]] : [...privileges];
}

export function grantee(role: string): string {
  return role.toLowerCase() === "public" ? "PUBLIC" : ident(role);
}

/** `name(uuid, text)` -> `"schema"."name"(uuid, text)`; undefined when it is not a signature. */
export function functionTarget(schema: string, signature: string): string | undefined {
  const parts = splitSignature(signature);
  return parts && `${qualified(schema, parts[0])}(${parts[1]})`;
}

export function functionName(signature: string): string {
  return signature.trim().replace(/\(.*$/, "").trim();
}

/** `name(uuid, text[])` -> `["uuid", "text[]"]` (argument types as written; empty for no arguments). */
export function functionArgTypes(signature: string): string[] {
  const args = splitSignature(signature)?.[1] ?? "";
  return args === "" ? [] : args.split(",").map((a) => a.trim());
}
