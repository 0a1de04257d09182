// Pure: the declared Shape of a module against the live one, as findings. Each names the object
// (`jobs.jobs.jobs_status_check`), what is wrong, the SQL (or the sentence) that restores the
// declaration, and whether restoring it would rewrite or lose rows (then up refuses it unless the
// run allows data loss: ../dataLoss.ts). Objects made by hand beside the declared ones are findings
// too ("extra"); nothing ever drops them.
import { ident, literal, qualified } from "../sql";
import type { ColumnShape, ConstraintShape, EnumShape, FunctionShape, Shape, TableShape } from "./types";

export type ShapeKind =
  | "table"
  | "column"
  | "column type"
  | "type schema"
  | "default"
  | "not null"
  | "generated"
  | "identity"
  | "constraint"
  | "validation"
  | "index"
  | "trigger"
  | "trigger enabled"
  | "enum"
  | "enum label"
  | "function"
  | "function owner";

export type Severity = "low" | "medium" | "high";

export interface ShapeFinding {
  /** schema.table, schema.table.column|constraint|index|trigger, schema.type, schema.function(args). */
  object: string;
  kind: ShapeKind;
  state: "missing" | "different" | "extra";
  declared?: string;
  live?: string;
  /** The SQL that restores the declaration, or a sentence when only a person can decide. */
  fix: string;
  /** Restoring it rewrites or loses rows: never done without --allow-data-loss. */
  rewritesRows: boolean;
  severity: Severity;
  /** What the repair planner needs: where the object is. */
  schema: string;
  table?: string;
  name: string;
  /** Column findings: the declared column; constraint and enum findings carry their kind and labels in `detail`. */
  column?: ColumnShape;
  detail?: string;
}

/**
 * Pure: a constraint's printed definition with the spellings PostgreSQL gives one expression
 * depending on how it was written folded into one: `col IN ('a', 'b')` on a varchar column prints as
 * `ANY ((ARRAY['a'::character varying, ...])::text[])`, and that text read back (a pg_dump restored)
 * as `ANY (ARRAY[('a'::character varying)::text, ...])`. Both become `ANY (ARRAY['a'::character varying, ...])`.
 */
export function canonicalDefinition(definition: string): string {
  return definition
    .replace(/\('((?:[^']|'')*)'::([a-z ]+)\)::text\b(?!\[)/g, "'$1'::$2")
    .replace(/\(\(ARRAY\[((?:[^\]'(]|'(?:[^']|'')*'|\([^)]*\))*)\]\)::text\[\]\)/g, "(ARRAY[$1])");
}

/** Pure: one line a person reads. */
export function describeFinding(f: ShapeFinding): string {
  const what = f.state === "missing" ? "missing" : f.state === "extra" ? "not declared (made by hand?)" : "differs from the declaration";
  const values = f.state === "different" && f.declared !== undefined ? ` (declared: ${f.declared}; live: ${f.live ?? "none"})` : "";
  return `${f.kind} ${f.object} ${what}${values}`;
}

const tableName = (t: Pick<TableShape, "schema" | "name">) => qualified(t.schema, t.name);
const dotted = (...parts: string[]) => parts.join(".");

/** Pure: `jobs.job_status[]` -> { schema: "jobs", name: "job_status" }; undefined for a pg_catalog type. */
export function typeSchema(type: string): { schema: string; name: string } | undefined {
  const m = /^("(?:[^"]|"")+"|[^."]+)\.("(?:[^"]|"")+"|[^."(\[]+)/.exec(type);
  if (!m) return undefined;
  const un = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
  return { schema: un(m[1]!), name: un(m[2]!) };
}

