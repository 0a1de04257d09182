// The shape a Migration's files declare, kept in its state so `refresh` sees a table's shape drift
// (issue 23 item 3) and `up` restores it without touching rows:
//   - create and update read the declared shape (the files applied in a scratch schema that is
//     rolled back: tableshape/declared.ts) and keep it, without the functions' full text (their
//     hash is what is compared; the text is the files');
//   - read (refresh) diffs it against the live catalog and records what `up` would act on as
//     `shapeDrift`, each entry naming the object, what differs and the fix;
//   - update restores the declaration from the files (tableshape/repair.ts): in one transaction,
//     with the file timeouts; a CHECK or foreign key comes back NOT VALID, then is validated where
//     the rows allow; what would rewrite rows (a column's type) is refused at preview and at apply
//     unless the run allows data loss; what only a person decides (an extra index made by hand)
//     and a constraint left NOT VALID because rows break it are verify's findings, not drift, so a
//     stack whose rows still break a constraint can converge.
import type { Client } from "pg";
import type { Failure } from "./provider";
import { lockedTransaction, setLocalTimeouts } from "./provider";
import { ALLOW_HINT, dataLossAllowed } from "./dataLoss";
import {
  applyRepairs,
  declaredNames,
  declaredShape,
  describeFinding,
  diffShape,
  isManual,
  planRepairs,
  type RepairOutcome,
  readShape,
  type Shape,
  type ShapeFinding,
} from "./tableshape";
import type { MigrationInputs } from "./shapes/migration";

/** One difference `up` acts on, as the state keeps it. */
export interface ShapeDrift {
  object: string;
  /** What differs, in words. */
  problem: string;
  fix: string;
  /** Restoring it rewrites rows: refused unless the run allows data loss. */
  rewritesRows: boolean;
}

/** Pure: the declared shape as the state keeps it (function text left out, its hash kept). */
export function compactShape(shape: Shape): Shape {
  return { ...shape, functions: shape.functions.map((f) => ({ ...f, definition: "" })) };
}

/** Pure: whether up acts on a finding (not extra or manual, not a NOT VALID constraint left for its rows). */
export function isDrift(f: ShapeFinding): boolean {
  return !isManual(f) && f.kind !== "validation";
}

/** Pure: the findings up acts on, as the state keeps them. */
export function shapeDrift(declared: Shape, live: Shape): ShapeDrift[] {
  return driftOf(diffShape(declared, live));
}

/** Pure: of `findings`, those up acts on, as the state keeps them. */
function driftOf(findings: readonly ShapeFinding[]): ShapeDrift[] {
  return findings
    .filter(isDrift)
    .map((f) => ({ object: f.object, problem: describeFinding(f), fix: f.fix || "up replaces it from the module's files", rewritesRows: f.rewritesRows }));
}

/** Pure: preview-time refusals of recorded drift whose restoring would rewrite rows. */
export function driftRefusals(directory: string, drift: readonly ShapeDrift[] | undefined, allowed = dataLossAllowed()): Failure[] {
  if (allowed) return [];
  return (drift ?? [])
    .filter((d) => d.rewritesRows)
    .map((d) => ({
      property: "shapeDrift",
      reason: `${d.problem}: restoring the declaration of ${directory} (${d.fix}) rewrites its rows; ${ALLOW_HINT}, or change it back by hand`,
    }));
}

/** How the files run: migration.ts's search_path for a schema, and the inputs' timeouts. */
export type SearchPath = (schema: string) => string;

function options(m: MigrationInputs, searchPath: SearchPath) {
  return { searchPath, directory: m.directory, lockTimeout: m.lockTimeout, statementTimeout: m.statementTimeout };
}

/** The declared shape of the inputs' files and the live one for its names. The client must not be in a transaction. */
export async function declaredAndLive(client: Client, m: MigrationInputs, searchPath: SearchPath): Promise<{ declared: Shape; live: Shape }> {
  const declared = await declaredShape(client, m.schema, m.files, options(m, searchPath));
  return { declared, live: await readShape(client, m.schema, declaredNames(declared)) };
}

/** The drift of the live database against a kept declared shape (refresh). */
export async function liveDrift(client: Client, schema: string, declared: Shape): Promise<ShapeDrift[]> {
  return shapeDrift(declared, await readShape(client, schema, declaredNames(declared)));
}

export interface ShapeRecord {
  shape: Shape;
  shapeDrift: ShapeDrift[];
  /** What the repair did (objects restored, steps PostgreSQL refused): for the run's log. */
  outcome?: RepairOutcome;
}

/**
 * Restores the declared shape where it drifted (create, update), in one transaction with the files'
 * timeouts, and returns what to keep; `only` limits the repair to findings of those kinds. Refuses, changing nothing, when restoring would rewrite rows
 * and neither the resource (protectRows false) nor the run allows it.
 */
export async function restoreShape(client: Client, m: MigrationInputs, searchPath: SearchPath, only?: readonly ShapeFinding["kind"][]): Promise<ShapeRecord> {
  const { declared, live } = await declaredAndLive(client, m, searchPath);
  const all = diffShape(declared, live);
  const findings = all.filter((f) => only === undefined || only.includes(f.kind));
  if (!findings.some(isDrift)) return { shape: compactShape(declared), shapeDrift: driftOf(all) };
  const plan = planRepairs(findings, { allowDataLoss: m.protectRows === false || dataLossAllowed() });
  if (plan.refused.length > 0) {
    throw new Error(
      [
        `restoring the declared shape of ${m.directory} would rewrite rows, and this run does not allow it; nothing of the repair was applied:`,
        ...plan.refused.map((f) => `  ${describeFinding(f)}; fix: ${f.fix}`),
        ALLOW_HINT,
      ].join("\n"),
    );
  }
  const outcome = await lockedTransaction(client, async () => {
    await setLocalTimeouts(client, m);
    return applyRepairs(client, plan);
  });
  return { shape: compactShape(declared), shapeDrift: await liveDrift(client, m.schema, declared), outcome };
}
