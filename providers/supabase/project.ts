// Project: a Supabase project (create, or adopt by ref), waited on until ACTIVE_HEALTHY, with its
// API keys and connection strings as outputs. Region and organization replace it; the name is a
// PATCH; the instance size is the compute add-on. The database password is generated when not
// given and, like the service key and every URL carrying the password, kept as a secret output.
import crypto from "node:crypto";
import { withClient } from "../postgres/client";
import { ALLOW_HINT, allTables, DataLossRefused, dataLossAllowed, refuseDroppingRows } from "../postgres/dataLoss";
import type { ManagementApi } from "./api";
import { connectionStrings, type PoolerRow, statusVerdict } from "./connections";
import { waitServicesHealthy } from "./health";
import { progress } from "./progress";
import type { ApiProviderSpec } from "./provider";
import { projectSchema, type ProjectInputs, type ProjectOutputValues } from "./shapes/project";

export { INSTANCE_SIZES, projectSchema, type ProjectInputs, REGIONS } from "./shapes/project";

export interface ProjectOutputs extends Omit<ProjectInputs, "dbPassword">, ProjectOutputValues {}

export interface ProjectResponse {
  ref: string;
  created_at?: string;
  name: string;
  region: string;
  organization_slug?: string;
  status: string;
  database?: { host?: string };
}

