// The checks `supastack verify` makes (pure): a Catalog read from the database and the modules
// the stack declares in, findings out. Each finding names the object and how to fix it.
import { PRIVILEGES } from "../providers/postgres/providers/privileges";
import { CLIENT_ROLES } from "../providers/postgres/shapes/privileges";
import { ident, qualified } from "../providers/postgres/sql";
import { anonymousGuardName, NOT_ANONYMOUS } from "../modules/policies";
import { type ModuleSpec, WRITE_COMMANDS, type WriteCommand } from "../modules/spec";
import { type Catalog, ownsSchema, type PolicyInfo, policyKey, viewKey } from "./catalog";

export type Rule =
  | "rls-disabled"
  | "policy-without-rls"
  | "view-not-security-invoker"
  | "definer-mutable-search-path"
  | "fk-without-index"
  | "auth-call-per-row"
  | "missing"
  | "different"
  | "undeclared-policy"
  | "privileges"
  | "function-execute"
  | "default-privileges"
  | "public-reachable"
  | "matview-exposed"
  | "definer-trigger-callable"
  | "column-privileges"
  | "anonymous-writes";

export interface Finding {
  rule: Rule;
  object: string;
  problem: string;
  fix: string;
}

const TABLE_PRIVILEGES: readonly string[] = PRIVILEGES.table;
const AUTH_CALL = /\bauth\.(uid|jwt|role|email)\(\)/g;

/**
 * auth.*() calls in a printed expression that are not inside a scalar subquery: `( SELECT auth.uid()
 * AS uid)` or `( SELECT ((auth.jwt() ->> 'is_anonymous'::text))::boolean AS bool)`. An uncorrelated
 * `(SELECT ...)` is an initplan, evaluated once per statement, whatever else it computes.
 */
export function perRowAuthCalls(expression: string | null): string[] {
  if (!expression) return [];
  const calls: string[] = [];
  for (const m of expression.matchAll(AUTH_CALL)) {
    if (!insideSubquery(expression, m.index ?? 0)) calls.push(m[0]);
  }
  return calls;
}

