// Pure helpers that turn names and values into SQL text. Everything that reaches PostgreSQL as an
// identifier goes through `ident`; values go as query parameters wherever PostgreSQL accepts them,
// and through `literal` only where it does not (DDL such as CREATE ROLE ... PASSWORD).

/** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Quotes an identifier: `we"ird` becomes `"we""ird"`. */
export function ident(name: string): string {
  if (name.includes("\0")) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL byte`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * PostgreSQL's keywords that cannot stand unquoted as a schema or table name (the docs' appendix
 * "SQL Key Words": reserved, and reserved except as a function or type name).
 */
const RESERVED = new Set(
  ("all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column " +
    "concurrently constraint create cross current_catalog current_date current_role current_schema current_time " +
    "current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from " +
    "full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime " +
    "localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right " +
    "select session_user similar some symmetric system_user table tablesample then to trailing true union unique user using " +
    "variadic verbose when where window with").split(" "),
);

/** An identifier as PostgreSQL's quote_ident writes it: bare when it can be (`jobs`), quoted when it must (`"Jobs"`, `"user"`). */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : ident(name);
}

/** `"schema"."name"`. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** Quotes a string literal for a context that takes no parameters. */
export function literal(value: string): string {
  if (value.includes("\0")) throw new Error("a SQL literal cannot contain a NUL byte");
  return `'${value.replace(/'/g, "''")}'`;
}

/** A comma-separated list of quoted identifiers. */
export function identList(names: readonly string[]): string {
  return names.map(ident).join(", ");
}

/** Why a name cannot be a PostgreSQL identifier, or undefined when it can. */
export function identifierProblem(name: unknown, what = "name"): string | undefined {
  if (typeof name !== "string") return `${what} must be a string`;
  if (name.length === 0) return `${what} must not be empty`;
  if (name.includes("\0")) return `${what} must not contain a NUL byte`;
  if (Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER_BYTES) {
    return `${what} ${JSON.stringify(name)} is longer than ${MAX_IDENTIFIER_BYTES} bytes (PostgreSQL would truncate it)`;
  }
  return undefined;
}

/** Role and schema names that start with pg_ are reserved by PostgreSQL. */
export function reservedNameProblem(name: string, what: string): string | undefined {
  return name.toLowerCase().startsWith("pg_") ? `${what} ${JSON.stringify(name)} starts with pg_, which PostgreSQL reserves` : undefined;
}
