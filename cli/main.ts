#!/usr/bin/env node
// The `supastack` command.
import "./preload";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { projectRoot } from "../local/paths";
import { engineFailure } from "../automation/engineErrors";
import { ephemeralCommand, gcCommand, outputsCommand } from "./commands/ephemeral";
import { localCommand } from "./commands/local";
import { seedCommand } from "./commands/seed";
import { stackCommands } from "./commands/stack";
import { startCommand } from "./commands/start";
import { typesCommand } from "./commands/types";
import { exportCommand } from "./commands/export";
import { adoptCommand } from "./commands/adopt";
import { verifyCommand } from "./commands/verify";

/** The installed package's version (package.json). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command("supastack")
    .description("Declare a Supabase environment with Pulumi and fill it with realistic, deterministic data")
    .version(packageVersion(), "-V, --version", "print the supastack version")
    .showHelpAfterError()
    .enablePositionalOptions();
  program.addCommand(startCommand());
  program.addCommand(localCommand());
  for (const c of stackCommands()) program.addCommand(c);
  program.addCommand(seedCommand());
  program.addCommand(verifyCommand());
  program.addCommand(typesCommand());
  program.addCommand(exportCommand());
  program.addCommand(adoptCommand());
  program.addCommand(ephemeralCommand());
  program.addCommand(gcCommand());
  program.addCommand(outputsCommand());
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      // The engine's failures carry its whole transcript; print their error lines.
      const text = error instanceof Error ? error.message : String(error);
      const message = /\bstderr:|\bstdout:/.test(text) ? engineFailure(error) : text;
      console.error(`supastack: ${message}`);
      process.exit(1);
    });
}
