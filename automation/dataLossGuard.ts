// The part of the data-loss guard that talks to the engine and the database: the plan (a preview's
// events, or for destroy the state itself) -> the protected data-bearing resources it would delete
// or replace (dataLossPlan.ts) -> the tables each holds, found from its state (its connection, read
// with `pulumi stack export --show-secrets` into memory only) -> their rows (rows.ts countRows).
// `supastack up|preview|destroy` run it before the engine changes anything, on stacks that keep their
// rows (program/protection.ts), and refuse with every table and its rows unless --allow-data-loss.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { EngineEvent, LocalWorkspace, PreviewResult, Stack } from "@pulumi/pulumi/automation";
import { withClient } from "../providers/postgres/client";
import { allTables } from "../providers/postgres/dataLoss";
import { countRows, type RowCount, type TableRef, tablesIn } from "../providers/postgres/rows";
import { withDatabase } from "../providers/postgres/url";
import { type DataBearingStep, dataBearingInState, dataBearingSteps, type Refusal, rowsAtStake, type StateResource } from "./dataLossPlan";

/** A value of an export made with --show-secrets: secrets come as `{<sig>: ..., plaintext: "<json>"}`. */
function plain(value: unknown): unknown {
  if (value && typeof value === "object" && typeof (value as { plaintext?: unknown }).plaintext === "string") {
    return JSON.parse((value as { plaintext: string }).plaintext);
  }
  return value;
}

/** The stack's resources with their secrets in the clear, in this process's memory only. */
export async function stateWithSecrets(stack: Stack): Promise<StateResource[]> {
  const ws = stack.workspace as LocalWorkspace;
  const { stdout } = await promisify(execFile)(ws.pulumiCommand.command, ["stack", "export", "--show-secrets", "--stack", stack.name, "--non-interactive"], {
    cwd: ws.workDir,
    env: { ...process.env, ...ws.envVars },
    maxBuffer: 512 * 1024 * 1024,
  });
  const deployment = (JSON.parse(stdout) as { deployment?: { resources?: StateResource[] } }).deployment;
  return (deployment?.resources ?? []).map((r) => ({
    ...r,
    inputs: Object.fromEntries(Object.entries(r.inputs ?? {}).map(([k, v]) => [k, plain(v)])),
    outputs: Object.fromEntries(Object.entries(r.outputs ?? {}).map(([k, v]) => [k, plain(v)])),
  }));
}

/** The tables a data-bearing resource would take with it, as they are now. */
async function tablesOf(step: DataBearingStep, resource: StateResource, client: Parameters<typeof tablesIn>[0]): Promise<TableRef[]> {
  const state = { ...resource.inputs, ...resource.outputs } as Record<string, unknown>;
  switch (step.kind) {
    case "Schema":
      return state.dropCascade ? tablesIn(client, [String(state.name)]) : [];
    case "Migration": {
      const created = ((state.applied ?? []) as { objects?: { kind: string; schema: string; name: string }[] }[]).flatMap((f) => (f.objects ?? []).filter((o) => o.kind === "table"));
      const present = new Set((await tablesIn(client, [...new Set(created.map((o) => o.schema))])).map((t) => `${t.schema}.${t.table}`));
      return created.filter((o) => present.has(`${o.schema}.${o.name}`)).map((o) => ({ schema: o.schema, table: o.name }));
    }
    case "Database":
    case "Project":
      return allTables(client);
  }
}

/** The rows each step would drop (a database that is gone, or a state without a connection, holds none). */
export async function rowsAtRisk(steps: readonly DataBearingStep[], state: readonly StateResource[]): Promise<Refusal> {
  const perStep: RowCount[][] = [];
  for (const step of steps) {
    const resource = state.find((r) => r.urn === step.urn);
    // A project's database is reached through its session pooler (TLS verified with its CA).
    const connection = step.kind === "Project" ? resource?.outputs?.poolerSessionUrl : resource?.inputs?.connection;
    if (!resource || typeof connection !== "string") continue;
    const url = step.kind === "Database" ? withDatabase(connection, String(resource.outputs?.name ?? resource.inputs?.name)) : connection;
    perStep.push(
      await withClient(url, async (client) => countRows(client, await tablesOf(step, resource, client))).catch((error: { code?: string }) => {
        if (error.code === "3D000") return []; // the database is gone already
        throw error;
      }),
    );
  }
  return { steps: [...steps], counts: rowsAtStake(perStep) };
}

/** Runs the preview (its events are the plan) and finds what the plan would drop. */
export async function previewDataLoss(stack: Stack, options: { onOutput?: (s: string) => void; diff?: boolean } = {}): Promise<{ result: PreviewResult; refusal: Refusal }> {
  const events: EngineEvent[] = [];
  const result = await stack.preview({ ...options, onEvent: (e) => events.push(e) });
  const steps = dataBearingSteps(events);
  const refusal = steps.length === 0 ? { steps, counts: [] } : await rowsAtRisk(steps, await stateWithSecrets(stack));
  return { result, refusal };
}

/** What a destroy would drop: every protected data-bearing resource of the state. */
export async function destroyDataLoss(stack: Stack): Promise<Refusal> {
  const state = await stateWithSecrets(stack);
  const steps = dataBearingInState(state);
  return steps.length === 0 ? { steps, counts: [] } : rowsAtRisk(steps, state);
}
