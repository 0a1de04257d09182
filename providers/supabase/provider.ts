// Turns a per-kind specification into a Pulumi dynamic provider for Management API resources:
// the same check (zod, failures name the property) and diff rules as the Postgres kinds; the
// access token and API URL travel as inputs (the token a secret) and never count as changes.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { changedKeys, checkInputs, type Failure, plain, UNKNOWN } from "../postgres/provider";
import { ManagementApi } from "./api";

export interface ApiInputs {
  accessToken: string;
  apiUrl?: string;
}

export interface ApiProviderSpec<I extends ApiInputs, O extends I> {
  kind: string;
  schema: z.ZodObject<z.ZodRawShape>;
  replaceOn: readonly (keyof I & string)[];
  /** Inputs the engine should not compare. */
  ignoreInDiff?: readonly string[];
  /** Inputs the provider fills in when absent (a generated password): absent means "keep it". */
  generated?: readonly string[];
  validate?(inputs: I): Failure[];
  /** Canonical form of valid inputs (e.g. sorted lists), so order alone is never a change. */
  normalise?(inputs: I): I;
  id(inputs: I, outs: O): string;
  create(api: ManagementApi, inputs: I): Promise<O>;
  read(api: ManagementApi, id: string, olds: O): Promise<O | undefined>;
  update(api: ManagementApi, id: string, olds: O, news: I): Promise<O>;
  delete(api: ManagementApi, id: string, olds: O): Promise<void>;
}

type Props = Record<string, unknown>;
const strip = (p: Props): Props => {
  const { __provider: _x, ...rest } = p;
  return rest;
};

export const apiFields = {
  accessToken: z.string().min(1, "accessToken is required (SUPABASE_ACCESS_TOKEN)"),
  apiUrl: z.string().url("apiUrl must be a URL").optional(),
};

export function apiProvider<I extends ApiInputs, O extends I>(spec: ApiProviderSpec<I, O>): pulumi.dynamic.ResourceProvider {
  const keys = Object.keys(spec.schema.shape).filter((k) => k !== "accessToken" && k !== "apiUrl" && !(spec.ignoreInDiff ?? []).includes(k));
  const api = (i: ApiInputs) => new ManagementApi({ accessToken: i.accessToken, apiUrl: i.apiUrl });
  return {
    async check(_olds: Props, news: Props) {
      const result = checkInputs(spec.schema, strip(news));
      const known = Object.values(result.inputs).every((v) => v !== UNKNOWN);
      if (result.failures.length === 0 && known && spec.validate) result.failures.push(...spec.validate(result.inputs as unknown as I));
      const inputs = result.failures.length === 0 && known && spec.normalise ? (spec.normalise(result.inputs as unknown as I) as unknown as Props) : result.inputs;
      return { inputs, failures: result.failures };
    },
    async diff(_id: string, olds: Props, news: Props) {
      const n = strip(news);
      const changed = changedKeys(keys, strip(olds), n).filter((k) => !((spec.generated ?? []).includes(k) && n[k] === undefined));
      if (changed.length === 0) return { changes: false };
      return { changes: true, replaces: changed.filter((k) => (spec.replaceOn as readonly string[]).includes(k)), deleteBeforeReplace: false };
    },
    async create(inputs: Props) {
      const i = strip(inputs) as unknown as I;
      const outs = plain(await spec.create(api(i), i));
      return { id: spec.id(i, outs), outs };
    },
    async read(id: string, props?: Props) {
      const olds = strip(props ?? {}) as unknown as O;
      if (!olds.accessToken) return { id, props };
      const now = await spec.read(api(olds), id, olds);
      return now ? { id, props: plain(now) as unknown as Props } : {};
    },
    async update(id: string, olds: Props, news: Props) {
      const n = strip(news) as unknown as I;
      return { outs: plain(await spec.update(api(n), id, strip(olds) as unknown as O, n)) };
    },
    async delete(id: string, props: Props) {
      const olds = strip(props) as unknown as O;
      await spec.delete(api(olds), id, olds);
    },
  };
}
