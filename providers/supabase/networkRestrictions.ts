// NetworkRestrictions: the project's database allow-lists (IPv4 and IPv6 CIDRs). Apply replaces the
// whole list; read reports what the API holds, so refresh sees a change made in the dashboard;
// delete opens the database to every address again (the API's "no restriction").
import { normaliseCidrs } from "./cidr";
import type { ApiProviderSpec } from "./provider";
import { networkRestrictionsSchema, type NetworkRestrictionsInputs } from "./shapes/networkRestrictions";

export { networkRestrictionsSchema, type NetworkRestrictionsInputs } from "./shapes/networkRestrictions";

interface RestrictionsResponse {
  entitlement?: "allowed" | "disallowed";
  config?: { dbAllowedCidrs?: string[]; dbAllowedCidrsV6?: string[] };
}

const OPEN = { dbAllowedCidrs: ["0.0.0.0/0"], dbAllowedCidrsV6: ["::/0"] };

export const networkRestrictionsSpec: ApiProviderSpec<NetworkRestrictionsInputs, NetworkRestrictionsInputs> = {
  kind: "NetworkRestrictions",
  schema: networkRestrictionsSchema,
  replaceOn: ["ref"],
  normalise: (i) => ({ ...i, ipv4: normaliseCidrs(i.ipv4), ipv6: normaliseCidrs(i.ipv6) }),
  id: (i) => `${i.ref}/network-restrictions`,
  async create(api, inputs) {
    await apply(api, inputs);
    return { ...inputs, ipv4: normaliseCidrs(inputs.ipv4), ipv6: normaliseCidrs(inputs.ipv6) };
  },
  async read(api, _id, olds) {
    const now = (await api.call(`get network restrictions of ${olds.ref}`, "read", (c) => c.getNetworkRestrictions(olds.ref))) as RestrictionsResponse;
    return { ...olds, ipv4: normaliseCidrs(now.config?.dbAllowedCidrs ?? []), ipv6: normaliseCidrs(now.config?.dbAllowedCidrsV6 ?? []) };
  },
  async update(api, _id, _olds, news) {
    await apply(api, news);
    return { ...news, ipv4: normaliseCidrs(news.ipv4), ipv6: normaliseCidrs(news.ipv6) };
  },
  async delete(api, _id, olds) {
    await api.call(`lift network restrictions of ${olds.ref}`, "write", (c) => c.updateNetworkRestrictions(olds.ref, OPEN));
  },
};

async function apply(api: import("./api").ManagementApi, i: NetworkRestrictionsInputs): Promise<void> {
  // GET reports whether the project may use network restrictions (OAS: entitlement allowed|disallowed;
  // projects created before 2022-12-23 need an upgrade first, docs network-restrictions).
  const now = (await api.call(`get network restrictions of ${i.ref}`, "read", (c) => c.getNetworkRestrictions(i.ref))) as RestrictionsResponse;
  if (now.entitlement === "disallowed") {
    throw new Error(`project ${i.ref} is not entitled to network restrictions (entitlement: disallowed); remove supastack:supabase.networkRestrictions, or upgrade the project/plan first`);
  }
  await api.call(`apply network restrictions to ${i.ref}`, "write", (c) =>
    c.updateNetworkRestrictions(i.ref, { dbAllowedCidrs: normaliseCidrs(i.ipv4), dbAllowedCidrsV6: normaliseCidrs(i.ipv6) }),
  );
}
