// The whole environment a stack declares: the database connection (local, any URL, or a Supabase
// project) and the selected domain modules inside it. program.ts (the `pulumi up` entry) and the
// CLI's inline programs (ephemeral stacks) both call defineEnvironment.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig, type StackConfig, type SupabaseConfig } from "./config";
import { adminConnectionUrl, connectionUrl, readInstance } from "../local/instance";
import { moduleSpec } from "./modules/catalog";
import { DomainModule } from "./modules/component";
import { readMigrationFiles, sqlProblems } from "./modules/files";
import { stackProtectsRows } from "./protection";
import type { MigrationFile } from "../providers/postgres/providers/migration";
import { Database, DataApiSchemas } from "../providers/postgres/resources";
import { projectRoot, stateDir } from "../local/paths";
import { resolveCaFile } from "../providers/supabase/ca";
import { lockoutProblem } from "../providers/supabase/cidr";
import { NetworkRestrictions, Project, Settings } from "../providers/supabase/resources";

export interface EnvironmentOutputs {
  target: string;
  modules: string[];
  schemas: pulumi.Output<string[]>;
  databaseUrl: pulumi.Output<string>;
  /** Target supabase: the project's API URL, keys and other connection strings. */
  supabase?: {
    projectRef: pulumi.Output<string>;
    supabaseUrl: pulumi.Output<string>;
    anonKey: pulumi.Output<string>;
    serviceRoleKey: pulumi.Output<string>;
    directUrl: pulumi.Output<string>;
    transactionUrl: pulumi.Output<string>;
  };
}

/** The stack's `supastack:*` configuration as raw strings. */
export function rawStackConfig(): Record<string, string> {
  const all = pulumi.runtime.allConfig();
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith("supastack:")) raw[key.slice("supastack:".length)] = value;
  }
  return raw;
}

