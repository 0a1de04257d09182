// Pure: what `supastack adopt` would do to bring one module's existing tables under management,
// from what inspect.ts read (the declared shape in the tables' current schema, the live shape, the
// rows that break each constraint the module adds, the source's own policies and leftovers). The
// plan names every table and object as present and equal, present and different (what differs),
// missing or extra; the rows in the way of each added constraint; the steps in order; what it
// leaves; and, when the database cannot be adopted, why and what the choices are.
import { describeFinding, isManual, type Shape, type ShapeFinding } from "../../providers/postgres/tableshape";

/** Rows that break a constraint the module adds (it is then added NOT VALID). */
export interface Violation {
  /** schema.table.constraint, or schema.table.column for a NOT NULL. */
  object: string;
  kind: "check" | "foreign key" | "not null" | "unique";
  count: number;
  /** Up to 5 primary keys of those rows. */
  keys: string[];
  /** Set when the rows could not be counted (the expression failed on them): the constraint is added NOT VALID. */
  error?: string;
}

/** A view or function of the source's that uses the module's tables; `name` is its SQL identity (`public.job_stats`, `public.f(uuid)`). */
export interface Leftover {
  kind: "view" | "function";
  name: string;
}

export interface TableState {
  table: string;
  state: "equal" | "different" | "missing";
  /** One line per difference (describeFinding). */
  differences: string[];
  rows: number;
}

export interface AdoptInput {
  module: string;
  /** Where the module's tables are now (undefined: none of them exists). */
  source: string | undefined;
  /** Where the stack puts the module. */
  target: string;
  /** The module's declared shape, named in `source` (or in `target` when there is no source). */
  declared: Shape;
  live: Shape;
  rows: Record<string, number>;
  violations: Violation[];
  /** The source's own policies on the module's tables: `schema.table: "name"`. */
  policies: string[];
  /** What the API roles hold on the module's tables now: `schema.table: anon SELECT, INSERT`. */
  grants: string[];
  /** Objects in the source schema that use the tables but are not the module's (views, functions). */
  leftovers: Leftover[];
  /** Tables of the module's names already in the target schema, when the tables are elsewhere. */
  occupied: string[];
}

export interface ModuleAdoptPlan {
  module: string;
  source: string | undefined;
  target: string;
  tables: TableState[];
  /** Differences of objects that are not tables' (types, functions): one line each. */
  objects: string[];
  violations: Violation[];
  /** What --yes does, in order. */
  steps: string[];
  /** What it leaves in place, named. */
  leaves: string[];
  /** The source's views and functions it leaves, whose API access it revokes. */
  leftovers: Leftover[];
  /** Why it cannot be adopted, with the choices; empty when it can. */
  blockers: string[];
}

/** Pure: whether adoption drops this finding's object: an extra trigger or index, which the module's declaration replaces. */
export function replacedExtra(f: ShapeFinding): boolean {
  return f.state === "extra" && (f.kind === "trigger" || f.kind === "index");
}

/**
 * Pure: whether ADD COLUMN of `f`'s column leaves the rows as they are: nullable or with a constant
 * default, PostgreSQL (11+) records the value in the catalog and rewrites nothing; a volatile
 * default (gen_random_uuid(), now()) rewrites the table.
 */
export function addsWithoutRewrite(f: ShapeFinding): boolean {
  if (f.kind !== "column" || f.state !== "missing" || !f.column) return false;
  const d = f.column.default;
  return d === null || /^('(?:[^']|'')*'(::[\w. "\[\]]+)?|-?\d+(\.\d+)?|true|false)$/.test(d);
}

/** Pure: the findings as adoption restores them: a column the module adds is no rewrite when addsWithoutRewrite. */
export function adoptionFindings(findings: readonly ShapeFinding[]): ShapeFinding[] {
  return findings.map((f) => (addsWithoutRewrite(f) ? { ...f, rewritesRows: false } : f));
}

