// What a domain module declares beyond its SQL files: the tables it owns (RLS is turned on for every
// one), who may do what to them (grants), which rows they may touch (policies), its views and its
// callable functions. Pure data; stacks/modules/component.ts turns it into Pulumi resources.

export type Command = "ALL" | "SELECT" | "INSERT" | "UPDATE" | "DELETE";
export type TablePrivilege = "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE" | "REFERENCES" | "TRIGGER" | "ALL";

/** The Supabase API roles a module grants to. */
export type ApiRole = "anon" | "authenticated" | "service_role";

export interface TableSpec {
  name: string;
  /** Table privileges per API role. service_role gets ALL on every table without saying so. */
  grants: Partial<Record<Exclude<ApiRole, "service_role">, TablePrivilege[]>>;
}

export interface PolicySpec {
  table: string;
  name: string;
  command: Command;
  roles: ApiRole[];
  /** Expressions; wrap auth.uid() and friends as (select auth.uid()) so they run once per statement. */
  using?: string;
  withCheck?: string;
  permissive?: boolean;
}

export interface ViewSpec {
  name: string;
  /** The query; schema-qualify every table it reads. */
  definition: string;
  grants: Partial<Record<Exclude<ApiRole, "service_role">, ("SELECT")[]>>;
}

export interface FunctionSpec {
  /** `name(argtypes)` as PostgreSQL prints identity arguments, e.g. `get_job_stats(uuid)`. */
  signature: string;
  /** Who may call it besides service_role. EXECUTE is revoked from PUBLIC first. */
  grants: Exclude<ApiRole, "service_role">[];
}

export interface ModuleSpec {
  /** Module name as used in config (supastack:modules) and under sql/. */
  name: string;
  /** The schema the module owns; its SQL files build it. */
  schema: string;
  description: string;
  tables: TableSpec[];
  policies: PolicySpec[];
  views: ViewSpec[];
  functions: FunctionSpec[];
  /** Sequences the API roles need (identity/serial columns used on INSERT). */
  sequences?: { name: string; grants: Exclude<ApiRole, "service_role">[] }[];
}
