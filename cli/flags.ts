// Command-line flags defined once: the stack a command acts on, the module list that seed, ephemeral
// and verify take, and the wording of a bad flag (`--flag: what is wrong`).
import { Command } from "commander";
import { z } from "zod";
import { MODULE_NAMES, type ModuleName } from "../modules/catalog";

/** `--modules a,b`: known module names, at least one; the error names the flag and the unknown ones. */
export function parseModules(text: string, flag = "--modules"): ModuleName[] {
  const names = text.split(",").map((m) => m.trim()).filter(Boolean);
  const unknown = names.filter((m) => !(MODULE_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0) throw new Error(`${flag}: unknown module ${unknown.map((m) => `"${m}"`).join(", ")}; choose from ${MODULE_NAMES.join(", ")}`);
  if (names.length === 0) throw new Error(`${flag}: list at least one module, from ${MODULE_NAMES.join(", ")}`);
  return names as ModuleName[];
}

/** parseModules as a zod field, for commands that validate their flags with a schema. */
export const modulesFlag = z.string().transform((text, ctx): ModuleName[] => {
  try {
    return parseModules(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

/** The first problem of a flag schema as `--flag-name: message` (messages may name their flag already). */
export function flagError(error: z.ZodError): Error {
  const issue = error.issues[0];
  const flag = `--${String(issue?.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return new Error(issue?.message.startsWith("--") ? issue.message : `${flag}: ${issue?.message}`);
}

/** A command that acts on one stack: `-s, --stack <name>`, dev when not given. */
export function stackCommand(name: string, description: string): Command {
  return new Command(name).description(description).option("-s, --stack <name>", "stack name", "dev");
}