/** Pure: what keeps a module from being adopted (a person decides), with the choices. */
export function blockersOf(input: AdoptInput, findings: readonly ShapeFinding[]): string[] {
  const out: string[] = [];
  if (input.source === undefined) {
    out.push(
      `none of ${input.module}'s tables (${input.declared.tables.map((t) => t.name).join(", ")}) is in the database: there is nothing to adopt; ` +
        `choices: run 'supastack up' to create the module empty, or point the stack at the database that holds them`,
    );
    return out;
  }
  for (const t of input.occupied) {
    out.push(`${input.target}.${t} already exists while the module's tables are in ${input.source}: choices: map the module to ${input.source} (supastack:schemas), or move or drop ${input.target}.${t} yourself`);
  }
  for (const f of findings) {
    if (f.kind === "table" && f.state === "missing") {
      out.push(`${f.object} is missing, and the module's data needs it: choices: create it from the source document's SQL (the application's own migration), or leave ${input.module} out of --modules`);
    } else if (f.kind === "column type") {
      out.push(
        `${f.object} is ${f.live}, the module declares ${f.declared}: converting it rewrites every row; choices: convert it yourself (ALTER TABLE ... ALTER COLUMN ... TYPE ${f.declared} USING ...) after checking each value converts, or leave ${input.module} out`,
      );
    } else if (f.kind === "generated" || (f.kind === "identity" && f.column?.identity !== null)) {
      out.push(`${describeFinding(f)}: only a person can decide (${f.fix})`);
    } else if (f.kind === "column" && f.state === "missing" && f.column?.notNull && f.column.default === null && (input.rows[f.table ?? ""] ?? 0) > 0) {
      out.push(`${f.object} is missing and declared NOT NULL without a default, and the table has rows: choices: add it yourself with values for the existing rows, or leave ${input.module} out`);
    } else if (f.kind === "column" && f.state === "missing" && !addsWithoutRewrite(f)) {
      out.push(`${f.object} is missing and its default (${f.column?.default}) is computed per row, so adding it rewrites the table: choices: add it yourself in a quiet hour, or leave ${input.module} out`);
    }
  }
  return out;
}

/** Pure: the plan for one module. */
export function planAdoption(input: AdoptInput, findings: readonly ShapeFinding[]): ModuleAdoptPlan {
  const blockers = blockersOf(input, findings);
  const tables: TableState[] = input.declared.tables.map((t) => {
    const mine = findings.filter((f) => f.table === t.name && !(f.kind === "table" && f.state === "missing"));
    const missing = findings.some((f) => f.kind === "table" && f.state === "missing" && f.table === t.name);
    return { table: t.name, state: missing ? "missing" : mine.length > 0 ? "different" : "equal", differences: mine.map(describeFinding), rows: input.rows[t.name] ?? 0 };
  });
  const objects = findings.filter((f) => f.table === undefined).map(describeFinding);
  const source = input.source ?? input.target;
  const moving = input.source !== undefined && input.source !== input.target;
  const steps: string[] = [];
  if (blockers.length === 0) {
    steps.push(`lock ${input.declared.tables.map((t) => `${source}.${t.name}`).join(", ")} and fingerprint them (row count and checksum over their columns)`);
    if (moving) {
      const types = input.declared.enums.filter((e) => input.live.enums.some((l) => l.name === e.name)).map((e) => `${source}.${e.name}`);
      steps.push(`move ${[...types, ...input.declared.tables.map((t) => `${source}.${t.name}`)].join(", ")} to schema ${input.target} (ALTER ... SET SCHEMA: no row is copied; owned sequences move with their tables)`);
    }
    const held = input.grants.length > 0 ? ` (${input.grants.join("; ")})` : " (they hold nothing on them)";
    steps.push(`revoke what the API roles (anon, authenticated, PUBLIC) were granted on the tables${held}; the module's grants come with the up that follows`);
    if (input.leftovers.length > 0) {
      steps.push(`revoke the API roles' access to the source's ${input.leftovers.map((l) => `${l.kind} ${l.name}`).join(", ")}: they read the tables as their owner, past the module's policies`);
    }
    if (input.policies.length > 0) steps.push(`drop the source's ${input.policies.length} policies (${input.policies.join("; ")}); the module's come with the up that follows`);
    const extras = findings.filter(replacedExtra);
    if (extras.length > 0) steps.push(`drop what the module replaces: ${extras.map((f) => `${f.kind} ${f.object}`).join(", ")}`);
    const restore = findings.filter((f) => !isManual(f) && !f.rewritesRows);
    if (restore.length > 0) {
      steps.push(`restore the module's declaration without touching rows: ${restore.length} objects (constraints NOT VALID first, then validated where no row breaks them; indexes; triggers, which fire on no existing row; defaults; functions)`);
    }
    const notValid = input.violations.filter((v) => v.count > 0 || v.error);
    if (notValid.length > 0) steps.push(`leave NOT VALID, because rows break them: ${notValid.map((v) => v.object).join(", ")} (once the rows are fixed, 'supastack adopt --validate' validates them)`);
    steps.push(`record the module's ${"migration files"} as applied (baseline, with their checksums) and the module as adopted into ${input.target}`);
    steps.push("fingerprint the tables again and check every row count and checksum is unchanged, then COMMIT (all of the above is one transaction)");
    steps.push("run 'supastack up' for the stack: the module's policies, grants, views and functions access are created and every object is recorded in the stack's state");
  }
  const leaves = input.leftovers.map(
    (o) => `${o.kind} ${o.name} (the source's, not the module's: it stays, without API access${o.kind === "view" && moving ? `; it follows the tables it reads by their oid` : ""}${o.kind === "function" && moving ? `; a name it resolves by search_path no longer finds the moved tables` : ""})`,
  );
  for (const f of findings.filter((x) => x.state === "extra" && !replacedExtra(x))) leaves.push(`${f.kind} ${f.object} (not declared by the module: kept)`);
  return { module: input.module, source: input.source, target: input.target, tables, objects, violations: input.violations, steps, leaves, leftovers: input.leftovers, blockers };
}

