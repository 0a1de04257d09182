// Which privileges each object type takes (pure; shared by Grant, DefaultPrivileges and modules).
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
export type Privilege<T extends ObjectType> = (typeof PRIVILEGES)[T][number];

/** Privileges a type accepts, ALL included. */
export function privilegeProblem(objectType: ObjectType, privilege: string): string | undefined {
  const allowed: readonly string[] = PRIVILEGES[objectType];
  if (privilege === "ALL" || allowed.includes(privilege)) return undefined;
  return `privilege ${JSON.stringify(privilege)} does not apply to a ${objectType}; use ALL or one of ${allowed.join(", ")}`;
}

const SIGNATURE = /^([^()]+)\(([\w\s,."[\]]*)\)$/;

/** `name(uuid, text)` -> [name, argument text]; undefined when it is not a signature. */
export function splitSignature(signature: string): [string, string] | undefined {
  const m = SIGNATURE.exec(signature.trim());
  if (!m || !m[1]) return undefined;
  return [m[1].trim(), (m[2] ?? "").trim()];
}

/** A privilege list: upper-cased, a set (order and repeats do not matter). */
export const privilegeWords = (item: { trim(): string }) => item.trim().toUpperCase();

/** The roles Supabase's Data API connects as (PostgREST switches to one per request). */
export const API_ROLES = ["anon", "authenticated", "service_role"] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** The API roles a request without the service key runs as. */
export const CLIENT_ROLES = ["anon", "authenticated"] as const satisfies readonly ApiRole[];
