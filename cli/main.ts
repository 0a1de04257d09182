#!/usr/bin/env node
// The `supastack` command.
import { Command } from "commander";
import { localCommand } from "./commands/local";
import { seedCommand } from "./commands/seed";
import { stackCommands } from "./commands/stack";
import { startCommand } from "./commands/start";

export function buildProgram(): Command {
  const program = new Command("supastack")
    .description("Declare a Supabase environment with Pulumi and fill it with realistic, deterministic data")
    .showHelpAfterError();
  program.addCommand(startCommand());
  program.addCommand(localCommand());
  for (const c of stackCommands()) program.addCommand(c);
  program.addCommand(seedCommand());
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`supastack: ${message}`);
      process.exit(1);
    });
}
