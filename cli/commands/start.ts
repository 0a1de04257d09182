// `supastack start` (what `npm start` runs): the local database, the dev stack applied to it, and
// realistic data in it, in one command.
import { Command } from "commander";
import { seedDatabase } from "../../seeds/api";
import { startLocal } from "../../stacks/local/instance";
import { seconds } from "../output";
import { rebuildHint } from "../rebuild-hint";
import { defaultPort } from "./local";
import { formatSeedSummary } from "./seed";
import { formatUpSummary, upStack } from "./stack";

export function startCommand(): Command {
  return new Command("start")
    .description("start the local database, apply the dev stack to it and seed it (dev profile)")
    .action(async () => {
      const t0 = Date.now();
      const local = await startLocal({ port: defaultPort() });
      console.log(`local database ${local.started ? "started" : "already running"} on 127.0.0.1:${local.instance.port}`);
      const up = await upStack("dev", { create: true }).catch((error: unknown) => {
        const hint = rebuildHint(error instanceof Error ? error.message : String(error), "dev");
        throw hint ? new Error(hint) : error;
      });
      console.log(formatUpSummary(up));
      if (up.databaseUrl) {
        // The dev data is rebuilt each time, so it is always the dev profile's, seed 1.
        const seeded = await seedDatabase({ url: up.databaseUrl, profile: "dev", seed: 1, reset: true });
        console.log(`seeded (profile dev, seed 1):\n${formatSeedSummary(seeded)}`);
      }
      console.log(`ready in ${seconds(Date.now() - t0)}; connect with: supastack local url`);
    });
}
