// Where a command that talks to a database points: an explicit --database-url, or a stack's
// `databaseUrl` output (the dev stack by default, as `npm start` leaves it).
import type { SupastackModule } from "../modules/define";
import { modulesOfStack } from "../modules/catalog";
import { stackOutputs } from "../automation/stacks";

export interface TargetOptions {
  databaseUrl?: string;
  stack?: string;
}

export interface Target {
  url: string;
  /** How the target was named, safe to print. */
  label: string;
  /** A stack's modules, in the schemas it placed them in (none for --database-url). */
  modules?: SupastackModule[];
}

export async function resolveTarget(options: TargetOptions): Promise<Target> {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error("--database-url must be a postgres:// or postgresql:// URL");
    }
    return { url: options.databaseUrl, label: "--database-url" };
  }
  const stack = options.stack ?? "dev";
  let outputs: Record<string, unknown>;
  try {
    outputs = await stackOutputs(stack);
  } catch (error) {
    throw new Error(`cannot read the outputs of stack ${stack} (${(error as Error).message.split("\n")[0]}); run 'npm start' or pass --database-url`);
  }
  const url = outputs.databaseUrl;
  if (typeof url !== "string") throw new Error(`stack ${stack} has no databaseUrl output; run 'supastack up --stack ${stack}' first`);
  return { url, label: `stack ${stack}`, modules: modulesOfStack(outputs) };
}
