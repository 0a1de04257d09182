// Runs a repair plan (repair.ts) on a client already inside the caller's transaction: "apply" steps
// must succeed (an error aborts the caller's transaction, so nothing is half-applied), "try" steps
// run in a savepoint each and a refusal (rows in the way) is rolled back to it and reported.
import type { Queryable } from "../client";
import type { RepairPlan } from "./repair";

export interface RepairOutcome {
  /** Objects restored, in order. */
  restored: string[];
  /** Steps PostgreSQL refused, with what that means and its own message. */
  refused: { object: string; reason: string; error: string }[];
}

export async function applyRepairs(client: Queryable, plan: RepairPlan, progress: (line: string) => void = () => {}): Promise<RepairOutcome> {
  const outcome: RepairOutcome = { restored: [], refused: [] };
  for (const step of plan.steps) {
    if (step.mode === "apply") {
      for (const sql of step.statements) {
        try {
          await client.query(sql);
        } catch (error) {
          throw new Error(`restoring ${step.object} failed, nothing of the repair was applied: ${(error as Error).message}\n  statement: ${sql}`);
        }
      }
      outcome.restored.push(step.object);
      progress(`restored ${step.object}`);
      continue;
    }
    await client.query("SAVEPOINT supastack_repair");
    try {
      for (const sql of step.statements) await client.query(sql);
      await client.query("RELEASE SAVEPOINT supastack_repair");
      outcome.restored.push(step.object);
      progress(`restored ${step.object}`);
    } catch (error) {
      await client.query("ROLLBACK TO SAVEPOINT supastack_repair");
      for (const sql of step.fallback ?? []) await client.query(sql);
      outcome.refused.push({ object: step.object, reason: step.onRefusal ?? "not restored", error: (error as Error).message });
      progress(`${step.object}: ${step.onRefusal ?? "not restored"} (${(error as Error).message})`);
    }
  }
  return outcome;
}
