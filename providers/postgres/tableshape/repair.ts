// Pure: the statements that restore a module's declared shape from diff findings, WITHOUT touching
// rows. A CHECK or foreign key comes back NOT VALID (no scan under the lock that blocks writes) and
// is then validated in a step of its own, which is allowed to fail: rows that break it leave it NOT
// VALID, and the run says so. SET NOT NULL, a UNIQUE index or key and a replaced function are tried
// the same way (PostgreSQL refuses them while a row is in their way; nothing is changed). Defaults,
// triggers, indexes, enum labels, functions and an enum type moved to another schema are restored
// from the declared definitions. What would rewrite or lose rows (a column's type, a dropped or
// generated column) is planned only when the run allows data loss; otherwise it is listed in
// `refused` with its fix. Extra objects and what only a person can decide are `manual`: reported,
// never acted on.
import { ident, qualified } from "../sql";
import { pendingNotNullName, type ShapeFinding } from "./diff";

export interface RepairStep {
  /** The finding's object. */
  object: string;
  statements: string[];
  /** "apply": must succeed (the repair fails and is rolled back); "try": run in a savepoint, a refusal is reported and the rest goes on. */
  mode: "apply" | "try";
  /** What it means when a "try" step is refused. */
  onRefusal?: string;
  /** Statements that run, and must succeed, when a "try" step is refused (a NOT NULL waits as a NOT VALID CHECK). */
  fallback?: string[];
}

export interface RepairPlan {
  steps: RepairStep[];
  /** Findings whose restoring would rewrite or lose rows, not planned (the run does not allow data loss). */
  refused: ShapeFinding[];
  /** Findings nothing restores: extra objects, and what a person has to decide. */
  manual: ShapeFinding[];
}

const ORDER: ShapeFinding["kind"][] = [
  "type schema",
  "enum",
  "enum label",
  "column",
  "column type",
  "generated",
  "identity",
  "default",
  "not null",
  "function",
  "constraint",
  "validation",
  "index",
  "trigger",
  "trigger enabled",
  "function owner",
  "table",
];

/** Pure: whether nothing restores this finding (it is reported only). */
export function isManual(f: ShapeFinding): boolean {
  if (f.state === "extra") return true;
  if (f.kind === "table" || f.kind === "function owner" || f.kind === "generated") return true;
  if (f.kind === "identity") return f.column?.identity !== null;
  if (f.kind === "enum label") return f.state !== "missing";
  return false;
}