/** Pure: whether position `at` of a printed expression lies inside a `(SELECT ...)` (string literals skipped). */
function insideSubquery(expression: string, at: number): boolean {
  const open: boolean[] = [];
  let quoted = false;
  for (let i = 0; i < at; i++) {
    const c = expression[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === "(") open.push(/^\(\s*SELECT\b/i.test(expression.slice(i, i + 16)));
    else if (c === ")") open.pop();
  }
  return open.some(Boolean);
}

/**
 * Privileges that let an API role reach data or code through PostgREST, per default-ACL object
 * type (PostgREST issues SELECT/INSERT/UPDATE/DELETE and calls functions; it never truncates, and
 * sequences are reachable only through functions).
 */
const EXPOSING: Record<string, readonly string[]> = {
  tables: ["SELECT", "INSERT", "UPDATE", "DELETE"],
  functions: ["EXECUTE"],
};
/** `"s"."f"(uuid)` -> `s.f(uuid)` for reading. */
const display = (target: string) => target.replace(/"/g, "");
const grantees = (roles: readonly string[]) => roles.map((r) => (r === "PUBLIC" ? "PUBLIC" : ident(r))).join(", ");

/**
 * Roles whose default privileges a project cannot change: Supabase's platform roles (supabase_admin
 * creates objects in public during platform upgrades, and its default privileges there grant ALL to
 * the API roles; `postgres` is not a superuser, so ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin
 * is refused). Reporting them would name a fix nobody can apply.
 */
const platformRole = (role: string) => role.startsWith("supabase_");

/** Roles a live policy applies to, as pg_policies prints them (`public` is every role). */
const appliesToAuthenticated = (roles: readonly string[]) => roles.includes("authenticated") || roles.includes("public");
const mentionsAnonymity = (expression: string | null) => expression !== null && /is_anonymous/.test(expression);
const writeCommands = (command: string): WriteCommand[] => (command === "ALL" ? [...WRITE_COMMANDS] : (WRITE_COMMANDS as readonly string[]).includes(command) ? [command as WriteCommand] : []);

/**
 * Pure: the write commands a permissive policy for `authenticated` lets anonymous sign-ins (role
 * authenticated, JWT is_anonymous true) make without deciding about them: neither the policy
 * itself nor a restrictive policy on its table for that command reads the is_anonymous claim,
 * and the module does not declare the command for anonymous users (TableSpec.anonymous).
 */
export function undecidedAnonymousWrites(policy: PolicyInfo, tablePolicies: readonly PolicyInfo[], declared: readonly string[]): WriteCommand[] {
  if (!policy.permissive || !appliesToAuthenticated(policy.roles)) return [];
  if (mentionsAnonymity(policy.using) || mentionsAnonymity(policy.withCheck)) return [];
  return writeCommands(policy.command).filter(
    (c) =>
      !declared.includes(c) &&
      !tablePolicies.some(
        (r) => !r.permissive && appliesToAuthenticated(r.roles) && writeCommands(r.command).includes(c) && (mentionsAnonymity(r.using) || mentionsAnonymity(r.withCheck)),
      ),
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");
}

export function findings(catalog: Catalog, specs: ModuleSpec[]): Finding[] {
  const out: Finding[] = [];
  const add = (rule: Rule, object: string, problem: string, fix: string) => out.push({ rule, object, problem, fix });
  const tableRls = new Map(catalog.tables.map((t) => [`${t.schema}.${t.name}`, t.rls]));

  // Security rules over everything in the managed schemas, declared or not.
  for (const t of catalog.tables) {
    if (!t.rls) {
      add("rls-disabled", `table ${t.schema}.${t.name}`, "row-level security is off: the API roles' grants apply to every row", `ALTER TABLE ${qualified(t.schema, t.name)} ENABLE ROW LEVEL SECURITY; (declare the table in its module so the stack does it)`);
    }
  }
  for (const p of catalog.policies) {
    const name = `policy "${p.name}" on ${p.schema}.${p.table}`;
    if (tableRls.get(`${p.schema}.${p.table}`) === false) {
      add("policy-without-rls", name, "the policy has no effect: row-level security is off on its table", `ALTER TABLE ${qualified(p.schema, p.table)} ENABLE ROW LEVEL SECURITY`);
    }
    const calls = [...perRowAuthCalls(p.using), ...perRowAuthCalls(p.withCheck)];
    if (calls.length > 0) {
      add("auth-call-per-row", name, `calls ${[...new Set(calls)].join(", ")} once per row`, `wrap it as (select ${calls[0]}) so PostgreSQL evaluates it once per statement`);
    }
  }
  for (const v of catalog.views) {
    if (!v.securityInvoker) {
      add("view-not-security-invoker", `view ${v.schema}.${v.name}`, "runs with its owner's rights, bypassing the caller's row-level security", `ALTER VIEW ${qualified(v.schema, v.name)} SET (security_invoker = true)`);
    }
  }
  for (const f of catalog.functions) {
    if (f.securityDefiner && !f.config.some((c) => c.startsWith("search_path="))) {
      add("definer-mutable-search-path", `function ${f.schema}.${f.signature}`, "SECURITY DEFINER with a search_path the caller controls", `ALTER FUNCTION ${ident(f.schema)}.${f.signature.replace(/^([^(]+)/, (n) => ident(n))} SET search_path = <its schema>, pg_temp (or '' and schema-qualify what it uses)`);
    }
  }
  for (const k of catalog.foreignKeys) {
    if (!k.covered) {
      add("fk-without-index", `foreign key ${k.name} on ${k.schema}.${k.table} (${k.columns.join(", ")})`, "no index starts with its columns: deletes on the referenced table and joins scan the whole table", `CREATE INDEX ON ${qualified(k.schema, k.table)} (${k.columns.map(ident).join(", ")})`);
    }
  }

  // EXECUTE and exposure rules (issue 11): functions, default privileges, public, matviews.
  for (const d of catalog.defaultAcls) {
    if (platformRole(d.owner)) continue;
    const exposing = d.privileges.filter((p) => (EXPOSING[d.objectType] ?? []).includes(p));
    if (exposing.length === 0) continue;
    const where = d.schema === null ? "every schema" : `schema ${d.schema}`;
    add(
      "default-privileges",
      `default privileges of ${d.owner} in ${where} on ${d.objectType} for ${d.grantee}`,
      `every new ${d.objectType.replace(/s$/, "")} ${d.owner} creates there gives ${exposing.join(", ")} to ${d.grantee}, declared by no module (PostgREST exposes it as soon as it exists)`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(d.owner)}${d.schema === null ? "" : ` IN SCHEMA ${ident(d.schema)}`} REVOKE ${exposing.join(", ")} ON ${d.objectType.toUpperCase()} FROM ${grantees([d.grantee])}; then grant what modules declare`,
    );
  }
  for (const o of catalog.publicObjects) {
    const name = o.kind === "function" ? display(o.name) : `public.${o.name}`;
    const target = o.kind === "function" ? `FUNCTION ${o.name}` : qualified("public", o.name);
    const rows = o.kind === "function" ? "" : o.kind === "table" && o.rls ? "; its policies decide which rows" : "; no row-level security stands in the way";
    add(
      "public-reachable",
      `${o.kind} ${name}`,
      `anon can ${o.privileges.join(", ")} it through the API (schema public is exposed; no module declares it)${rows}`,
      `REVOKE ALL ON ${target} FROM anon, PUBLIC; or move it into a module's schema and declare its grants`,
    );
  }
  for (const m of catalog.matviews) {
    add(
      "matview-exposed",
      `materialized view ${m.schema}.${m.name}`,
      `readable by ${m.readers.join(", ")} through the API; a materialized view has no row-level security, so every row is`,
      `REVOKE SELECT ON ${qualified(m.schema, m.name)} FROM ${grantees(m.readers)}, PUBLIC; serve it through a security_invoker view or a function that filters by auth.uid()`,
    );
  }
  for (const d of catalog.definerTriggers) {
    add(
      "definer-trigger-callable",
      `function ${display(d.target)}`,
      `a SECURITY DEFINER trigger function that ${d.callers.join(", ")} can EXECUTE (a trigger needs no EXECUTE grant to fire)`,
      `REVOKE EXECUTE ON ROUTINE ${d.target} FROM PUBLIC, ${grantees(d.callers)}`,
    );
  }

  // The stack's declarations against what is there.
  const declaredPolicies = new Set(specs.flatMap((s) => s.policies.map((p) => policyKey(s.schema, p.table, p.name))));
  for (const spec of specs) {
    if (!catalog.schemas.includes(spec.schema)) {
      add("missing", `schema ${spec.schema}`, `module ${spec.name} declares it but it does not exist`, "run `supastack up` for the stack");
      continue;
    }
    for (const t of spec.tables) {
      if (!tableRls.has(`${spec.schema}.${t.name}`)) {
        add("missing", `table ${spec.schema}.${t.name}`, `module ${spec.name} declares it but it does not exist`, "run `supastack refresh` then `supastack up` to re-apply the module's migrations");
        continue;
      }
      const expected: Record<string, string[]> = { anon: [], authenticated: [], service_role: [...TABLE_PRIVILEGES] };
      for (const [role, privileges] of Object.entries(t.grants)) expected[role] = privileges?.includes("ALL") ? [...TABLE_PRIVILEGES] : [...(privileges ?? [])];
      for (const [role, want] of Object.entries(expected)) {
        const have = (catalog.privileges.find((p) => p.schema === spec.schema && p.table === t.name && p.role === role)?.privileges ?? []).filter((p) => TABLE_PRIVILEGES.includes(p));
        const extra = role === "service_role" ? [] : have.filter((p) => !want.includes(p));
        const lacking = want.filter((p) => !have.includes(p));
        if (extra.length > 0 || lacking.length > 0) {
          add(
            "privileges",
            `table ${spec.schema}.${t.name} for ${role}`,
            [extra.length ? `has ${extra.join(", ")} the stack does not grant` : "", lacking.length ? `lacks ${lacking.join(", ")} the stack grants` : ""].filter(Boolean).join("; "),
            extra.length ? `REVOKE ${extra.join(", ")} ON ${qualified(spec.schema, t.name)} FROM ${ident(role)}` : "run `supastack up` to restore the grants",
          );
        }
      }
    }
    for (const t of spec.tables) {
      if (!tableRls.has(`${spec.schema}.${t.name}`)) continue;
      for (const role of CLIENT_ROLES) {
        const declared = (t.columns as Record<string, Partial<Record<string, string[]>> | undefined> | undefined)?.[role] ?? {};
        const live = catalog.columnPrivileges.find((c) => c.schema === spec.schema && c.table === t.name && c.role === role)?.columns ?? {};
        const problems: string[] = [];
        const revokes: string[] = [];
        for (const privilege of [...new Set([...Object.keys(live), ...Object.keys(declared)])].sort()) {
          const want = declared[privilege] ?? [];
          const have = live[privilege] ?? [];
          const extra = have.filter((c) => !want.includes(c));
          const lacking = want.filter((c) => !have.includes(c));
          if (extra.length > 0) {
            problems.push(`has ${privilege} on ${extra.join(", ")} the module does not grant`);
            revokes.push(`${privilege} (${extra.map(ident).join(", ")})`);
          }
          if (lacking.length > 0) problems.push(`lacks ${privilege} on ${lacking.join(", ")} the module grants`);
        }
        if (problems.length > 0) {
          add(
            "column-privileges",
            `columns of table ${spec.schema}.${t.name} for ${role}`,
            problems.join("; "),
            revokes.length > 0 ? `REVOKE ${revokes.join(", ")} ON ${qualified(spec.schema, t.name)} FROM ${ident(role)}` : "run `supastack up` to restore the column grants",
          );
        }
      }
    }
    for (const f of catalog.functionAcls.filter((x) => x.schema === spec.schema && (x.module === undefined || x.module === spec.name))) {
      const allowed: readonly string[] = spec.functions.find((d) => d.signature === f.declared)?.grants ?? [];
      const extra = f.holders.filter((h) => h === "PUBLIC" || ((CLIENT_ROLES as readonly string[]).includes(h) && !allowed.includes(h)));
      const lacking = allowed.filter((r) => !f.holders.includes(r));
      if (extra.length === 0 && lacking.length === 0) continue;
      const problems: string[] = [];
      if (extra.includes("PUBLIC")) problems.push("PUBLIC (every role, anon included) can EXECUTE it, the PostgreSQL default; PostgREST exposes it as /rpc");
      const roles = extra.filter((h) => h !== "PUBLIC");
      if (roles.length > 0) problems.push(`${roles.join(", ")} can EXECUTE it but module ${spec.name} ${f.declared ? "does not grant it to them" : "does not declare it"}`);
      if (lacking.length > 0) problems.push(`lacks EXECUTE for ${lacking.join(", ")}, which module ${spec.name} grants`);
      add(
        "function-execute",
        `function ${display(f.target)}`,
        problems.join("; "),
        extra.length > 0 ? `REVOKE EXECUTE ON ROUTINE ${f.target} FROM ${grantees(extra)}; (supastack up does this for the modules' schemas)` : "run `supastack up` to restore the grants",
      );
    }
    for (const p of spec.policies) {
      const key = policyKey(spec.schema, p.table, p.name);
      const live = catalog.policies.find((x) => policyKey(x.schema, x.table, x.name) === key);
      const name = `policy "${p.name}" on ${spec.schema}.${p.table}`;
      if (!live) {
        if (tableRls.has(`${spec.schema}.${p.table}`)) add("missing", name, `module ${spec.name} declares it but it does not exist`, "run `supastack refresh` then `supastack up` to restore it");
        continue;
      }
      const canonical = catalog.declared[key];
      const diffs: string[] = [];
      if (live.command !== p.command) diffs.push(`command is ${live.command}, declared ${p.command}`);
      if (live.permissive !== (p.permissive ?? true)) diffs.push(`is ${live.permissive ? "permissive" : "restrictive"}`);
      if (!sameSet(live.roles, p.roles)) diffs.push(`roles are ${live.roles.join(", ")}, declared ${p.roles.join(", ")}`);
      if (canonical && !canonical.error) {
        if ((canonical.using ?? null) !== live.using) diffs.push(`USING is ${live.using ?? "(none)"}, declared ${canonical.using ?? "(none)"}`);
        if ((canonical.withCheck ?? null) !== live.withCheck) diffs.push(`WITH CHECK is ${live.withCheck ?? "(none)"}, declared ${canonical.withCheck ?? "(none)"}`);
      }
      if (diffs.length > 0) add("different", name, diffs.join("; "), "run `supastack refresh` then `supastack up` to put the declared policy back");
    }
    // Policies no module declares: every one in a schema the module owns, and in a schema it
    // shares (public: the application's own tables are its business) those on its own tables.
    const owned = ownsSchema(spec, specs);
    const ownTables = new Set(spec.tables.map((t) => t.name));
    for (const live of catalog.policies.filter((x) => x.schema === spec.schema && (owned || ownTables.has(x.table)))) {
      if (!declaredPolicies.has(policyKey(live.schema, live.table, live.name))) {
        add("undeclared-policy", `policy "${live.name}" on ${live.schema}.${live.table}`, "exists in a managed schema but no module declares it (permissive policies add access)", `declare it in module ${spec.name}, or DROP POLICY ${ident(live.name)} ON ${qualified(live.schema, live.table)}`);
      }
    }
    // Anonymous sign-ins (issue 26): every write policy for authenticated in the module's schema
    // (in a shared schema: on its own tables) refuses them, or the module declares that the
    // application means them to write there.
    for (const live of catalog.policies.filter((x) => x.schema === spec.schema && (owned || ownTables.has(x.table)))) {
      const declared = spec.tables.find((t) => t.name === live.table)?.anonymous ?? [];
      const tablePolicies = catalog.policies.filter((x) => x.schema === live.schema && x.table === live.table);
      const undecided = undecidedAnonymousWrites(live, tablePolicies, declared);
      if (undecided.length === 0) continue;
      const t = qualified(live.schema, live.table);
      const fixes = undecided.map((c) =>
        `CREATE POLICY ${ident(anonymousGuardName(c))} ON ${t} AS RESTRICTIVE FOR ${c} TO authenticated ${c === "INSERT" ? "" : `USING (${NOT_ANONYMOUS}) `}${c === "DELETE" ? "" : `WITH CHECK (${NOT_ANONYMOUS})`}`.trim(),
      );
      add(
        "anonymous-writes",
        `policy "${live.name}" on ${live.schema}.${live.table}`,
        `lets authenticated ${undecided.join(", ")} without deciding about anonymous sign-ins: they are role authenticated too (JWT is_anonymous true), so they may ${undecided.map((c) => c.toLowerCase()).join(", ")} as any signed-in user`,
        `${fixes.join("; ")}; (supastack up declares these for module ${spec.name}'s tables), or declare anonymous: [${undecided.map((c) => `"${c}"`).join(", ")}] on table ${live.table} in module ${spec.name} if the application means anonymous users to`,
      );
    }
    for (const v of spec.views) {
      const live = catalog.views.find((x) => x.schema === spec.schema && x.name === v.name);
      if (!live) {
        add("missing", `view ${spec.schema}.${v.name}`, `module ${spec.name} declares it but it does not exist`, "run `supastack refresh` then `supastack up` to restore it");
        continue;
      }
      const canonical = catalog.declared[viewKey(spec.schema, v.name)];
      if (canonical?.definition !== undefined && canonical.definition !== live.definition) {
        add("different", `view ${spec.schema}.${v.name}`, "its definition differs from the declared one", "run `supastack refresh` then `supastack up` to put the declared definition back");
      }
    }
    for (const f of spec.functions) {
      const normalise = (s: string) => s.replace(/\s+/g, "").toLowerCase();
      if (!catalog.functions.some((x) => x.schema === spec.schema && normalise(x.signature) === normalise(f.signature))) {
        add("missing", `function ${spec.schema}.${f.signature}`, `module ${spec.name} declares it but it does not exist`, "run `supastack refresh` then `supastack up` to re-apply the module's migrations");
      }
    }
  }
  return out;
}