/** Pure: the plan as a person reads it. */
export function formatAdoptPlan(plans: readonly ModuleAdoptPlan[], yes: boolean): string {
  const lines: string[] = [];
  for (const p of plans) {
    const where = p.source === undefined ? "not found" : p.source === p.target ? `in ${p.source}` : `in ${p.source}, moving to ${p.target}`;
    lines.push(`module ${p.module} (${where})`);
    lines.push("  tables:");
    for (const t of p.tables) {
      lines.push(`    ${t.table}: ${t.state === "equal" ? "present and equal" : t.state === "missing" ? "missing" : "present and different"}, ${t.rows} rows`);
      for (const d of t.differences) lines.push(`      - ${d}`);
    }
    if (p.objects.length > 0) {
      lines.push("  types and functions:");
      for (const o of p.objects) lines.push(`    - ${o}`);
    }
    const broken = p.violations.filter((v) => v.count > 0 || v.error);
    lines.push(broken.length === 0 ? "  rows that break the module's added constraints: none" : "  rows that break the module's added constraints (added NOT VALID):");
    for (const v of broken) lines.push(`    ${v.object} (${v.kind}): ${v.error ? `not counted (${v.error})` : `${v.count} rows, e.g. ${v.keys.join(", ")}`}`);
    if (p.blockers.length > 0) {
      lines.push("  cannot be adopted:");
      for (const b of p.blockers) lines.push(`    - ${b}`);
    } else {
      lines.push(yes ? "  doing, in order:" : "  would do, in order (with --yes):");
      p.steps.forEach((s, i) => lines.push(`    ${i + 1}. ${s}`));
    }
    if (p.leaves.length > 0) {
      lines.push("  leaves:");
      for (const l of p.leaves) lines.push(`    - ${l}`);
    }
  }
  const blocked = plans.filter((p) => p.blockers.length > 0);
  lines.push(
    blocked.length > 0
      ? `cannot adopt ${blocked.map((p) => p.module).join(", ")}: nothing was changed`
      : yes
        ? `adopting ${plans.map((p) => p.module).join(", ")}`
        : `${plans.map((p) => p.module).join(", ")} can be adopted; nothing was changed (run again with --yes)`,
  );
  return lines.join("\n");
}
