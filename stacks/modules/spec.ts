// What a domain module declares beyond its SQL files: the tables it owns (RLS is turned on for every
// one), who may do what to them (grants), which rows they may touch (policies), its views and its
// callable functions. Pure data; stacks/modules/component.ts turns it into Pulumi resources.

import type { ApiRole, Privilege } from "../../providers/postgres/shapes/privileges";
import type { Command } from "../../providers/postgres/shapes/rlsPolicy";

// The lists below come from the resource shapes (providers/postgres/shapes), written once there.
export type { ApiRole, Command };
export type TablePrivilege = Privilege<"table"> | "ALL";

/** The privileges a role can hold on single columns that a module may declare (PostgreSQL: GRANT INSERT (a, b) ON t). */
export type ColumnPrivilege = Extract<Privilege<"column">, "INSERT" | "UPDATE">;

/**
 * One table of the module.
 *
 * `columns` narrows writes to named columns: a role listed there gets column-level INSERT/UPDATE
 * (`GRANT INSERT (a, b) ON TABLE s.t TO role`) INSTEAD of table-level INSERT/UPDATE in `grants`,
 * so PostgreSQL refuses (42501) a request that sets any other column, whatever the policies say.
 * Server-owned columns (ids, times, owners stamped by triggers, roles and plans) are simply not
 * listed. A role cannot have both table-level and column-level rights for the same privilege.
 *
 * @example
 * {
 *   name: "messages",
 *   grants: { authenticated: ["SELECT", "DELETE"] },
 *   columns: {
 *     // members write their own turns: the conversation and the text, nothing else
 *     authenticated: { INSERT: ["conversation_id", "content"], UPDATE: ["content"] },
 *   },
 * }
 */
export interface TableSpec {
  name: string;
  /** Table privileges per API role. service_role gets ALL on every table without saying so. */
  grants: Partial<Record<Exclude<ApiRole, "service_role">, TablePrivilege[]>>;
  /** Column-level INSERT/UPDATE per API role, used instead of table-level INSERT/UPDATE in `grants`. */
  columns?: Partial<Record<Exclude<ApiRole, "service_role">, Partial<Record<ColumnPrivilege, string[]>>>>;
}

/** Pure: problems in a module's table declarations, each naming the module, table and role. */
export function tableSpecProblems(spec: Pick<ModuleSpec, "name" | "tables">): string[] {
  const problems: string[] = [];
  for (const table of spec.tables) {
    for (const [role, byPrivilege] of Object.entries(table.columns ?? {})) {
      if (!byPrivilege) continue;
      if (!["anon", "authenticated"].includes(role)) {
        problems.push(`module ${spec.name}: table ${table.name}: columns names role ${role}; only anon and authenticated take column grants`);
        continue;
      }
      const tableLevel = (table.grants as Record<string, TablePrivilege[] | undefined>)[role] ?? [];
      for (const [privilege, columns] of Object.entries(byPrivilege)) {
        if (privilege !== "INSERT" && privilege !== "UPDATE") {
          problems.push(`module ${spec.name}: table ${table.name}: role ${role}: column privilege ${privilege} is not INSERT or UPDATE`);
          continue;
        }
        if (!columns || columns.length === 0) {
          problems.push(`module ${spec.name}: table ${table.name}: role ${role}: column ${privilege} lists no columns (leave it out instead)`);
          continue;
        }
        if (tableLevel.includes(privilege) || tableLevel.includes("ALL")) {
          problems.push(
            `module ${spec.name}: table ${table.name}: role ${role} has both table-level ${privilege} in grants and column ${privilege} in columns; keep one`,
          );
        }
        const seen = new Set<string>();
        for (const c of columns) {
          if (seen.has(c)) problems.push(`module ${spec.name}: table ${table.name}: role ${role}: column ${privilege} lists ${c} twice`);
          seen.add(c);
        }
      }
    }
  }
  return problems;
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
  /**
   * Who may call it besides service_role. EXECUTE is revoked from PUBLIC on every function of the
   * module's schema (PostgreSQL grants it to PUBLIC by default), and from anon/authenticated on
   * every function the module does not declare for them: trigger functions need no EXECUTE grant
   * (PostgreSQL checks it when the trigger is created, not when it fires), but functions that
   * policies call do, so declare those with the roles the policies apply to.
   */
  grants: Exclude<ApiRole, "service_role">[];
}

/**
 * A domain module, declared as data (stacks/modules/<module>.ts). The module files look alike
 * (`duplicates` pairs their openings) because each fills in this shape; that likeness is
 * deliberate, and what they share as logic lives in component.ts and policies.ts.
 */
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
