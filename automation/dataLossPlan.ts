// Pure: which steps of a plan would drop rows, read from the engine's preview events (up, preview)
// or from the stack's state (destroy deletes everything in it), and the refusal a person reads. The
// data-bearing kinds are the ones whose delete or replacement drops tables (Schema with CASCADE,
// Migration, Database, a Supabase Project the stack created; providers/postgres/dataLoss.ts); only
// those that protect their rows count
// (protectRows, off on the local dev stack and ephemeral stacks; a state written before it existed
// protects them, as the providers do).
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { ALLOW_DATA_LOSS_ENV } from "../providers/postgres/dataLoss";
import { describeRows, type RowCount } from "../providers/postgres/rows";

export const DATA_BEARING_TYPES = {
  "pulumi-nodejs:dynamic/postgres:Schema": "Schema",
  "pulumi-nodejs:dynamic/postgres:Migration": "Migration",
  "pulumi-nodejs:dynamic/postgres:Database": "Database",
  "pulumi-nodejs:dynamic/supabase:Project": "Project",
} as const;
export type DataBearingKind = (typeof DATA_BEARING_TYPES)[keyof typeof DATA_BEARING_TYPES];

/** A resource in the state, as the engine exports it (inputs and outputs as plain values). */
export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** A step that would drop whatever rows the resource's tables hold. */
export interface DataBearingStep {
  urn: string;
  kind: DataBearingKind;
  op: "delete" | "replace";
}

function kindOf(type: string): DataBearingKind | undefined {
  return (DATA_BEARING_TYPES as Record<string, DataBearingKind>)[type];
}

/** Protected, and really dropping something (an adopted Supabase project is left in place by its delete). */
function protects(inputs: Record<string, unknown> | undefined, outputs?: Record<string, unknown>): boolean {
  return inputs?.protectRows !== false && outputs?.adopted !== true;
}

/** The protected data-bearing resources a preview would delete or replace, once each, in the plan's order. */
export function dataBearingSteps(events: readonly EngineEvent[]): DataBearingStep[] {
  const out = new Map<string, DataBearingStep>();
  for (const event of events) {
    const m = event.resourcePreEvent?.metadata;
    if (!m) continue;
    const kind = kindOf(m.type);
    const op = m.op === "delete" ? "delete" : m.op === "replace" || m.op === "delete-replaced" ? "replace" : undefined;
    if (!kind || !op || !m.old || !protects(m.old.inputs, m.old.outputs)) continue;
    if (!out.has(m.urn) || op === "replace") out.set(m.urn, { urn: m.urn, kind, op });
  }
  return [...out.values()];
}

/** Every protected data-bearing resource of a state: what a destroy would delete. */
export function dataBearingInState(resources: readonly StateResource[]): DataBearingStep[] {
  return resources.flatMap((r) => {
    const kind = kindOf(r.type);
    return kind && protects(r.inputs, r.outputs) ? [{ urn: r.urn, kind, op: "delete" as const }] : [];
  });
}

/** Pure: `jobs-schema (Schema)` from a URN. */
export function resourceName(step: Pick<DataBearingStep, "urn" | "kind">): string {
  return `${step.urn.split("::").pop() ?? step.urn} (${step.kind})`;
}

export interface Refusal {
  steps: DataBearingStep[];
  /** The rows the steps would drop, each table once. */
  counts: RowCount[];
}

/** Pure: the union of each step's tables with their rows, each table once, those holding rows only. */
export function rowsAtStake(perStep: readonly RowCount[][]): RowCount[] {
  const seen = new Map<string, RowCount>();
  for (const counts of perStep) for (const c of counts) if (c.rows > 0 && !seen.has(`${c.schema}.${c.table}`)) seen.set(`${c.schema}.${c.table}`, c);
  return [...seen.values()];
}

/** Pure: what `supastack <command>` prints when it refuses (nothing changed), or lists before dropping with --allow-data-loss. */
export function formatDataLoss(command: "up" | "preview" | "destroy", stack: string, r: Refusal, allowed: boolean): string {
  const steps = r.steps.map((s) => `  ${resourceName(s)}: ${s.op === "delete" ? "deleted" : "replaced (dropped and created again, empty)"}`);
  const rows = r.counts.map((c) => `    ${describeRows(c)}`);
  if (allowed) return [`${command} of stack ${stack} drops these rows (--allow-data-loss):`, ...steps, "  rows:", ...rows].join("\n");
  return [
    `${command} of stack ${stack} would drop rows, and the stack keeps its rows unless told otherwise, so nothing was changed:`,
    ...steps,
    "  rows it would drop:",
    ...rows,
    `to drop them: supastack ${command} -s ${stack} --allow-data-loss   (with pulumi itself: ${ALLOW_DATA_LOSS_ENV}=1 pulumi ${command === "preview" ? "up" : command} -s ${stack})`,
  ].join("\n");
}

/**
 * Pure: what `supastack seed --reset` prints on a database that keeps its rows (`target`: "stack
 * staging", "--database-url"): the refusal (nothing changed) with every table it would empty and
 * the rerun that allows it, or with --allow-data-loss the list before it deletes them. `rerun` is
 * the command to allow it, without secrets (never the URL).
 */
export function formatResetLoss(target: string, counts: readonly RowCount[], allowed: boolean, rerun: string): string {
  const rows = counts.map((c) => `    ${describeRows(c)}`);
  if (allowed) return [`seed --reset of ${target} deletes these rows (--allow-data-loss):`, ...rows].join("\n");
  return [
    `seed --reset of ${target} would delete rows, and ${target.startsWith("stack ") ? "the stack keeps" : "a database not of the local dev stack keeps"} its rows unless told otherwise, so nothing was changed:`,
    "  rows it would delete:",
    ...rows,
    `to delete them: ${rerun}`,
  ].join("\n");
}
