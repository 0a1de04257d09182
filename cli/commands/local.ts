// `supastack local start|stop|status|url`: the embedded PostgreSQL shaped like a Supabase project
// (docs/local-database.md). Its URL is postgres's, which is not a superuser, as on Supabase.
import { Command, InvalidArgumentError } from "commander";
import { clientUrl, DEFAULT_PORT, isRunning, OutdatedInstanceError, readInstance, startLocal, stopLocal } from "../../local/instance";
import { redactUrl } from "../../providers/postgres/client";
import { dumpLocal, restoreLocal } from "../../local/dump";
import { stateDir } from "../../local/paths";
import path from "node:path";

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
  local
    .command("dump")
    .description("dump a database of the local server to one file with PostgreSQL 17's pg_dump, as postgres, with a manifest of its rows (<file>.json)")
    .option("--database <name>", "database name", "postgres")
    .option("--out <file>", "where to write it (default .supastack/dumps/<database>-<time>.dump)")
    .action(async (opts: { database: string; out?: string }) => {
      const instance = runningInstance();
      const file = opts.out ?? path.join(stateDir(), "dumps", `${opts.database}-${new Date().toISOString().replace(/[:.]/g, "-")}.dump`);
      const t0 = Date.now();
      const manifest = await dumpLocal(instance, opts.database, file, (line) => console.log(line));
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      console.log(`dumped ${opts.database} to ${file}: ${manifest.tables.length} tables, ${rows.toLocaleString("en-US")} rows, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
  local
    .command("restore <file>")
    .description("restore a dump into a new (or empty) database of the local server, as postgres, in one transaction; checked row for row against the dump's manifest")
    .requiredOption("--database <name>", "database to restore into: created Supabase-shaped when missing; an existing one must not hold the dump's schemas or users")
    .action(async (file: string, opts: { database: string }) => {
      const instance = runningInstance();
      const t0 = Date.now();
      const r = await restoreLocal(instance, file, opts.database, (line) => console.log(line));
      console.log(
        `restored ${file} into ${r.database}${r.created ? " (created)" : ""}: ${r.tables} tables, ${r.rows.toLocaleString("en-US")} rows, identical to the dump's (fingerprints), in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    });
  return local;
}

function runningInstance() {
  const instance = readInstance();
  if (!instance || !isRunning(instance)) throw new Error("the local database is not running; run 'supastack local start'");
  return instance;
}
