// What a domain module declares beyond its SQL files, written once as zod shapes from which every
// type comes: the tables it owns (RLS is turned on for every one), who may do what to them
// (grants), which rows they may touch (policies), its views and its callable functions.
// defineModule (define.ts) validates a definition with these shapes; DomainModule (component.ts)
// turns a module's spec into Pulumi resources. Pure.
import { z } from "zod";
import { API_ROLES, type ApiRole, CLIENT_ROLES, PRIVILEGES, type Privilege } from "../providers/postgres/shapes/privileges";
import { COMMANDS, type Command } from "../providers/postgres/shapes/rlsPolicy";

// The role, privilege and command lists come from the resource shapes (providers/postgres/shapes).
export type { ApiRole, Command };

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** A plain lower-case PostgreSQL name: what a module's schema, tables, views and functions are called. */
export const moduleIdentifier = (what: string) =>
  z
    .string({ message: `${what} must be text` })
    .regex(IDENT, `${what} is lower-case letters, digits and _ and starts with a letter or _`)
    .max(63, `${what} is at most 63 characters`)
    .refine((n) => !n.startsWith("pg_"), `${what} may not start with pg_ (PostgreSQL reserves it)`);

/** The API roles a module grants to; service_role gets everything without saying so. */
const clientRole = z.enum(CLIENT_ROLES);
const TABLE_PRIVILEGES = [...PRIVILEGES.table, "ALL"] as const;
type TablePrivilegeWord = (typeof TABLE_PRIVILEGES)[number];
/** A table privilege, in either case as in SQL (`select` is `SELECT`). */
const tablePrivilege = z
  .enum([...TABLE_PRIVILEGES, ...TABLE_PRIVILEGES.map((p) => p.toLowerCase() as Lowercase<TablePrivilegeWord>)])
  .transform((p) => p.toUpperCase() as TablePrivilegeWord);
const columnPrivilege = z.enum(["INSERT", "UPDATE"]);
/** The write commands a table may let anonymous sign-ins make (TableSpec.anonymous). */
export const WRITE_COMMANDS = ["INSERT", "UPDATE", "DELETE"] as const;
export type WriteCommand = (typeof WRITE_COMMANDS)[number];
const anonymousCommand = z.enum(WRITE_COMMANDS, { message: "anonymous lists write commands: INSERT, UPDATE, DELETE" });

export type TablePrivilege = z.input<typeof tablePrivilege>;
/** The privileges a role can hold on single columns that a module may declare (PostgreSQL: GRANT INSERT (a, b) ON t). */
export type ColumnPrivilege = Extract<Privilege<"column">, z.infer<typeof columnPrivilege>>;

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
export const tableSpecSchema = z.strictObject({
  name: moduleIdentifier("the table name"),
  /** Table privileges per API role. service_role gets ALL on every table without saying so. */
  grants: z.partialRecord(clientRole, z.array(tablePrivilege)).default({}),
  /** Column-level INSERT/UPDATE per API role, used instead of table-level INSERT/UPDATE in `grants`. */
  columns: z.partialRecord(clientRole, z.partialRecord(columnPrivilege, z.array(z.string().min(1)))).optional(),
  /**
   * The writes anonymous sign-ins may make on this table, where the application means them to.
   * Supabase's anonymous users are role `authenticated` with the JWT claim `is_anonymous: true`
   * (https://supabase.com/docs/guides/auth/auth-anonymous), so every permissive policy for
   * `authenticated` lets them in too. Every write command (INSERT, UPDATE, DELETE) a policy of the
   * module lets `authenticated` make and that is not listed here gets a RESTRICTIVE policy that
   * refuses anonymous sign-ins (modules/policies.ts anonymousGuards), as Supabase's guidance says.
   * Default: none (anonymous sign-ins only read what the policies show them).
   */
  anonymous: z.array(anonymousCommand).optional(),
});
export type TableSpec = z.input<typeof tableSpecSchema>;

export const policySpecSchema = z
  .strictObject({
    table: moduleIdentifier("the policy's table"),
    name: z.string().min(1).max(63),
    command: z.enum(COMMANDS),
    roles: z.array(z.enum(["anon", "authenticated", "service_role"])).min(1),
    /** Expressions; wrap auth.uid() and friends as (select auth.uid()) so they run once per statement. */
    using: z.string().min(1).optional(),
    withCheck: z.string().min(1).optional(),
    permissive: z.boolean().optional(),
  })
  .refine((p) => p.using !== undefined || p.withCheck !== undefined, { message: "a policy needs using or withCheck" });
export type PolicySpec = z.input<typeof policySpecSchema>;

export const viewSpecSchema = z.strictObject({
  name: moduleIdentifier("the view name"),
  /** The query. Name the module's own tables through the schema the module is given (see ModuleDefinition). */
  definition: z.string().min(1),
  grants: z.partialRecord(clientRole, z.array(z.literal("SELECT"))).default({}),
});
export type ViewSpec = z.input<typeof viewSpecSchema>;

export const functionSpecSchema = z.strictObject({
  /** `name(argtypes)` as PostgreSQL prints identity arguments, e.g. `get_job_stats(uuid)`. */
  signature: z.string().regex(/^[a-z_][a-z0-9_]*\(.*\)$/, "a signature is name(argument types), e.g. get_stats(uuid)"),
  /**
   * Who may call it besides service_role. EXECUTE is revoked from PUBLIC on every function of the
   * module (PostgreSQL grants it to PUBLIC by default), and from anon/authenticated on every
   * function the module does not declare for them: trigger functions need no EXECUTE grant
   * (PostgreSQL checks it when the trigger is created, not when it fires), but functions that
   * policies call do, so declare those with the roles the policies apply to.
   */
  grants: z.array(clientRole).default([]),
});
export type FunctionSpec = z.input<typeof functionSpecSchema>;

