// Row-level security policies the modules share: the signed-in user, and the set of policies that
// let the owner of a row (or whoever an expression names) do what a list of commands allows.
import type { ApiRole, Command, PolicySpec } from "./spec";

/** The signed-in user, evaluated once per statement rather than once per row. */
export const CALLER = "(SELECT auth.uid())";

/** A policy's name, or its name and expressions that replace the defaults. */
export type OwnRule = string | { name: string; using?: string; withCheck?: string };

/** Whether a command's policy filters the rows it reads (USING) and checks the rows it writes (WITH CHECK). */
const readsRows = (command: Command) => command !== "INSERT";
const writesRows = (command: Command) => command === "INSERT" || command === "UPDATE" || command === "ALL";

/**
 * One policy per command on `table` for the rows `own` selects, in the order given: USING `own`
 * where the command reads existing rows (all but INSERT), WITH CHECK `own` where it writes them
 * (INSERT, UPDATE, ALL); a rule may replace either expression.
 */
export function ownRows(table: string, own: string, rules: Partial<Record<Command, OwnRule>>, roles: ApiRole[] = ["authenticated"]): PolicySpec[] {
  return (Object.entries(rules) as [Command, OwnRule][]).map(([command, rule]) => {
    const { name, using, withCheck } = typeof rule === "string" ? { name: rule, using: undefined, withCheck: undefined } : rule;
    const policy: PolicySpec = { table, name, command, roles: [...roles] };
    const read = using ?? (readsRows(command) ? own : undefined);
    const write = withCheck ?? (writesRows(command) ? own : undefined);
    if (read !== undefined) policy.using = read;
    if (write !== undefined) policy.withCheck = write;
    return policy;
  });
}
