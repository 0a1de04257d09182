// Shape of Project: a Supabase project, created or adopted by ref (the program validates its stack
// configuration with these same fields: program/config.ts).
import { z } from "zod";
import { apiFields, pollSeconds, timeoutSeconds } from "./api";

export const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-east-1", "ap-southeast-1", "ap-northeast-1", "ap-northeast-2",
  "ap-southeast-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-central-1", "eu-central-2", "ca-central-1",
  "ap-south-1", "sa-east-1",
] as const;
export const INSTANCE_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] as const;

export const projectSchema = z.object({
  ...apiFields,
  /** The organization's slug. */
  organization: z.string().regex(/^[\w-]+$/, "must be the organization's slug"),
  /** The project's name (a change renames it). */
  name: z.string().min(1, "must not be empty").max(256),
  /** Where the project runs (a change replaces it). */
  region: z.enum(REGIONS, { message: `must be one of ${REGIONS.join(", ")}` }),
  /** The compute size (the compute add-on; nano is the free plan's default). */
  instanceSize: z.enum(INSTANCE_SIZES, { message: `must be one of ${INSTANCE_SIZES.join(", ")}` }).optional(),
  /** The database password; a secret. Generated (32 random characters) when not given. */
  dbPassword: z.string().min(12, "must have at least 12 characters").optional(),
  /** Adopt this existing project (its ref: 20 lowercase letters) instead of creating one; destroy then leaves it in place. */
  adoptRef: z.string().regex(/^[a-z]{20}$/, "must be a project ref: 20 lowercase letters").optional(),
  /** Supabase's root CA (a PEM file): the connection strings verify the server against it (sslmode=verify-full). */
  caFile: z.string().min(1, "caFile is required: the path of Supabase's root CA certificate (PEM)"),
  /** The session pooler's port (Supavisor listens on 5432; another value only for a stand-in). */
  sessionPort: z.number().int().min(1).max(65_535).default(5432),
  /** How long to wait for the project to become healthy (default 900). */
  healthTimeoutSeconds: timeoutSeconds.default(900),
  /** Seconds between status requests while waiting (default 15). */
  pollSeconds: pollSeconds.default(15),
  /**
   * Refuse to delete a project this stack created while its database's tables hold rows (naming each
   * table), unless the run allows it (SUPASTACK_ALLOW_DATA_LOSS=1; supastack's --allow-data-loss).
   * Default true; supastack's program turns it off on ephemeral stacks. An adopted project is never deleted.
   */
  protectRows: z.boolean().default(true),
});
export type ProjectInputs = z.infer<typeof projectSchema>;

/** What a Project gives back besides its inputs (the provider's outputs, the resource's properties). */
export const projectOutputsSchema = z.object({
  ref: z.string(),
  /** Generated when not given. A secret. */
  dbPassword: z.string(),
  /** True for a project adopted by adoptRef (destroy leaves it in place). */
  adopted: z.boolean(),
  status: z.string(),
  dbHost: z.string(),
  /** https://<ref>.supabase.co */
  supabaseUrl: z.string(),
  /** The legacy `anon` JWT key while the project has one (deprecated by Supabase), else the publishable key. */
  anonKey: z.string(),
  /** The legacy `service_role` JWT key while the project has one (deprecated), else the secret key. A secret. */
  serviceRoleKey: z.string(),
  /** `sb_publishable_...`: what browsers and apps send (role anon, or the signed-in user's). */
  publishableKey: z.string(),
  /** `sb_secret_...`: what servers send (bypasses RLS, as service_role). A secret. */
  secretKey: z.string(),
  /** The direct connection string, with the password: a secret. */
  databaseUrl: z.string(),
  /** The session pooler's (port 5432) connection string, with the password: a secret. */
  poolerSessionUrl: z.string(),
  /** The transaction pooler's (port 6543) connection string, with the password: a secret. */
  poolerTransactionUrl: z.string(),
});
export type ProjectOutputValues = z.infer<typeof projectOutputsSchema>;

/** Outputs that carry the password or the service key. */
export const PROJECT_SECRET_OUTPUTS: readonly (keyof ProjectOutputValues)[] = ["dbPassword", "serviceRoleKey", "secretKey", "databaseUrl", "poolerSessionUrl", "poolerTransactionUrl"];
