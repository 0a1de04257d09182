// Waiting for a project's services (GET /v1/projects/{ref}/health), after ACTIVE_HEALTHY and after
// anything that restarts the database: ACTIVE_HEALTHY alone does not mean the pooler, PostgREST or
// Auth answer yet (Supabase's Terraform provider waits on this endpoint before any settings call).
import type { ManagementApi } from "./api";
import { healthVerdict, type ServiceHealth } from "./connections";
import { progress } from "./progress";

/** The services supastack uses: the database and pooler (modules, seeding), PostgREST and Auth (settings). */
export const USED_SERVICES = ["db", "pooler", "rest", "auth"] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitServicesHealthy(
  api: ManagementApi,
  ref: string,
  timeoutSeconds: number,
  pollSeconds: number,
  services: readonly string[] = USED_SERVICES,
): Promise<void> {
  const t0 = Date.now();
  let last = "";
  for (;;) {
    const health = (await api.call(`get service health of ${ref}`, "read", (c) =>
      c.getServicesHealth(ref, { services: [...services] } as Parameters<typeof c.getServicesHealth>[1]),
    )) as unknown as ServiceHealth[];
    const { verdict, detail } = healthVerdict(health, services);
    if (verdict === "healthy") return;
    if (verdict === "failed") throw new Error(`project ${ref}: services unhealthy (${detail}); see the project's dashboard`);
    if (detail !== last) {
      await progress(`project ${ref}: waiting for services (${detail}) after ${Math.round((Date.now() - t0) / 1000)} s`);
      last = detail;
    }
    if (Date.now() - t0 > timeoutSeconds * 1000) throw new Error(`project ${ref}: services did not become healthy within ${timeoutSeconds} s (${detail})`);
    await sleep(pollSeconds * 1000);
  }
}
