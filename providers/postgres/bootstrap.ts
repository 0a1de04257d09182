// Makes a database Supabase-shaped: the roles, auth schema and auth functions a Supabase project
// has (supabase-shape/roles.sql per server, supabase-shape/bootstrap.sql per database; see
// docs/local-database.md). Used by the Database kind for a database a stack creates and by the
// local server's lifecycle (local/instance.ts) for its own postgres database.
import fs from "node:fs";
import path from "node:path";
import { withClient } from "./client";
import { databaseOf, withDatabase } from "./url";
import { literal } from "./sql";

/** The SQL folder, found from the source file (providers/postgres) or the compiled one (dist/providers/postgres). */
function sqlDir(): string {
  const candidates = [path.join(__dirname, "supabase-shape"), path.join(__dirname, "..", "..", "..", "providers", "postgres", "supabase-shape")];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "roles.sql")));
  if (!found) throw new Error(`cannot find the Supabase bootstrap SQL (roles.sql) in ${candidates.join(" or ")}`);
  return found;
}

export function bootstrapSql(): string {
  const dir = sqlDir();
  return `${fs.readFileSync(path.join(dir, "roles.sql"), "utf8")}\n${fs.readFileSync(path.join(dir, "bootstrap.sql"), "utf8")}`;
}

export interface BootstrapOptions {
  /** A superuser URL on the same server (any database): used instead of `connection`'s credentials. */
  adminUrl?: string;
  /** Sets the password of `postgres` (the local server's, which supastack connects with). */
  postgresPassword?: string;
}

/**
 * Makes the database `connection` names Supabase-shaped (idempotent). Needs a superuser other than
 * postgres, as only Supabase itself does this: `adminUrl` when given, else the URL itself must be a
 * superuser's.
 */
export async function bootstrap(connection: string, options: BootstrapOptions = {}): Promise<void> {
  const target = withDatabase(options.adminUrl ?? connection, databaseOf(connection));
  const sql = bootstrapSql();
  // Roles are per server but advisory locks per database: hold the lock in the server's postgres
  // database so concurrent bootstraps of different databases (parallel ephemeral stacks, test
  // files) do not update the same role rows at once ("tuple concurrently updated").
  await withClient(withDatabase(target, "postgres"), async (lock) => {
    const { rows } = await lock.query("SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user");
    if (!rows[0]?.rolsuper || rows[0].name === "postgres") {
      throw new Error(
        `bootstrapping a Supabase-shaped database needs a superuser other than postgres (supabase_admin), as only Supabase itself does it; ` +
          `connected as ${rows[0]?.name ?? "?"}${rows[0]?.rolsuper ? "" : ", which is not a superuser"}`,
      );
    }
    await lock.query("SELECT pg_advisory_lock(5432017)");
    try {
      await withClient(target, (client) => client.query(sql));
      if (options.postgresPassword !== undefined) await lock.query(`ALTER ROLE postgres WITH PASSWORD ${literal(options.postgresPassword)}`);
    } finally {
      await lock.query("SELECT pg_advisory_unlock(5432017)");
    }
  });
}
