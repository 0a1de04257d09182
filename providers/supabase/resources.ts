// The Supabase resources a Pulumi program declares: dynamic resources whose providers forward to
// providers/supabase/*.ts. The access token, the database password, the service key and every
// connection string are secrets.
import * as pulumi from "@pulumi/pulumi";
import { ForwardedResource } from "../dynamic";
import type { ShapeArgs } from "../framework/args";
import type { networkRestrictionsSchema } from "./shapes/networkRestrictions";
import { PROJECT_SECRET_OUTPUTS, type ProjectOutputValues, projectOutputsSchema, type projectSchema } from "./shapes/project";
import type { settingsSchema } from "./shapes/settings";

type In<T> = pulumi.Input<T>;

abstract class SupabaseResource extends ForwardedResource {
  protected constructor(kind: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("supabase", kind, `supabase:${kind}`, name, { ...props, accessToken: pulumi.secret(props.accessToken as In<string>) }, opts);
  }
}

/** The arguments of Project (from its shape, providers/supabase/shapes/project.ts). */
export type ProjectArgs = ShapeArgs<typeof projectSchema>;

/** Its outputs, as the shape lists them (projectOutputsSchema). */
export interface Project extends Readonly<{ [K in keyof ProjectOutputValues]: pulumi.Output<ProjectOutputValues[K]> }> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above types the outputs this class registers
export class Project extends SupabaseResource {
  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(Object.keys(projectOutputsSchema.shape).filter((k) => k !== "dbPassword").map((k) => [k, undefined]));
    const props: pulumi.Inputs = { ...outputs, ...args, dbPassword: args.dbPassword === undefined ? undefined : pulumi.secret(args.dbPassword) };
    super("Project", name, props, {
      ...opts,
      additionalSecretOutputs: [...PROJECT_SECRET_OUTPUTS, ...(opts?.additionalSecretOutputs ?? [])],
    });
  }
}

/** The arguments of NetworkRestrictions (from its shape, providers/supabase/shapes/networkRestrictions.ts). */
export type NetworkRestrictionsArgs = ShapeArgs<typeof networkRestrictionsSchema>;

export class NetworkRestrictions extends SupabaseResource {
  constructor(name: string, args: NetworkRestrictionsArgs, opts?: pulumi.CustomResourceOptions) {
    super("NetworkRestrictions", name, { ...args }, opts);
  }
}

/** The arguments of Settings (from its shape, providers/supabase/shapes/settings.ts). */
export type SettingsArgs = ShapeArgs<typeof settingsSchema>;

export class Settings extends SupabaseResource {
  constructor(name: string, args: SettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("Settings", name, { ...args }, opts);
  }
}