interface ApiKey {
  name: string;
  type?: string | null;
  api_key?: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => progress(line);

async function getProject(api: ManagementApi, ref: string): Promise<ProjectResponse> {
  return api.call(`get project ${ref}`, "read", (c) => c.getProject(ref)) as Promise<ProjectResponse>;
}

/** Polls (sparingly: the API allows about 60 requests a minute) until the project is healthy. */
export async function waitHealthy(api: ManagementApi, ref: string, timeoutSeconds: number, pollSeconds: number): Promise<ProjectResponse> {
  const t0 = Date.now();
  let last = "";
  for (;;) {
    const project = await getProject(api, ref);
    const verdict = statusVerdict(project.status);
    const elapsed = Math.round((Date.now() - t0) / 1000);
    if (project.status !== last) {
      await log(`project ${ref}: ${project.status} after ${elapsed} s`);
      last = project.status;
    }
    if (verdict === "healthy") return project;
    if (verdict === "failed") throw new Error(`project ${ref} ended in status ${project.status} instead of becoming healthy`);
    if (Date.now() - t0 > timeoutSeconds * 1000) {
      throw new Error(
        `project ${ref} did not become healthy within ${timeoutSeconds} s (status ${project.status}); ` +
          `it exists: adopt it with supastack:supabase.projectRef = ${ref} once it is healthy, or delete it in the dashboard`,
      );
    }
    await sleep(pollSeconds * 1000);
  }
}

/**
 * The project's keys: the publishable and secret keys (`sb_publishable_...`, `sb_secret_...`, docs
 * guides/api/api-keys), and under the legacy names `anonKey` / `serviceRoleKey` the legacy JWT keys
 * while the project has them (Supabase deprecates them by the end of 2026), else the new keys, which
 * take their place in every client (publishable ≈ anon, secret ≈ service_role).
 */
export function pickKeys(keys: ApiKey[]): { anonKey: string; serviceRoleKey: string; publishableKey: string; secretKey: string } {
  const ofType = (type: string) => keys.find((k) => k.type === type && k.api_key)?.api_key ?? undefined;
  const legacy = (name: string) => keys.find((k) => k.name === name && (k.type === "legacy" || !k.type) && k.api_key)?.api_key ?? undefined;
  // None yet (a project made before the new keys, read by refresh): empty, which the Project's diff
  // sees as drift, and its update makes them (ensureApiKeys).
  const publishableKey = ofType("publishable") ?? "";
  const secretKey = ofType("secret") ?? "";
  return { anonKey: legacy("anon") ?? publishableKey, serviceRoleKey: legacy("service_role") ?? secretKey, publishableKey, secretKey };
}

/** Pure: the keys to create so the project has a publishable and a secret key (OAS CreateApiKeyBody). */
export function missingApiKeys(keys: readonly ApiKey[]): { type: "publishable" | "secret"; name: string; description: string }[] {
  return (["publishable", "secret"] as const)
    .filter((type) => !keys.some((k) => k.type === type))
    .map((type) => ({ type, name: "default", description: `made by supastack: the project had no ${type} key` }));
}

/** Creates the publishable and secret keys a project lacks (a project made before them, or whose keys were deleted). */
async function ensureApiKeys(api: ManagementApi, ref: string): Promise<void> {
  const keys = (await api.call(`get API keys of ${ref}`, "read", (c) => c.getProjectApiKeys(ref, { reveal: true }))) as ApiKey[];
  for (const body of missingApiKeys(keys)) {
    await log(`creating the ${body.type} API key of ${ref}`);
    await api.call(`create the ${body.type} API key of ${ref}`, "write", (c) => c.createProjectApiKey(ref, body, { reveal: true }));
  }
}

async function details(api: ManagementApi, inputs: ProjectInputs, project: ProjectResponse, password: string) {
  const keys = pickKeys((await api.call(`get API keys of ${project.ref}`, "read", (c) => c.getProjectApiKeys(project.ref, { reveal: true }))) as ApiKey[]);
  const rows = (await api.call(`get pooler configuration of ${project.ref}`, "read", (c) => c.getPoolerConfig(project.ref))) as unknown as PoolerRow[];
  const dbHost = project.database?.host ?? `db.${project.ref}.supabase.co`;
  const urls = connectionStrings(rows, dbHost, password, inputs.caFile, inputs.sessionPort);
  return {
    status: project.status,
    dbHost,
    supabaseUrl: `https://${project.ref}.supabase.co`,
    ...keys,
    databaseUrl: urls.direct,
    poolerSessionUrl: urls.poolerSession,
    poolerTransactionUrl: urls.poolerTransaction,
  };
}

/** The compute size from the selected `compute_instance` add-on (none selected: the plan's default). */
async function currentInstanceSize(api: ManagementApi, ref: string): Promise<string | undefined> {
  const addons = (await api.call(`get add-ons of ${ref}`, "read", (c) => c.listProjectAddons(ref))) as {
    selected_addons?: { type?: string; variant?: { id?: string } }[];
  };
  const compute = addons.selected_addons?.find((a) => a.type === "compute_instance");
  return compute?.variant?.id?.replace(/^ci_/, "");
}

/**
 * Sets the compute size: the `compute_instance` add-on `ci_<size>`. Nano is the free plan's default
 * and has no add-on (the add-on variants start at ci_micro): going to nano removes the current add-on.
 */
async function applyInstanceSize(api: ManagementApi, ref: string, size: string | undefined, current: string | undefined): Promise<void> {
  if (!size) return;
  if (size === "nano") {
    if (!current || current === "nano") return;
    await api.call(`remove the ${current} compute add-on of ${ref}`, "write", (c) =>
      c.removeProjectAddon(ref, `ci_${current}` as Parameters<typeof c.removeProjectAddon>[1]),
    );
    return;
  }
  await api.call(`set instance size of ${ref}`, "write", (c) =>
    c.applyProjectAddon(ref, { addon_type: "compute_instance", addon_variant: `ci_${size}` } as unknown as Parameters<typeof c.applyProjectAddon>[1]),
  );
}

/** Waits for ACTIVE_HEALTHY, then for the services supastack uses. */
async function waitReady(api: ManagementApi, ref: string, inputs: ProjectInputs): Promise<ProjectResponse> {
  const project = await waitHealthy(api, ref, inputs.healthTimeoutSeconds, inputs.pollSeconds);
  await waitServicesHealthy(api, ref, inputs.healthTimeoutSeconds, inputs.pollSeconds);
  return project;
}

/**
 * A project of this name already in the organization: after an `up` killed while the project was
 * being created, it exists without being in the stack's state, and creating another would leave two.
 */
export async function existingByName(api: ManagementApi, inputs: ProjectInputs): Promise<ProjectResponse | undefined> {
  const all = (await api.call("list projects", "read", (c) => c.listAllProjects())) as unknown as ProjectResponse[];
  return all.find((p) => p.name === inputs.name && p.organization_slug === inputs.organization && p.status !== "REMOVED" && p.status !== "GOING_DOWN");
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** DELETE answers 400 while the project is still being provisioned: wait until it settles, then retry. */
export async function deleteProject(api: ManagementApi, id: string, olds: Pick<ProjectInputs, "healthTimeoutSeconds" | "pollSeconds">): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      await api.call(`delete project ${id}`, "write", (c) => c.deleteAProject(id));
      return;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) return;
      if (status !== 400 || Date.now() - t0 > olds.healthTimeoutSeconds * 1000) throw error;
      const now = await getProject(api, id).catch(() => undefined);
      if (!now || statusVerdict(now.status) === "failed") throw error;
      await log(`project ${id} is ${now.status}: deleting it once that settles`);
      await sleepMs(olds.pollSeconds * 1000);
    }
  }
}

/**
 * A project's database goes with it: a protected project whose tables hold rows is not deleted
 * unless the run allows it (providers/postgres/dataLoss.ts). A database that cannot be reached to
 * count them is not deleted either: the refusal says why and how to delete it anyway.
 */
async function refuseDeletingRows(id: string, olds: ProjectOutputs, action = `deleting project ${id} (${olds.name}) with its database`): Promise<void> {
  if (olds.adopted || olds.protectRows === false || dataLossAllowed() || !olds.poolerSessionUrl) return;
  try {
    await withClient(olds.poolerSessionUrl, (client) => refuseDroppingRows(client, olds.protectRows, action, () => allTables(client)));
  } catch (error) {
    if (error instanceof DataLossRefused) throw error;
    throw new DataLossRefused(`${action}: could not count the rows it holds (${(error as Error).message}), so it was not deleted\n${ALLOW_HINT}`);
  }
}

