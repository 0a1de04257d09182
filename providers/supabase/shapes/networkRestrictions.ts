// Shape of NetworkRestrictions: the project's database allow-lists. The stack configuration's
// `supastack:supabase.networkRestrictions` takes these same lists.
import { z } from "zod";
import { cidrProblem } from "../cidr";
import { apiFields } from "./api";

/** CIDRs of one family, each checked (public ranges only); a set, as the API treats it. */
export const cidrList = (family: "ipv4" | "ipv6") =>
  z.array(z.string()).superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      const problem = cidrProblem(entry, family);
      if (problem) ctx.addIssue({ code: "custom", path: [i], message: problem });
    });
  });

export const networkRestrictionsSchema = z.object({
  ...apiFields,
  /** The project's ref. */
  ref: z.string().min(1),
  /** IPv4 CIDRs allowed to reach the database (and pooler); everything else is refused. */
  ipv4: cidrList("ipv4").default([]),
  /** IPv6 CIDRs allowed to reach the database. */
  ipv6: cidrList("ipv6").default([]),
});
export type NetworkRestrictionsInputs = z.infer<typeof networkRestrictionsSchema>;
