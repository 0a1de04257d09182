// The Supabase family's adapter to the provider framework (../framework/core.ts): every call gets a
// Management API client made from the resource's `accessToken` (a secret) and `apiUrl`, which say
// how to reach the API rather than what to make, so they never count as changes.
import type * as pulumi from "@pulumi/pulumi";
import { type ClientAdapter, defineProvider, type KindSpec } from "../framework/core";
import { ManagementApi } from "./api";
import type { ApiInputs } from "./shapes/api";

export type { ApiInputs } from "./shapes/api";
export { apiFields } from "./shapes/api";

export type ApiProviderSpec<I extends ApiInputs, O extends I> = KindSpec<I, O, ManagementApi>;

const client = (props: Record<string, unknown>) => new ManagementApi({ accessToken: String(props.accessToken), apiUrl: props.apiUrl as string | undefined });

export const managementApiAdapter: ClientAdapter<ManagementApi> = {
  ignoreInDiff: ["accessToken", "apiUrl"],
  change: (props, fn) => fn(client(props)),
  read: (props, fn) => (props.accessToken ? fn(client(props)) : undefined),
};

export function apiProvider<I extends ApiInputs, O extends I>(spec: ApiProviderSpec<I, O>): pulumi.dynamic.ResourceProvider {
  return defineProvider(spec, managementApiAdapter);
}
