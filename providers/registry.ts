// All provider implementations by kind. The dynamic-provider plugin loads the compiled form of this
// module at run time (see dynamic.ts), so what Pulumi stores per resource is a few lines of code.
import type * as pulumi from "@pulumi/pulumi";
import { postgresProviders } from "./postgres/providers";
import { supabaseProviders } from "./supabase/providers";

export const providers: Record<string, pulumi.dynamic.ResourceProvider> = {
  ...postgresProviders,
  ...supabaseProviders,
};
