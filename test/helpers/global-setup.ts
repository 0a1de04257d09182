// Starts the embedded PostgreSQL once for the whole run (unless TEST_DATABASE_URL points at
// another server) and hands the test files two URLs: `databaseUrl`, the non-superuser `postgres`
// every test connects as (as on a Supabase project), and `adminUrl`, the superuser
// (supabase_admin) used only where Supabase itself would act: bootstrapping a fresh database.
// On another server, TEST_DATABASE_URL is its superuser and TEST_POSTGRES_URL its postgres login.
import type { TestProject } from "vitest/node";
import { adminConnectionUrl, connectionUrl, startLocal } from "../../local/instance";

export default async function setup(project: TestProject): Promise<void> {
  let admin = process.env.TEST_DATABASE_URL;
  let database = process.env.TEST_POSTGRES_URL ?? admin;
  if (!admin || !database) {
    const port = process.env.SUPASTACK_LOCAL_PORT ? Number(process.env.SUPASTACK_LOCAL_PORT) : undefined;
    const { instance } = await startLocal({ port });
    admin = adminConnectionUrl(instance);
    database = connectionUrl(instance);
  }
  project.provide("adminUrl", admin);
  project.provide("databaseUrl", database);
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    databaseUrl: string;
  }
}
