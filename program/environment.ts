// The whole environment a stack declares: the database connection (local, any URL, or a Supabase
// project) and the selected domain modules inside it. program.ts (the `pulumi up` entry) and the
// CLI's inline programs (ephemeral stacks) both call defineEnvironment.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, PROJECT_CONFIG_KEYS, parseStackConfig, type StackConfig, type SupabaseConfig, supastackKeys } from "./config";
import { adminConnectionUrl, connectionUrl, readInstance } from "../local/instance";
import { builtinModule } from "../modules/catalog";
import type { DomainModule } from "../modules/component";
import type { SupastackModule } from "../modules/define";
import { declarePlanned, type ModulePlan, planModules } from "../modules/toolkit";
import { stackProtectsRows } from "./protection";
import { Database, DataApiSchemas } from "../providers/postgres/resources";
import { projectRoot, stateDir } from "../local/paths";
import { resolveCaFile } from "../providers/supabase/ca";
import { lockoutProblem } from "../providers/supabase/cidr";
import { NetworkRestrictions, Project, Settings } from "../providers/supabase/resources";

/** A Supabase stack's outputs, by the Project output each one is (the stack's names are older than the Project's). */
const PROJECT_STACK_OUTPUTS = {
  projectRef: "ref",
  supabaseUrl: "supabaseUrl",
  anonKey: "anonKey",
  serviceRoleKey: "serviceRoleKey",
  publishableKey: "publishableKey",
  secretKey: "secretKey",
  directUrl: "databaseUrl",
  transactionUrl: "poolerTransactionUrl",
} as const satisfies Record<string, keyof Project>;

export interface EnvironmentOutputs {
  target: string;
  modules: string[];
  /** Each module's schema, at its position in `modules`. */
  schemas: pulumi.Output<string[]>;
  databaseUrl: pulumi.Output<string>;
  /** Target supabase: the project's API URL, keys and other connection strings. */
  supabase?: { [K in keyof typeof PROJECT_STACK_OUTPUTS]: pulumi.Output<string> };
}

/** The stack's `supastack:*` configuration as raw strings. */
function rawStackConfig(): Record<string, string> {
  return supastackKeys(pulumi.runtime.allConfig());
}

/** The stack's modules, each in the schema the stack maps it to (supastack:schemas) or its own. */
export function stackModules(config: StackConfig): SupastackModule[] {
  return config.modules.map((name) => builtinModule(name).inSchema(config.schemas[name] ?? builtinModule(name).schema));
}

/** Config and SQL checked up front: a failure here means no resource was declared. */
async function loadInputs(raw: Record<string, string>): Promise<{ config: StackConfig; plan: ModulePlan }> {
  const config = parseStackConfig(raw);
  try {
    return { config, plan: await planModules(stackModules(config)) };
  } catch (error) {
    const message = (error as Error).message.replace(/^declareModules: /, "");
    throw new ConfigError(/cannot share schema/.test(message) ? `supastack:schemas: ${message}; nothing was applied` : message);
  }
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
    throw new ConfigError(`supastack:supabase.caCertificate: ${(error as Error).message}${s.caCertificate ? "" : " as supastack:supabase.caCertificate"}`);
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
    adoptRef: s[PROJECT_CONFIG_KEYS.adoptRef],
    caFile,
    sessionPort: s[PROJECT_CONFIG_KEYS.sessionPort],
    healthTimeoutSeconds: s.healthTimeoutSeconds,
    pollSeconds: s.pollSeconds,
    protectRows,
  });
  const timing = { timeoutSeconds: s.healthTimeoutSeconds, pollSeconds: s.pollSeconds };
  return {
    // DDL goes through the pooler in session mode (transaction mode breaks session state).
    connection: project.poolerSessionUrl,
    outputs: Object.fromEntries(Object.entries(PROJECT_STACK_OUTPUTS).map(([name, output]) => [name, project[output]])) as NonNullable<EnvironmentOutputs["supabase"]>,
    after(modules) {
      // The Data API exposes the selected modules' schemas unless the stack says otherwise.
      const schemas = s.settings?.api?.schemas ?? [...new Set(["public", "graphql_public", ...stackModules(config).map((m) => m.schema)])];
      const settings = new Settings("settings", { ...api, ...timing, ref: project.ref, ...s.settings, api: { ...s.settings?.api, schemas } }, { parent: project, dependsOn: modules });
      if (s.networkRestrictions) {
        const { ipv4, ipv6 } = s.networkRestrictions;
        new NetworkRestrictions("network-restrictions", { ...api, ref: project.ref, ipv4, ipv6 }, { parent: project, dependsOn: [settings, ...modules] });
      }
    },
  };
}

export async function defineEnvironment(raw: Record<string, string> = rawStackConfig()): Promise<EnvironmentOutputs> {
  let inputs: Awaited<ReturnType<typeof loadInputs>>;
  try {
    inputs = await loadInputs(raw);
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
  const { config, plan } = inputs;
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
  const migrationTimeouts = { lockTimeout: config.migrationLockTimeout, statementTimeout: config.migrationStatementTimeout };
  const modules = await declarePlanned(connection, plan, undefined, { protectRows, migrationTimeouts });
  declared?.after(modules);
  if (local) {
    // The local server's Data API schemas, as a Supabase project records them (on target supabase
    // the Settings resource sets them through the Management API): public, graphql_public and the
    // modules' schemas.
    const schemas = pulumi.all(modules.map((m) => m.schema)).apply((own) => [...new Set(["public", "graphql_public", ...own])]);
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
