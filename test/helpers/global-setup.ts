// Starts the embedded PostgreSQL once for the whole run (unless TEST_DATABASE_URL points at
// another server) and hands its admin URL to the test files.
import type { TestProject } from "vitest/node";
import { connectionUrl, startLocal } from "../../stacks/local/instance";

export default async function setup(project: TestProject): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const port = process.env.SUPASTACK_LOCAL_PORT ? Number(process.env.SUPASTACK_LOCAL_PORT) : undefined;
    const { instance } = await startLocal({ port });
    url = connectionUrl(instance);
  }
  project.provide("adminUrl", url);
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
  }
}
