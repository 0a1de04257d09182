// `supastack local start|stop|status|url`: the embedded PostgreSQL shaped like a Supabase project
// (docs/local-database.md). Its URL is postgres's, which is not a superuser, as on Supabase.
import { Command, InvalidArgumentError } from "commander";
import { clientUrl, DEFAULT_PORT, isRunning, OutdatedInstanceError, readInstance, startLocal, stopLocal } from "../../local/instance";
import { redactUrl } from "../../providers/postgres/client";

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new InvalidArgumentError("--port must be a whole number from 1024 to 65535");
  return port;
}

export function defaultPort(): number | undefined {
  const env = process.env.SUPASTACK_LOCAL_PORT;
  if (env === undefined) return undefined;
  try {
    return parsePort(env);
  } catch {
    throw new Error(`SUPASTACK_LOCAL_PORT must be a whole number from 1024 to 65535 (got ${JSON.stringify(env)})`);
  }
}

export function localCommand(): Command {
  const local = new Command("local").description("the embedded PostgreSQL 17 shaped like a Supabase project, which the dev stack uses");
  local
    .command("start")
    .description(`start it (initialising it the first time; default port ${DEFAULT_PORT}); harmless when running`)
    .option("--port <port>", "port on 127.0.0.1", parsePort)
    .action(async (opts: { port?: number }) => {
      const { instance, started, restarted } = await startLocal({ port: opts.port ?? defaultPort() });
      if (restarted) console.log(`restarted the running local database: ${restarted}`);
      console.log(`${started ? "started" : "already running"}: ${redactUrl(clientUrl(instance))} (postgres, not a superuser, as on Supabase)`);
    });
  local
    .command("stop")
    .description("stop it (the data stays)")
    .action(() => {
      console.log(stopLocal() ? "stopped" : "not running");
    });
  local
    .command("status")
    .description("running or not, and where")
    .action(() => {
      const instance = readInstance();
      if (!instance) {
        console.log("not initialised (supastack local start)");
        process.exitCode = 3;
        return;
      }
      const running = isRunning(instance);
      console.log(`${running ? "running" : "stopped"}: ${redactUrl(clientUrl(instance))} (data in ${instance.dataDir})`);
      if (!instance.adminPassword) {
        console.log(new OutdatedInstanceError(instance).message);
        process.exitCode = 1;
        return;
      }
      if (!running) process.exitCode = 3;
    });
  local
    .command("url")
    .description(
      "print the connection URL of postgres, the role to use, as on Supabase (with its password: for scripts); " +
        "over TLS verified with the local CA (sslmode=verify-full, sslrootcert), which psql, pg and the Supabase CLI read from the URL",
    )
    .option("--database <name>", "database name", "postgres")
    .action((opts: { database: string }) => {
      const instance = readInstance();
      if (!instance) throw new Error("the local database was never started; run 'supastack local start'");
      console.log(clientUrl(instance, opts.database));
    });
  return local;
}
