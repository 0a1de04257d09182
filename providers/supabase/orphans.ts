// A Supabase project created by a run that was killed before Pulumi recorded it: Pulumi keeps a
// pending "creating" operation for it, which the next `up` drops, so the project would be left
// behind (and the next `up` refuses to create a second one with the same name). `supastack cancel`
// finds it here and deletes it, so the next `up` creates the project again cleanly. Only a project
// of that exact name and organization, created after the killed run started and not in the
// stack's state, counts as the killed run's.
import { ManagementApi } from "./api";
import { deleteProject, type ProjectResponse } from "./project";

export interface PendingOperation {
  type?: string;
  resource?: { urn?: string; type?: string; inputs?: Record<string, unknown> };
}

export const PROJECT_TYPE = "pulumi-nodejs:dynamic/supabase:Project";

/** Pure: the projects a killed run created (see above). `since`: when the killed run took its lock. */
export function orphanedProjects(pending: PendingOperation, projects: ProjectResponse[], recordedRefs: string[], since: Date): ProjectResponse[] {
  const inputs = pending.resource?.inputs ?? {};
  if (pending.type !== "creating" || pending.resource?.type !== PROJECT_TYPE || inputs.adoptRef) return [];
  // A minute of slack for clocks between this machine and the API.
  const after = since.getTime() - 60_000;
  return projects.filter(
    (p) =>
      p.name === inputs.name &&
      p.organization_slug === inputs.organization &&
      !["REMOVED", "GOING_DOWN"].includes(p.status) &&
      !recordedRefs.includes(p.ref) &&
      p.created_at !== undefined &&
      Date.parse(p.created_at) >= after,
  );
}

/** Deletes the projects a killed run created; returns what it did, one line each. */
export async function removeOrphanedProjects(
  pending: PendingOperation[],
  recordedRefs: string[],
  since: Date,
  accessToken: string | undefined,
): Promise<string[]> {
  const lines: string[] = [];
  for (const op of pending) {
    if (op.resource?.type !== PROJECT_TYPE || op.type !== "creating") continue;
    const inputs = op.resource.inputs ?? {};
    if (!accessToken) {
      lines.push(`project ${String(inputs.name)} may have been created by the killed run: set SUPABASE_ACCESS_TOKEN and run cancel again to remove it, or delete it in the dashboard`);
      continue;
    }
    const api = new ManagementApi({ accessToken, apiUrl: typeof inputs.apiUrl === "string" ? inputs.apiUrl : undefined });
    const all = (await api.call("list projects", "read", (c) => c.listAllProjects())) as unknown as ProjectResponse[];
    for (const orphan of orphanedProjects(op, all, recordedRefs, since)) {
      await deleteProject(api, orphan.ref, { healthTimeoutSeconds: 900, pollSeconds: Number(inputs.pollSeconds ?? 15) });
      lines.push(`deleted project ${orphan.ref} (${orphan.name}): the killed run created it and never recorded it; the next up creates it again`);
    }
  }
  return lines;
}