export const projectSpec: ApiProviderSpec<ProjectInputs, ProjectOutputs> = {
  kind: "Project",
  // Stacks applied before protectRows existed record none: to the provider that means protected (dataLoss.ts).
  absentMeans: { protectRows: true },
  schema: projectSchema,
  replaceOn: ["organization", "region", "adoptRef"],
  ignoreInDiff: ["healthTimeoutSeconds", "pollSeconds"],
  // A generated password is not an input the program states; an explicit one is compared.
  generated: ["dbPassword"],
  // A state from before the publishable and secret keys (or whose keys read found gone): update creates them.
  drifted: (olds) => (olds.publishableKey && olds.secretKey ? [] : ["publishableKey"]),
  id: (_i, o) => o.ref,
  // A new region or organization is a new project: the old one, and its database, is deleted.
  beforeReplace: (olds) => refuseDeletingRows(olds.ref, olds, `replacing project ${olds.ref} (${olds.name}): a new project is created and this one deleted with its database`),
  async create(api, inputs) {
    const password = inputs.dbPassword ?? crypto.randomBytes(24).toString("base64url");
    let ref = inputs.adoptRef;
    if (ref) {
      const existing = await getProject(api, ref);
      if (existing.organization_slug && existing.organization_slug !== inputs.organization) {
        throw new Error(`project ${ref} belongs to organization ${existing.organization_slug}, not ${inputs.organization}`);
      }
      if (existing.region !== inputs.region) throw new Error(`project ${ref} is in region ${existing.region}, not ${inputs.region}`);
      if (!inputs.dbPassword) throw new Error(`adopting project ${ref} needs its database password (supastack:supabase.dbPassword, a secret)`);
      await log(`adopting project ${ref} (${existing.name})`);
    } else {
      const clash = await existingByName(api, inputs);
      if (clash) {
        throw new Error(
          `organization ${inputs.organization} already has a project named ${inputs.name} (${clash.ref}, ${clash.status}), not in this stack's state ` +
            `(an interrupted 'up' may have created it): adopt it with supastack:supabase.projectRef = ${clash.ref} (and its dbPassword), or delete it in the dashboard, or choose another name`,
        );
      }
      const created = (await api.call(`create project ${inputs.name}`, "write", (c) =>
        c.createAProject({
          name: inputs.name,
          organization_slug: inputs.organization,
          db_pass: password,
          region_selection: { type: "specific", code: inputs.region },
          // Nano is the free plan's default: never sent (the API refuses it as a desired size).
          ...(inputs.instanceSize && inputs.instanceSize !== "nano" ? { desired_instance_size: inputs.instanceSize } : {}),
        } as unknown as Parameters<typeof c.createAProject>[0]),
      )) as ProjectResponse;
      ref = created.ref;
      await log(`created project ${ref} (${inputs.name}, ${inputs.region}); waiting until it is healthy`);
    }
    const project = await waitReady(api, ref, inputs);
    await ensureApiKeys(api, ref);
    return { ...inputs, ref, dbPassword: password, adopted: Boolean(inputs.adoptRef), ...(await details(api, inputs, project, password)) };
  },
  async read(api, id, olds) {
    let project: ProjectResponse;
    try {
      project = await getProject(api, id);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
    if (project.status === "REMOVED") return undefined;
    // No compute add-on selected: the free plan's default, nano.
    const instanceSize = olds.instanceSize === undefined ? undefined : ((await currentInstanceSize(api, id)) ?? "nano");
    return {
      ...olds,
      name: project.name,
      region: project.region as ProjectOutputs["region"],
      instanceSize: instanceSize as ProjectOutputs["instanceSize"],
      ...(await details(api, olds, project, olds.dbPassword)),
    };
  },
  async update(api, id, olds, news) {
    if (news.name !== olds.name) await api.call(`rename project ${id}`, "write", (c) => c.updateAProject(id, { name: news.name }));
    if (news.instanceSize !== undefined && news.instanceSize !== olds.instanceSize) {
      await applyInstanceSize(api, id, news.instanceSize, (await currentInstanceSize(api, id)) ?? "nano");
      await waitReady(api, id, news);
    }
    const password = news.dbPassword ?? olds.dbPassword;
    if (news.dbPassword && news.dbPassword !== olds.dbPassword) {
      await api.call(`change the database password of ${id}`, "write", (c) => c.updateDatabasePassword(id, { password: news.dbPassword as string }));
    }
    await ensureApiKeys(api, id);
    const project = await getProject(api, id);
    return { ...olds, ...news, ref: id, dbPassword: password, adopted: olds.adopted, ...(await details(api, news, project, password)) };
  },
  async delete(api, id, olds) {
    if (olds.adopted) {
      await log(`project ${id} was adopted, not created by this stack: leaving it in place`);
      return;
    }
    await refuseDeletingRows(id, olds);
    await deleteProject(api, id, olds);
  },
};
