// The Supabase resources a Pulumi program declares: dynamic resources whose providers forward to
// providers/supabase/*.ts. The access token, the database password, the service key and every
// connection string are secrets.
import * as pulumi from "@pulumi/pulumi";
import { forwardingProvider } from "../dynamic";
import { PROJECT_SECRET_OUTPUTS } from "./project";

type In<T> = pulumi.Input<T>;

interface ApiArgs {
  /** Management API token (SUPABASE_ACCESS_TOKEN); stored as a secret. */
  accessToken: In<string>;
  /** Default https://api.supabase.com. */
  apiUrl?: In<string>;
}

abstract class SupabaseResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(forwardingProvider(`supabase:${kind}`), name, { ...props, accessToken: pulumi.secret(props.accessToken as In<string>) }, opts, "supabase", kind);
  }
}

export interface ProjectArgs extends ApiArgs {
  organization: In<string>;
  name: In<string>;
  region: In<string>;
  instanceSize?: In<string>;
  dbPassword?: In<string>;
  /** Adopt this existing project (its ref) instead of creating one; destroy then leaves it in place. */
  adoptRef?: In<string>;
  /** Supabase's root CA (PEM file): connection strings verify the server with it. */
  caFile: In<string>;
  /** The session pooler's port (Supavisor: 5432). */
  sessionPort?: In<number>;
  healthTimeoutSeconds?: In<number>;
  pollSeconds?: In<number>;
}

export class Project extends SupabaseResource {
  declare readonly ref: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly supabaseUrl: pulumi.Output<string>;
  declare readonly anonKey: pulumi.Output<string>;
  declare readonly serviceRoleKey: pulumi.Output<string>;
  declare readonly dbPassword: pulumi.Output<string>;
  declare readonly databaseUrl: pulumi.Output<string>;
  declare readonly poolerSessionUrl: pulumi.Output<string>;
  declare readonly poolerTransactionUrl: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(
      ["ref", "status", "adopted", "dbHost", "supabaseUrl", "anonKey", "serviceRoleKey", "databaseUrl", "poolerSessionUrl", "poolerTransactionUrl"].map((k) => [k, undefined]),
    );
    const props: pulumi.Inputs = { ...outputs, ...args, dbPassword: args.dbPassword === undefined ? undefined : pulumi.secret(args.dbPassword) };
    super("Project", name, props, {
      ...opts,
      additionalSecretOutputs: [...PROJECT_SECRET_OUTPUTS, ...(opts?.additionalSecretOutputs ?? [])],
    });
  }
}

export interface NetworkRestrictionsArgs extends ApiArgs {
  ref: In<string>;
  /** IPv4 CIDRs allowed to reach the database (and pooler); everything else is refused. */
  ipv4?: In<In<string>[]>;
  ipv6?: In<In<string>[]>;
}

export class NetworkRestrictions extends SupabaseResource {
  constructor(name: string, args: NetworkRestrictionsArgs, opts?: pulumi.CustomResourceOptions) {
    super("NetworkRestrictions", name, { ...args }, opts);
  }
}

export interface SettingsArgs extends ApiArgs {
  ref: In<string>;
  pooler?: In<{ poolMode?: "transaction" | "session"; defaultPoolSize?: number }>;
  api?: In<{ schemas?: string[]; maxRows?: number }>;
  auth?: In<{ siteUrl?: string; jwtExpirySeconds?: number; disableSignup?: boolean }>;
  sslEnforcement?: In<boolean>;
  timeoutSeconds?: In<number>;
  pollSeconds?: In<number>;
}

export class Settings extends SupabaseResource {
  constructor(name: string, args: SettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("Settings", name, { ...args }, opts);
  }
}
