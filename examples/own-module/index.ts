// A Pulumi program of your own that uses supastack as a library: your module (module.ts: its SQL
// files under sql/crm, tables, grants, RLS policies, a view, a function and a seed generator) next
// to two of supastack's (jobs and support), all on the database named by the stack's config.
import * as pulumi from "@pulumi/pulumi";
import { declareModules, modules } from "supastack";
import { crm } from "./module";

export = async () => {
  const config = new pulumi.Config();
  // A PostgreSQL URL (a Supabase project's session pooler, or any Supabase-shaped database).
  const databaseUrl = config.requireSecret("databaseUrl");
  const list = [modules.jobs, modules.support, crm];
  const declared = await declareModules(databaseUrl, list);
  return { modules: list.map((m) => m.name), schemas: pulumi.all(declared.map((m) => m.schema)) };
};
