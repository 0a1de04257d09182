// Which stacks keep their rows unless told otherwise: every stack but the local dev one (the
// developer's own database on this machine, rebuilt by `npm start`) and ephemeral stacks (which own
// the database they created and drop it when done). The program passes the answer to the resources
// that could drop rows (protectRows, providers/postgres/dataLoss.ts); `supastack up|preview|destroy`
// use it to decide whether to look at a plan's row counts before anything changes (dataLossGuard.ts).
import yaml from "js-yaml";

export interface StackClass {
  target: string;
  ephemeral: boolean;
}

/** Pure: true when the stack keeps its rows unless a run allows dropping them. */
export function stackProtectsRows(stack: string, config: StackClass): boolean {
  if (config.ephemeral) return false;
  return !(stack === "dev" && config.target === "local");
}

/** Pure: the class of a stack from its Pulumi.<stack>.yaml text (target local and not ephemeral when unset). */
export function stackClassOf(stackFile: string | undefined): StackClass {
  const config = (stackFile ? (yaml.load(stackFile) as { config?: Record<string, unknown> } | null)?.config : undefined) ?? {};
  const target = config["supastack:target"];
  return { target: typeof target === "string" ? target : "local", ephemeral: String(config["supastack:ephemeral"]) === "true" };
}
