// Each test file gets databases of its own on the test server, created by postgres (as a Supabase
// customer would), bootstrapped like a Supabase project by the superuser, and dropped when done.
// Tests connect as postgres, which is not a superuser (see test/local/connect-as.test.ts).
import crypto from "node:crypto";
import { inject } from "vitest";
import { bootstrap } from "../../local/instance";
import { withClient } from "../../providers/postgres/client";
import { ident } from "../../providers/postgres/sql";
import { withDatabase } from "../../providers/postgres/url";

/** The server's superuser (supabase_admin): for what only Supabase itself would do. */
export function adminUrl(): string {
  return inject("adminUrl");
}

/** The URL tests connect with: postgres, not a superuser, as on a Supabase project. */
export function databaseUrl(): string {
  return inject("databaseUrl");
}

export interface TestDatabase {
  name: string;
  /** Connects as postgres (non-superuser). */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database with the Supabase roles, auth schema and auth tables. `adminUrl` names another
 * server (any of its URLs: a local instance's own superuser is found from it; otherwise it must
 * be a superuser's URL, and the database is then created and used through it).
 */
export async function createTestDatabase(prefix: string, options: { bootstrap?: boolean; adminUrl?: string } = {}): Promise<TestDatabase> {
  const server = options.adminUrl ?? databaseUrl();
  const admin = options.adminUrl ? undefined : adminUrl();
  const name = `t_${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${crypto.randomBytes(4).toString("hex")}`;
  await withClient(server, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
  const url = withDatabase(server, name);
  if (options.bootstrap !== false) await bootstrap(url, { adminUrl: admin });
  return {
    name,
    url,
    drop: () => withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => undefined),
  };
}
