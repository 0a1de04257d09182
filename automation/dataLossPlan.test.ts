import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { dataBearingInState, dataBearingSteps, formatDataLoss, formatResetLoss, rowsAtStake } from "./dataLossPlan";

const urn = (type: string, name: string) => `urn:pulumi:staging::supastack::supastack:index:DomainModule$pulumi-nodejs:dynamic/postgres:${type}::${name}`;
const pre = (op: string, type: string, name: string, inputs: Record<string, unknown> = { protectRows: true }): EngineEvent =>
  ({
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: { metadata: { op, urn: urn(type, name), type: `pulumi-nodejs:dynamic/postgres:${type}`, provider: "", old: { type, urn: urn(type, name), id: name, parent: "", inputs, outputs: {}, provider: "" } } },
  }) as unknown as EngineEvent;

describe("the steps of a plan that would drop rows", () => {
  it("are the protected schemas, migrations and databases it deletes or replaces, once each", () => {
    const steps = dataBearingSteps([
      pre("same", "Schema", "voice-schema"),
      pre("delete", "Grant", "jobs-schema-usage-anon"),
      pre("delete", "Migration", "jobs-migrations"),
      pre("delete", "Schema", "jobs-schema"),
      pre("delete-replaced", "Migration", "support-migrations"),
      pre("replace", "Migration", "support-migrations"),
      pre("delete", "Schema", "dev-schema", { protectRows: false }),
      pre("delete", "Database", "database", {}),
    ]);
    expect(steps.map((s) => `${s.op} ${s.kind} ${s.urn.split("::").pop()}`)).toEqual([
      "delete Migration jobs-migrations",
      "delete Schema jobs-schema",
      "replace Migration support-migrations",
      // A state written before protectRows existed protects its rows, as the providers do.
      "delete Database database",
    ]);
  });

  it("of a destroy are every protected data-bearing resource of the state", () => {
    const state = [
      { urn: urn("Schema", "jobs-schema"), type: "pulumi-nodejs:dynamic/postgres:Schema", inputs: { protectRows: true } },
      { urn: urn("Grant", "g"), type: "pulumi-nodejs:dynamic/postgres:Grant", inputs: {} },
      { urn: urn("Schema", "dev-schema"), type: "pulumi-nodejs:dynamic/postgres:Schema", inputs: { protectRows: false } },
    ];
    expect(dataBearingInState(state)).toEqual([{ urn: urn("Schema", "jobs-schema"), kind: "Schema", op: "delete" }]);
  });

  it("count each table once, and only tables holding rows (an empty module needs no flag)", () => {
    const jobs = { schema: "jobs", table: "jobs", rows: 196, atLeast: false };
    const empty = { schema: "jobs", table: "notes", rows: 0, atLeast: false };
    expect(rowsAtStake([[jobs, empty], [jobs]])).toEqual([jobs]);
    expect(rowsAtStake([[empty]])).toEqual([]);
  });

  it("are refused with every table and the command that allows it", () => {
    const refusal = { steps: [{ urn: urn("Schema", "jobs-schema"), kind: "Schema" as const, op: "delete" as const }], counts: [{ schema: "jobs", table: "jobs", rows: 196, atLeast: false }] };
    expect(formatDataLoss("destroy", "staging", refusal, false)).toBe(
      [
        "destroy of stack staging would drop rows, and the stack keeps its rows unless told otherwise, so nothing was changed:",
        "  jobs-schema (Schema): deleted",
        "  rows it would drop:",
        "    jobs.jobs: 196 rows",
        "to drop them: supastack destroy -s staging --allow-data-loss   (with pulumi itself: SUPASTACK_ALLOW_DATA_LOSS=1 pulumi destroy -s staging)",
      ].join("\n"),
    );
    expect(formatDataLoss("up", "staging", refusal, true)).toMatch(/^up of stack staging drops these rows \(--allow-data-loss\):\n/);
  });
});

describe("the refusal of seed --reset", () => {
  const counts = [
    { schema: "jobs", table: "jobs", rows: 196, atLeast: false },
    { schema: "auth", table: "users", rows: 1, atLeast: false },
    { schema: "contact_center", table: "call_events", rows: 1_000_000, atLeast: true },
  ];
  it("names the target, every table and its rows, and the command that allows it", () => {
    expect(formatResetLoss("stack staging", counts, false, "supastack seed --reset -s staging --allow-data-loss").split("\n")).toEqual([
      "seed --reset of stack staging would delete rows, and the stack keeps its rows unless told otherwise, so nothing was changed:",
      "  rows it would delete:",
      "    jobs.jobs: 196 rows",
      "    auth.users: 1 row",
      "    contact_center.call_events: more than 1,000,000 rows",
      "to delete them: supastack seed --reset -s staging --allow-data-loss",
    ]);
    expect(formatResetLoss("--database-url", counts.slice(0, 1), false, "the same command with --allow-data-loss")).toMatch(
      /^seed --reset of --database-url would delete rows, and a database not of the local dev stack keeps its rows unless told otherwise, so nothing was changed:\n/,
    );
  });
  it("lists them before deleting with --allow-data-loss", () => {
    expect(formatResetLoss("stack prod", counts.slice(0, 2), true, "x").split("\n")).toEqual([
      "seed --reset of stack prod deletes these rows (--allow-data-loss):",
      "    jobs.jobs: 196 rows",
      "    auth.users: 1 row",
    ]);
  });
});
