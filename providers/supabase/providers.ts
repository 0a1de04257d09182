// Every Supabase Management API resource kind's provider, by kind (gathered in ../registry.ts).
import type * as pulumi from "@pulumi/pulumi";
import { networkRestrictionsSpec } from "./networkRestrictions";
import { projectSpec } from "./project";
import { apiProvider } from "./provider";
import { settingsSpec } from "./settings";

export const supabaseProviders: Record<string, pulumi.dynamic.ResourceProvider> = {
  "supabase:Project": apiProvider(projectSpec),
  "supabase:NetworkRestrictions": apiProvider(networkRestrictionsSpec),
  "supabase:Settings": apiProvider(settingsSpec),
};