/** Config and SQL checked up front: a failure here means no resource was declared. */
export async function loadInputs(raw: Record<string, string>): Promise<{ config: StackConfig; files: Map<string, MigrationFile[]> }> {
  const config = parseStackConfig(raw);
  const files = new Map<string, MigrationFile[]>();
  const problems: string[] = [];
  for (const name of config.modules) {
    try {
      const moduleFiles = readMigrationFiles(name);
      problems.push(...(await sqlProblems(name, moduleFiles)));
      files.set(name, moduleFiles);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid SQL, nothing was applied:\n  ${problems.join("\n  ")}`);
  return { config, files };
}

/** The local server's connection to the stack's database, and its superuser's to the same database. */
function localConnection(config: StackConfig, protectRows: boolean): { connection: pulumi.Output<string>; admin: pulumi.Output<string> } {
  const instance = readInstance();
  if (!instance) {
    throw new ConfigError("supastack:target is local but the local database was never started; run 'supastack local start' (npm start does)");
  }
  if (!config.createDatabase) {
    return { connection: pulumi.secret(connectionUrl(instance, config.localDatabase)), admin: pulumi.secret(adminConnectionUrl(instance, config.localDatabase)) };
  }
  // The stack's own database: everything else depends on it, and destroy drops it last.
  const database = new Database("database", {
    connection: connectionUrl(instance, "postgres"),
    // The new database is made Supabase-shaped by the server's superuser, as Supabase itself does.
    adminConnection: adminConnectionUrl(instance),
    name: config.localDatabase,
    protectRows,
  });
  return {
    connection: pulumi.secret(database.name.apply((name) => connectionUrl(instance, name))),
    admin: pulumi.secret(database.name.apply((name) => adminConnectionUrl(instance, name))),
  };
}

interface SupabaseDeclaration {
  connection: pulumi.Output<string>;
  outputs: NonNullable<EnvironmentOutputs["supabase"]>;
  /** Declared once the modules exist: settings naming their schemas, SSL enforcement, network restrictions last. */
  after(modules: DomainModule[]): void;
}

/** The machine's public addresses as the user states them (SUPASTACK_DEPLOYER_IP=a,b). */
function deployerAddresses(): string[] {
  return (process.env.SUPASTACK_DEPLOYER_IP ?? "").split(",").map((a) => a.trim()).filter(Boolean);
}

/**
 * The Supabase project and what follows it, in the order a real project needs:
 * project (created, ACTIVE_HEALTHY, then its services healthy) -> the modules, through its session
 * pooler -> settings (the Data API's exposed schemas name the modules' schemas, which must exist
 * before PostgREST reloads its schema cache; SSL enforcement last among them, as it restarts the
 * database and must not do so while migrations run) -> network restrictions last, so a run is never
 * locked out half way. An allow-list that would lock out this machine is refused here, at preview.
 */
function supabaseProject(config: StackConfig, protectRows: boolean): SupabaseDeclaration {
  const s = config.supabase as SupabaseConfig;
  const accessToken = config.supabaseAccessToken ?? process.env.SUPABASE_ACCESS_TOKEN;
  if (!accessToken) throw new ConfigError("supastack:supabaseAccessToken: missing; set SUPABASE_ACCESS_TOKEN or the key as a secret");
  let caFile: string;
  try {
    caFile = resolveCaFile(s.caCertificate, projectRoot(), stateDir());
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (s.networkRestrictions) {
    const problem = lockoutProblem(s.networkRestrictions.ipv4, s.networkRestrictions.ipv6, deployerAddresses(), s.networkRestrictions.allowLockout);
    if (problem) throw new ConfigError(`supastack:supabase.networkRestrictions: ${problem}`);
  }
  const api = { accessToken: pulumi.secret(accessToken), apiUrl: s.apiUrl ?? process.env.SUPABASE_API_URL };
  const project = new Project("project", {
    ...api,
    organization: s.organization,
    name: s.name,
    region: s.region,
    instanceSize: s.instanceSize,
    dbPassword: s.dbPassword,
    adoptRef: s.projectRef,
    caFile,
    sessionPort: s.poolerSessionPort,
    healthTimeoutSeconds: s.healthTimeoutSeconds,
    pollSeconds: s.pollSeconds,
    protectRows,
  });
  const timing = { timeoutSeconds: s.healthTimeoutSeconds, pollSeconds: s.pollSeconds };
  return {
    // DDL goes through the pooler in session mode (transaction mode breaks session state).
    connection: project.poolerSessionUrl,
    outputs: {
      projectRef: project.ref,
      supabaseUrl: project.supabaseUrl,
      anonKey: project.anonKey,
      serviceRoleKey: project.serviceRoleKey,
      directUrl: project.databaseUrl,
      transactionUrl: project.poolerTransactionUrl,
    },
    after(modules) {
      // The Data API exposes the selected modules' schemas unless the stack says otherwise.
      const schemas = s.settings?.api?.schemas ?? ["public", "graphql_public", ...config.modules.map((m) => moduleSpec(m).schema)];
      const settings = new Settings("settings", { ...api, ...timing, ref: project.ref, ...s.settings, api: { ...s.settings?.api, schemas } }, { parent: project, dependsOn: modules });
      if (s.networkRestrictions) {
        const { ipv4, ipv6 } = s.networkRestrictions;
        new NetworkRestrictions("network-restrictions", { ...api, ref: project.ref, ipv4, ipv6 }, { parent: project, dependsOn: [settings, ...modules] });
      }
    },
  };
}

/**
 * Resolves once the module's own registration has been answered (its children register only after
 * that) and a timer turn has let theirs be written to the engine; after a second at most, whatever happens.
 */
function registrationsSent(module: DomainModule): Promise<void> {
  const answered = new Promise<void>((resolve) => module.urn.apply(() => resolve()));
  const atMost = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
  return Promise.race([answered, atMost]).then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

export async function defineEnvironment(raw: Record<string, string> = rawStackConfig()): Promise<EnvironmentOutputs> {
  let inputs: Awaited<ReturnType<typeof loadInputs>>;
  try {
    inputs = await loadInputs(raw);
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
  const { config, files } = inputs;
  const protectRows = stackProtectsRows(pulumi.getStack(), config);
  let connection: pulumi.Output<string>;
  let supabase: EnvironmentOutputs["supabase"];
  let declared: SupabaseDeclaration | undefined;
  let local: ReturnType<typeof localConnection> | undefined;
  try {
    if (config.target === "supabase") {
      declared = supabaseProject(config, protectRows);
      connection = declared.connection;
      supabase = declared.outputs;
    } else {
      local = config.target === "local" ? localConnection(config, protectRows) : undefined;
      connection = local ? local.connection : pulumi.secret(config.databaseUrl as string);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
  const modules: DomainModule[] = [];
  for (const name of config.modules) {
    const migrationTimeouts = { lockTimeout: config.migrationLockTimeout, statementTimeout: config.migrationStatementTimeout };
    modules.push(new DomainModule(name, { connection, spec: moduleSpec(name), files: files.get(name) ?? [], migrationTimeouts, protectRows }));
    // Declaring resources is synchronous, and their registrations leave for the engine only when the
    // program yields; the engine starts the dynamic-provider plugin (~0.5 s of start-up) only when it
    // sees the first one. Yielding after the first module lets it start the plugin while the program
    // declares the rest, instead of after (nothing else changes: same resources, same order).
    if (modules.length === 1) await registrationsSent(modules[0] as DomainModule);
  }
  declared?.after(modules);
  if (local) {
    // The local server's Data API schemas, as a Supabase project records them (on target supabase
    // the Settings resource sets them through the Management API): public, graphql_public and the
    // modules' schemas.
    const schemas = pulumi.all(modules.map((m) => m.schema)).apply((own) => ["public", "graphql_public", ...own]);
    new DataApiSchemas("data-api-schemas", { connection, adminConnection: local.admin, schemas }, { dependsOn: modules });
  }
  return {
    target: config.target,
    modules: [...config.modules],
    schemas: pulumi.all(modules.map((m) => m.schema)),
    databaseUrl: connection,
    supabase,
  };
}

/** The program every stack runs (program.ts on disk, the inline program of ephemeral stacks). */
export async function environmentProgram(): Promise<Record<string, unknown>> {
  const env = await defineEnvironment();
  return { target: env.target, modules: env.modules, schemas: env.schemas, databaseUrl: env.databaseUrl, ...env.supabase };
}
