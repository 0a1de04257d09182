// What `supastack verify` reads from a live database: the managed schemas' tables, policies,
// views, functions, foreign keys and API-role privileges, plus the declared policies and views as
// PostgreSQL itself prints them (so comparison ignores formatting). Plain data for the pure rules.
import type { ModuleSpec } from "../modules/spec";

export interface TableInfo {
  schema: string;
  name: string;
  rls: boolean;
}

export interface PolicyInfo {
  schema: string;
  table: string;
  name: string;
  command: "ALL" | "SELECT" | "INSERT" | "UPDATE" | "DELETE";
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export interface ViewInfo {
  schema: string;
  name: string;
  securityInvoker: boolean;
  definition: string;
}

export interface FunctionInfo {
  schema: string;
  name: string;
  /** name(identity argument types) */
  signature: string;
  securityDefiner: boolean;
  /** proconfig: `search_path=...` and other SET clauses */
  config: string[];
}

export interface ForeignKeyInfo {
  schema: string;
  table: string;
  name: string;
  columns: string[];
  /** An index whose leading columns are exactly the key's columns. */
  covered: boolean;
}

export interface PrivilegeInfo {
  schema: string;
  table: string;
  role: string;
  privileges: string[];
}

/** Who holds EXECUTE on one function of a managed schema, and the declared signature it matches. */
export interface FunctionAclInfo {
  schema: string;
  /** In a schema modules share (or public): the module whose migrations made the function. */
  module?: string;
  /** `"schema"."name"(argtypes)`, ready for GRANT/REVOKE ... ON ROUTINE. */
  target: string;
  declared?: string;
  /** Grantees holding EXECUTE directly: role names, `PUBLIC` for PUBLIC. */
  holders: string[];
}

/** One pg_default_acl entry (managed schemas, public, or every schema) granting to an API role or PUBLIC. */
export interface DefaultAclInfo {
  /** The role whose new objects get the privileges. */
  owner: string;
  /** null: applies in every schema. */
  schema: string | null;
  objectType: "tables" | "sequences" | "functions" | "types" | "schemas";
  grantee: string;
  privileges: string[];
}

/** Something in schema public that anon can reach through the API. */
export interface PublicObjectInfo {
  kind: "table" | "view" | "materialized view" | "foreign table" | "sequence" | "function";
  /** Table-like: the name; function: `"public"."name"(argtypes)`. */
  name: string;
  /** anon's effective privileges (through PUBLIC too). */
  privileges: string[];
  rls: boolean;
}

/** A materialized view in an exposed schema with the API roles that can read it. */
export interface MatviewInfo {
  schema: string;
  name: string;
  readers: string[];
}

/** A SECURITY DEFINER trigger function the API roles can execute. */
export interface DefinerTriggerInfo {
  schema: string;
  target: string;
  callers: string[];
}

/** Column-level privileges (pg_attribute.attacl) an API role holds on one table. */
export interface ColumnPrivilegeInfo {
  schema: string;
  table: string;
  role: string;
  /** privilege -> columns holding it */
  columns: Record<string, string[]>;
}

/** A declared policy or view as the server prints it, or why it could not be compiled. */
export interface Canonical {
  using?: string | null;
  withCheck?: string | null;
  definition?: string;
  error?: string;
}

export interface Catalog {
  schemas: string[];
  tables: TableInfo[];
  policies: PolicyInfo[];
  views: ViewInfo[];
  functions: FunctionInfo[];
  foreignKeys: ForeignKeyInfo[];
  privileges: PrivilegeInfo[];
  /** EXECUTE holders per function of the managed schemas. */
  functionAcls: FunctionAclInfo[];
  defaultAcls: DefaultAclInfo[];
  publicObjects: PublicObjectInfo[];
  matviews: MatviewInfo[];
  definerTriggers: DefinerTriggerInfo[];
  columnPrivileges: ColumnPrivilegeInfo[];
  /** Keyed `schema.table.policy` and `schema.view`. */
  declared: Record<string, Canonical>;
}

export const policyKey = (schema: string, table: string, name: string) => `${schema}.${table}.${name}`;
export const viewKey = (schema: string, name: string) => `${schema}.${name}`;

/** Pure: whether a module owns its schema: alone in it among `specs`, and not public (which modules share with the application). */
export function ownsSchema(spec: Pick<ModuleSpec, "name" | "schema">, specs: readonly Pick<ModuleSpec, "name" | "schema">[]): boolean {
  return spec.schema !== "public" && specs.every((s) => s.schema !== spec.schema || s.name === spec.name);
}
