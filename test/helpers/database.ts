// Each test file gets databases of its own on the test server, bootstrapped like a Supabase
// project, and drops them when done.
import crypto from "node:crypto";
import { inject } from "vitest";
import { bootstrap } from "../../stacks/local/instance";
import { withClient } from "../../stacks/postgres/client";
import { ident } from "../../stacks/postgres/sql";

export function adminUrl(): string {
  return inject("adminUrl");
}

export function urlFor(database: string, base = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database with the Supabase roles, auth schema and auth.users. */
export async function createTestDatabase(prefix: string, options: { bootstrap?: boolean; adminUrl?: string } = {}): Promise<TestDatabase> {
  const admin = options.adminUrl ?? adminUrl();
  const name = `t_${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${crypto.randomBytes(4).toString("hex")}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
  const url = urlFor(name, admin);
  if (options.bootstrap !== false) await bootstrap(url);
  return {
    name,
    url,
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => undefined),
  };
}
