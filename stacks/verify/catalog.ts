// What `supastack verify` reads from a live database: the managed schemas' tables, policies,
// views, functions, foreign keys and API-role privileges, plus the declared policies and views as
// PostgreSQL itself prints them (so comparison ignores formatting). Plain data for the pure rules.

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
  /** Keyed `schema.table.policy` and `schema.view`. */
  declared: Record<string, Canonical>;
}

export const policyKey = (schema: string, table: string, name: string) => `${schema}.${table}.${name}`;
export const viewKey = (schema: string, name: string) => `${schema}.${name}`;