export const sequenceSpecSchema = z.strictObject({
  name: moduleIdentifier("the sequence name"),
  grants: z.array(clientRole).default([]),
});

/** A module's declaration in the schema it lives in: what DomainModule declares. */
export const moduleSpecSchema = z.strictObject({
  /** Module name as used in config (supastack:modules). */
  name: moduleIdentifier("name"),
  /** The schema the module's SQL files build. */
  schema: moduleIdentifier("schema"),
  description: z.string().default(""),
  tables: z.array(tableSpecSchema).min(1, "tables lists at least one table (RLS is turned on for each)"),
  policies: z.array(policySpecSchema).default([]),
  views: z.array(viewSpecSchema).default([]),
  functions: z.array(functionSpecSchema).default([]),
  /** Sequences the API roles need (identity/serial columns used on INSERT). */
  sequences: z.array(sequenceSpecSchema).default([]),
});
/** A module's declaration, as written (defaults not yet applied). */
export type ModuleSpecInput = z.input<typeof moduleSpecSchema>;
/** A module's declaration with its defaults applied. */
export type ModuleSpec = z.output<typeof moduleSpecSchema>;

/** Pure: problems in a module's table declarations, each naming the module, table and role. */
export function tableSpecProblems(spec: { name: string; tables: readonly TableSpec[] }): string[] {
  const problems: string[] = [];
  for (const table of spec.tables) {
    for (const [role, byPrivilege] of Object.entries(table.columns ?? {})) {
      if (!byPrivilege) continue;
      if (!(CLIENT_ROLES as readonly string[]).includes(role)) {
        problems.push(`module ${spec.name}: table ${table.name}: columns names role ${role}; only anon and authenticated take column grants`);
        continue;
      }
      const tableLevel = (table.grants as Record<string, TablePrivilege[] | undefined> | undefined)?.[role] ?? [];
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

/** Pure: the problems of a spec that its shape cannot say alone (listed twice, a policy on an unlisted table, column grants). */
function specProblems(spec: ModuleSpec): string[] {
  const problems: string[] = [];
  const tables = new Set(spec.tables.map((t) => t.name));
  spec.tables.forEach((t, i) => {
    if (spec.tables.findIndex((u) => u.name === t.name) !== i) problems.push(`module ${spec.name}: tables[${i}].name: ${t.name} is listed twice`);
  });
  spec.policies.forEach((p, i) => {
    if (!tables.has(p.table)) problems.push(`module ${spec.name}: policies[${i}].table: ${p.table} is not in tables`);
    if (spec.policies.findIndex((q) => q.table === p.table && q.name === p.name) !== i) {
      problems.push(`module ${spec.name}: policies[${i}].name: "${p.name}" is on ${p.table} twice (policy names are unique per table)`);
    }
  });
  spec.tables.forEach((t, i) => {
    const writes = authenticatedWrites(spec.policies, t.name);
    for (const c of t.anonymous ?? []) {
      if (!writes.has(c)) problems.push(`module ${spec.name}: tables[${i}].anonymous: ${c} on ${t.name}, but no policy lets authenticated ${c.toLowerCase()} there`);
    }
  });
  problems.push(...tableSpecProblems(spec));
  return problems;
}

/** Pure: the write commands the permissive policies on `table` give `authenticated` (ALL gives all three). */
export function authenticatedWrites(policies: readonly PolicySpec[], table: string): Set<WriteCommand> {
  const out = new Set<WriteCommand>();
  for (const p of policies) {
    // Called on definitions not yet validated too: a malformed entry gives nothing (its problem is reported elsewhere).
    if (!p || p.table !== table || p.permissive === false || !Array.isArray(p.roles) || !p.roles.includes("authenticated")) continue;
    if (p.command === "ALL") for (const c of WRITE_COMMANDS) out.add(c);
    else if ((WRITE_COMMANDS as readonly string[]).includes(p.command)) out.add(p.command as WriteCommand);
  }
  return out;
}

/** The declaration part of a module object (or of anything carrying a spec's fields and more). */
function specOf(m: ModuleSpecInput): ModuleSpecInput {
  const { name, schema, description, tables, policies, views, functions, sequences } = m;
  return { name, schema, description, tables, policies, views, functions, sequences };
}

/** Pure: every problem of a spec, its shape's first (each naming its field); empty when it is valid. */
export function moduleSpecProblems(input: unknown): { spec?: ModuleSpec; problems: string[] } {
  const parsed = moduleSpecSchema.safeParse(input && typeof input === "object" ? specOf(input as ModuleSpecInput) : input);
  const name = typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "(unnamed)";
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `module ${name}: ${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`) };
  }
  return { spec: parsed.data, problems: specProblems(parsed.data) };
}

/** The roles a spec grants anything to (they need USAGE on its schema), service_role always. */
export function rolesNeedingUsage(spec: ModuleSpec): ApiRole[] {
  const roles = new Set<ApiRole>(["service_role"]);
  for (const t of spec.tables) for (const [r, privileges] of Object.entries(t.grants)) if (privileges) roles.add(r as ApiRole);
  for (const t of spec.tables) for (const [r, cols] of Object.entries(t.columns ?? {})) if (cols) roles.add(r as ApiRole);
  for (const v of spec.views) for (const r of Object.keys(v.grants) as ApiRole[]) roles.add(r);
  for (const f of spec.functions) for (const r of f.grants) roles.add(r);
  return API_ROLES.filter((r) => roles.has(r));
}