function stepFor(f: ShapeFinding): RepairStep | undefined {
  const t = f.table !== undefined ? qualified(f.schema, f.table) : "";
  const c = ident(f.name);
  const o = f.object;
  switch (f.kind) {
    case "type schema":
      {
        const [from, ...name] = (f.live ?? "").split(".");
        return { object: o, statements: [`ALTER TYPE ${qualified(from!, name.join("."))} SET SCHEMA ${ident(f.schema)}`], mode: "apply" };
      }
    case "enum":
    case "enum label":
    case "index":
      return f.kind === "index"
        ? {
            object: o,
            statements: f.state === "different" ? [`DROP INDEX ${qualified(f.schema, f.name)}`, f.declared!] : [f.declared!],
            mode: "try",
            onRefusal: "the index was not built (a UNIQUE index refuses duplicate rows): it stays missing",
          }
        : { object: o, statements: [f.fix], mode: "apply" };
    case "column": {
      const col = f.column!;
      return { object: o, statements: [`ALTER TABLE ${t} ADD COLUMN ${f.declared!}`], mode: "try", onRefusal: `the column was not added${col.notNull && col.default === null ? " (NOT NULL without a default: the table has rows)" : ""}` };
    }
    case "column type": {
      const type = f.declared!;
      return { object: o, statements: [`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${type} USING ${c}::${type}`], mode: "apply" };
    }
    case "identity":
      return { object: o, statements: [`ALTER TABLE ${t} ALTER COLUMN ${c} DROP IDENTITY`], mode: "apply" };
    case "default":
      return {
        object: o,
        statements: [f.column!.default === null ? `ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT` : `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${f.column!.default}`],
        mode: "apply",
      };
    case "not null":
      return f.column!.notNull
        ? {
            object: o,
            statements: [`ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL`],
            mode: "try",
            onRefusal: "rows hold NULL there: the NOT NULL waits as a NOT VALID CHECK (new rows are held to it); fill those rows, then run up again",
            fallback: [`ALTER TABLE ${t} ADD CONSTRAINT ${ident(pendingNotNullName(f.table!, f.name))} CHECK (${c} IS NOT NULL) NOT VALID`],
          }
        : { object: o, statements: [`ALTER TABLE ${t} ALTER COLUMN ${c} DROP NOT NULL`], mode: "apply" };
    case "function":
      return { object: o, statements: [f.fix], mode: "try", onRefusal: "the declared function could not replace the live one (its result type was changed by hand?): drop it, then run up again" };
    case "constraint": {
      const drop = f.state === "different" ? [`ALTER TABLE ${t} DROP CONSTRAINT ${c}`] : [];
      if (f.detail === "check" || f.detail === "foreign key") {
        return { object: o, statements: [...drop, `ALTER TABLE ${t} ADD CONSTRAINT ${c} ${f.declared!} NOT VALID`], mode: "apply" };
      }
      return { object: o, statements: [...drop, `ALTER TABLE ${t} ADD CONSTRAINT ${c} ${f.declared!}`], mode: "try", onRefusal: "the constraint was not added: rows break it (duplicates?); fix them, then run up again" };
    }
    case "validation":
      return undefined;
    case "trigger":
      return { object: o, statements: f.state === "different" ? [`DROP TRIGGER ${c} ON ${t}`, f.declared!] : [f.declared!], mode: "apply" };
    case "trigger enabled":
      return { object: o, statements: [f.fix], mode: "apply" };
    default:
      return undefined;
  }
}

/** A CHECK or foreign key restored NOT VALID, or found NOT VALID, is validated in a step that may be refused. */
function validateStep(f: ShapeFinding): RepairStep | undefined {
  const needs = f.kind === "validation" || (f.kind === "constraint" && (f.detail === "check" || f.detail === "foreign key"));
  if (!needs || f.table === undefined) return undefined;
  const t = qualified(f.schema, f.table);
  // A NOT NULL that waited as a NOT VALID CHECK: once valid, SET NOT NULL uses it instead of a scan, and it goes.
  const notNull = f.kind === "validation" && f.detail === "not null" && f.column ? [`ALTER TABLE ${t} ALTER COLUMN ${ident(f.column.name)} SET NOT NULL`, `ALTER TABLE ${t} DROP CONSTRAINT ${ident(f.name)}`] : [];
  return {
    object: f.object,
    statements: [`ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(f.name)}`, ...notNull],
    mode: "try",
    onRefusal: "left NOT VALID: rows written before it break it (new rows are checked); fix those rows, then run up again",
  };
}

/** Pure: the ordered repair of `findings`; `allowDataLoss` lets it plan what rewrites rows. */
export function planRepairs(findings: readonly ShapeFinding[], options: { allowDataLoss?: boolean } = {}): RepairPlan {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const plan: RepairPlan = { steps: [], refused: [], manual: [] };
  const validations: RepairStep[] = [];
  for (const f of sorted) {
    if (isManual(f)) {
      plan.manual.push(f);
      continue;
    }
    if (f.rewritesRows && !options.allowDataLoss) {
      plan.refused.push(f);
      continue;
    }
    const step = stepFor(f);
    if (step) plan.steps.push(step);
    const validate = validateStep(f);
    if (validate) validations.push(validate);
  }
  // Validation last: it scans the table, and holds only a lock that lets reads and writes go on.
  plan.steps.push(...validations);
  return plan;
}