function columnDefinition(c: ColumnShape): string {
  const parts = [ident(c.name), c.type];
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  if (c.identity) parts.push(`GENERATED ${c.identity.toUpperCase()} AS IDENTITY`);
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (c.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}

function diffColumns(out: ShapeFinding[], d: TableShape, l: TableShape, moved: Map<string, string>): void {
  const t = tableName(d);
  for (const dc of d.columns) {
    const lc = l.columns.find((c) => c.name === dc.name);
    const object = dotted(d.schema, d.name, dc.name);
    const base = { schema: d.schema, table: d.name, name: dc.name, column: dc };
    if (!lc) {
      out.push({
        ...base,
        object,
        kind: "column",
        state: "missing",
        declared: columnDefinition(dc),
        fix: `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(dc)} (what the column held is gone: restore it from a backup if it mattered)`,
        rewritesRows: true,
        severity: "high",
      });
      continue;
    }
    if (dc.type !== lc.type) {
      const dt = typeSchema(dc.type);
      const lt = typeSchema(lc.type);
      if (dt && lt && dt.name === lt.name && dt.schema !== lt.schema && moved.has(`${lt.schema}.${lt.name}`)) {
        // Reported once, on the type (below): moving it back puts the column right too.
      } else {
        out.push({
          ...base,
          object,
          kind: "column type",
          state: "different",
          declared: dc.type,
          live: lc.type,
          fix: `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} TYPE ${dc.type} USING ${ident(dc.name)}::${dc.type} (rewrites every row; check that each value converts first)`,
          rewritesRows: true,
          severity: "high",
        });
      }
    }
    if (dc.default !== lc.default) {
      out.push({
        ...base,
        object,
        kind: "default",
        state: lc.default === null ? "missing" : "different",
        declared: dc.default ?? "no default",
        live: lc.default ?? "no default",
        fix: dc.default === null ? `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} DROP DEFAULT` : `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} SET DEFAULT ${dc.default}`,
        rewritesRows: false,
        severity: "medium",
      });
    }
    const pending = dc.notNull && !lc.notNull ? pendingNotNull(l, dc.name) : undefined;
    if (pending) {
      out.push({
        ...base,
        object,
        kind: "validation",
        state: "different",
        declared: "NOT NULL",
        live: `nullable, with ${pending.name} CHECK (${dc.name} IS NOT NULL) NOT VALID`,
        fix:
          `ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(pending.name)}; ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} SET NOT NULL; ALTER TABLE ${t} DROP CONSTRAINT ${ident(pending.name)} ` +
          `(the NOT NULL waits, NOT VALID, for the rows that hold NULL there: fill them, then run up, which validates it)`,
        rewritesRows: false,
        severity: "medium",
        name: pending.name,
        detail: "not null",
      });
    } else if (dc.notNull !== lc.notNull) {
      out.push({
        ...base,
        object,
        kind: "not null",
        state: dc.notNull ? "missing" : "different",
        declared: dc.notNull ? "NOT NULL" : "nullable",
        live: lc.notNull ? "NOT NULL" : "nullable",
        fix: dc.notNull
          ? `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} SET NOT NULL (refused by PostgreSQL while a row holds NULL there: fill those rows first)`
          : `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} DROP NOT NULL`,
        rewritesRows: false,
        severity: "medium",
      });
    }
    if (dc.generated !== lc.generated) {
      out.push({
        ...base,
        object,
        kind: "generated",
        state: "different",
        declared: dc.generated ?? "not generated",
        live: lc.generated ?? "not generated",
        fix: `only a person can decide: a generated column's expression cannot be changed in place; drop the column and add it as declared (${columnDefinition(dc)}), which rewrites the table`,
        rewritesRows: true,
        severity: "high",
      });
    }
    if (dc.identity !== lc.identity) {
      out.push({
        ...base,
        object,
        kind: "identity",
        state: "different",
        declared: dc.identity ?? "not an identity",
        live: lc.identity ?? "not an identity",
        fix:
          dc.identity === null
            ? `ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} DROP IDENTITY`
            : `only a person can decide: ALTER TABLE ${t} ALTER COLUMN ${ident(dc.name)} ${lc.identity ? `SET GENERATED ${dc.identity.toUpperCase()}` : `ADD GENERATED ${dc.identity.toUpperCase()} AS IDENTITY`}, then move its sequence past the highest value (setval)`,
        rewritesRows: false,
        severity: "medium",
      });
    }
  }
  for (const lc of l.columns) {
    if (!d.columns.some((c) => c.name === lc.name)) {
      out.push({
        object: dotted(d.schema, d.name, lc.name),
        kind: "column",
        state: "extra",
        live: columnDefinition(lc),
        fix: `not declared by the module's files: put it in a migration file, or drop it yourself once its data is not needed (supastack never drops it)`,
        rewritesRows: false,
        severity: "low",
        schema: d.schema,
        table: d.name,
        name: lc.name,
      });
    }
  }
}

/** Pure: the name of the NOT VALID `CHECK (col IS NOT NULL)` that stands for a NOT NULL rows still break (repair.ts adds it). */
export function pendingNotNullName(table: string, column: string): string {
  return `${table}_${column}_not_null_check`.slice(0, 63);
}

/** Pure: the live NOT VALID `CHECK (col IS NOT NULL)` standing for a declared NOT NULL, if there is one. */
function pendingNotNull(l: TableShape, column: string): ConstraintShape | undefined {
  const wanted = [`CHECK ((${column} IS NOT NULL))`, `CHECK ((${ident(column)} IS NOT NULL))`];
  return l.constraints.find((k) => k.kind === "check" && !k.validated && wanted.includes(k.definition));
}

function constraintFix(t: string, k: ConstraintShape): string {
  const add = `ALTER TABLE ${t} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`;
  return k.kind === "check" || k.kind === "foreign key" ? `${add} NOT VALID; ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(k.name)}` : add;
}

function diffConstraints(out: ShapeFinding[], d: TableShape, l: TableShape): void {
  const t = tableName(d);
  for (const dk of d.constraints) {
    const lk = l.constraints.find((k) => k.name === dk.name);
    const base = { object: dotted(d.schema, d.name, dk.name), schema: d.schema, table: d.name, name: dk.name, detail: dk.kind, rewritesRows: false };
    if (!lk) {
      out.push({ ...base, kind: "constraint", state: "missing", declared: dk.definition, fix: constraintFix(t, dk), severity: dk.kind === "foreign key" || dk.kind === "check" ? "high" : "medium" });
    } else if (canonicalDefinition(lk.definition) !== canonicalDefinition(dk.definition) || lk.kind !== dk.kind) {
      out.push({
        ...base,
        kind: "constraint",
        state: "different",
        declared: dk.definition,
        live: lk.definition,
        fix: `ALTER TABLE ${t} DROP CONSTRAINT ${ident(dk.name)}; ${constraintFix(t, dk)}`,
        severity: "high",
      });
    } else if (dk.validated && !lk.validated) {
      out.push({
        ...base,
        kind: "validation",
        state: "different",
        declared: "validated",
        live: "NOT VALID",
        fix: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${ident(dk.name)} (the constraint is NOT VALID: rows written before it was added are not checked; fix the rows that break it, then validate)`,
        severity: "medium",
      });
    }
  }
  // A NOT VALID CHECK standing for a declared NOT NULL is reported with that column (diffColumns).
  const standsFor = new Set(d.columns.filter((c) => c.notNull && l.columns.some((lc) => lc.name === c.name && !lc.notNull)).map((c) => pendingNotNull(l, c.name)?.name));
  for (const lk of l.constraints) {
    if (!d.constraints.some((k) => k.name === lk.name) && !standsFor.has(lk.name)) {
      out.push({
        object: dotted(d.schema, d.name, lk.name),
        kind: "constraint",
        state: "extra",
        live: `${lk.definition}${lk.validated ? "" : " NOT VALID"}`,
        fix: `not declared by the module's files: put it in a migration file, or ALTER TABLE ${t} DROP CONSTRAINT ${ident(lk.name)} yourself (supastack never drops it)`,
        rewritesRows: false,
        severity: "low",
        schema: d.schema,
        table: d.name,
        name: lk.name,
      });
    }
  }
}

function diffNamed<T extends { name: string; definition: string }>(
  out: ShapeFinding[],
  kind: "index" | "trigger",
  d: TableShape,
  declared: readonly T[],
  live: readonly T[],
): void {
  const t = tableName(d);
  const drop = (name: string) => (kind === "index" ? `DROP INDEX ${qualified(d.schema, name)}` : `DROP TRIGGER ${ident(name)} ON ${t}`);
  for (const di of declared) {
    const li = live.find((x) => x.name === di.name);
    const base = { object: dotted(d.schema, d.name, di.name), kind, schema: d.schema, table: d.name, name: di.name, rewritesRows: false, severity: (kind === "trigger" ? "high" : "medium") as Severity };
    if (!li) out.push({ ...base, state: "missing", declared: di.definition, fix: di.definition });
    else if (li.definition !== di.definition) out.push({ ...base, state: "different", declared: di.definition, live: li.definition, fix: `${drop(di.name)}; ${di.definition}` });
  }
  for (const li of live) {
    if (!declared.some((x) => x.name === li.name)) {
      out.push({
        object: dotted(d.schema, d.name, li.name),
        kind,
        state: "extra",
        live: li.definition,
        fix: `not declared by the module's files: put it in a migration file, or ${drop(li.name)} yourself (supastack never drops it)`,
        rewritesRows: false,
        severity: "low",
        schema: d.schema,
        table: d.name,
        name: li.name,
      });
    }
  }
}

const ENABLE_WORDS: Record<string, string> = { O: "ENABLE TRIGGER", D: "DISABLE TRIGGER", R: "ENABLE REPLICA TRIGGER", A: "ENABLE ALWAYS TRIGGER" };

function diffTriggerEnabled(out: ShapeFinding[], d: TableShape, l: TableShape): void {
  for (const dt of d.triggers) {
    const lt = l.triggers.find((x) => x.name === dt.name);
    if (lt && lt.definition === dt.definition && lt.enabled !== dt.enabled) {
      out.push({
        object: dotted(d.schema, d.name, dt.name),
        kind: "trigger enabled",
        state: "different",
        declared: ENABLE_WORDS[dt.enabled],
        live: ENABLE_WORDS[lt.enabled],
        fix: `ALTER TABLE ${tableName(d)} ${ENABLE_WORDS[dt.enabled]} ${ident(dt.name)}`,
        rewritesRows: false,
        severity: "high",
        schema: d.schema,
        table: d.name,
        name: dt.name,
        detail: dt.enabled,
      });
    }
  }
}

function diffEnums(out: ShapeFinding[], declared: readonly EnumShape[], live: readonly EnumShape[], moved: Map<string, string>): void {
  for (const de of declared) {
    const le = live.find((e) => e.name === de.name);
    const object = dotted(de.schema, de.name);
    const base = { object, schema: de.schema, name: de.name, detail: JSON.stringify(de.labels) };
    if (!le) {
      const elsewhere = [...moved.entries()].find(([, to]) => to === object)?.[0];
      if (elsewhere) {
        const [schema, ...rest] = elsewhere.split(".");
        out.push({
          ...base,
          kind: "type schema",
          state: "different",
          declared: object,
          live: elsewhere,
          // SET SCHEMA changes the type's namespace only: no row is read or written, and whatever
          // else uses the type keeps using it (it follows the type's oid, not its name).
          fix: `ALTER TYPE ${qualified(schema!, rest.join("."))} SET SCHEMA ${ident(de.schema)} (the module's columns use it from ${schema} now; moving it back changes no row)`,
          rewritesRows: false,
          severity: "high",
        });
      } else {
        out.push({
          ...base,
          kind: "enum",
          state: "missing",
          declared: de.labels.join(", "),
          fix: `CREATE TYPE ${qualified(de.schema, de.name)} AS ENUM (${de.labels.map(literal).join(", ")})`,
          rewritesRows: false,
          severity: "high",
        });
      }
      continue;
    }
    const missing = de.labels.filter((x) => !le.labels.includes(x));
    const keptOrder = de.labels.filter((x) => le.labels.includes(x)).join("\n") === le.labels.filter((x) => de.labels.includes(x)).join("\n");
    for (const label of missing) {
      // Added in declared order, so the label before it is there by then (live, or added just before).
      const i = de.labels.indexOf(label);
      const before = de.labels.slice(i + 1).find((x) => le.labels.includes(x));
      const place = i > 0 ? ` AFTER ${literal(de.labels[i - 1]!)}` : before !== undefined ? ` BEFORE ${literal(before)}` : "";
      out.push({
        ...base,
        object: `${object}.${label}`,
        kind: "enum label",
        state: "missing",
        declared: label,
        fix: `ALTER TYPE ${qualified(de.schema, de.name)} ADD VALUE IF NOT EXISTS ${literal(label)}${place}`,
        rewritesRows: false,
        severity: "medium",
      });
    }
    const extra = le.labels.filter((x) => !de.labels.includes(x));
    if (extra.length > 0 || !keptOrder) {
      out.push({
        ...base,
        kind: "enum label",
        state: extra.length > 0 ? "extra" : "different",
        declared: de.labels.join(", "),
        live: le.labels.join(", "),
        fix: `only a person can decide: PostgreSQL cannot remove or reorder an enum's labels in place; declare ${extra.length > 0 ? `the labels ${extra.join(", ")}` : "this order"} in a migration file, or recreate the type once no row uses them`,
        rewritesRows: false,
        severity: "low",
      });
    }
  }
}

const signature = (f: Pick<FunctionShape, "schema" | "name" | "args">) => `${f.schema}.${f.name}(${f.args})`;

function diffFunctions(out: ShapeFinding[], declared: readonly FunctionShape[], live: readonly FunctionShape[]): void {
  for (const df of declared) {
    const lf = live.find((f) => f.name === df.name && f.args === df.args);
    const base = { object: signature(df), kind: "function" as const, schema: df.schema, name: df.name, detail: df.args, rewritesRows: false };
    if (!lf) {
      out.push({ ...base, state: "missing", declared: signature(df), fix: df.definition, severity: "high" });
      continue;
    }
    const differences: string[] = [];
    if (lf.definitionHash !== df.definitionHash) differences.push("its body or result");
    if (lf.securityDefiner !== df.securityDefiner) differences.push(df.securityDefiner ? "SECURITY DEFINER (live: INVOKER)" : "SECURITY INVOKER (live: DEFINER)");
    if (lf.searchPath !== df.searchPath) differences.push(`search_path ${df.searchPath ?? "not set"} (live: ${lf.searchPath ?? "not set"})`);
    if (differences.length > 0) {
      out.push({ ...base, state: "different", declared: differences.join(", "), live: "as changed by hand", fix: df.definition, severity: "high" });
    } else if (df.securityDefiner && lf.owner !== df.owner) {
      out.push({
        ...base,
        kind: "function owner",
        state: "different",
        declared: df.owner,
        live: lf.owner,
        fix: `a SECURITY DEFINER function runs with its owner's rights: if ${lf.owner} is not meant to, ALTER FUNCTION ${qualified(df.schema, df.name)}(${df.args}) OWNER TO ${ident(df.owner)} (a person decides: verify may run as another role than up)`,
        severity: "medium",
      });
    }
  }
}

/** Pure: types the live columns use from another schema than the declared one, `other.t` -> `jobs.t`. */
function movedTypes(declared: Shape, live: Shape): Map<string, string> {
  const moved = new Map<string, string>();
  const liveEnums = new Set(live.enums.map((e) => e.name));
  for (const d of declared.tables) {
    const l = live.tables.find((t) => t.name === d.name);
    for (const dc of d.columns) {
      const lc = l?.columns.find((c) => c.name === dc.name);
      const dt = typeSchema(dc.type);
      const lt = lc ? typeSchema(lc.type) : undefined;
      if (dt && lt && dt.name === lt.name && dt.schema !== lt.schema && !liveEnums.has(dt.name)) moved.set(`${lt.schema}.${lt.name}`, `${dt.schema}.${dt.name}`);
    }
  }
  return moved;
}

/** Pure: what differs between the declared and the live shape of one module, declared order. */
export function diffShape(declared: Shape, live: Shape): ShapeFinding[] {
  const out: ShapeFinding[] = [];
  const moved = movedTypes(declared, live);
  diffEnums(out, declared.enums, live.enums, moved);
  for (const d of declared.tables) {
    const l = live.tables.find((t) => t.name === d.name);
    if (!l) {
      out.push({
        object: dotted(d.schema, d.name),
        kind: "table",
        state: "missing",
        declared: tableName(d),
        fix: `supastack up runs the migration file that creates it again (it is re-runnable); its rows are gone unless restored from a backup`,
        rewritesRows: false,
        severity: "high",
        schema: d.schema,
        table: d.name,
        name: d.name,
      });
      continue;
    }
    diffColumns(out, d, l, moved);
    diffConstraints(out, d, l);
    diffNamed(out, "index", d, d.indexes, l.indexes);
    diffNamed(out, "trigger", d, d.triggers, l.triggers);
    diffTriggerEnabled(out, d, l);
  }
  diffFunctions(out, declared.functions, live.functions);
  return out;
}
