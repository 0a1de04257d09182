// The people of a legacy application: its auth users (names and emails on reserved domains only,
// seedkit/auth.ts RESERVED_DOMAINS), drawn from the module's stream.
import { RESERVED_DOMAINS } from "../../../seedkit/auth";
import { person } from "../../../seedkit/people";
import { pools } from "../../../seedkit/pools";
import type { Rng } from "../../../seedkit/prng";
import { daysAgo, type LegacyAuthUser } from "./types";

/** `module` tags each address (user+module@domain), so modules built into one database never share an email. */
export function legacyUsers(rng: Rng, seed: number, module: string, count: number, minDays = 120, maxDays = 400): LegacyAuthUser[] {
  const p = pools(seed);
  return Array.from({ length: count }, (_, i) => {
    const who = person(rng, p, i, RESERVED_DOMAINS);
    return { id: rng.uuid(), email: who.email.replace("@", `+${module.replace(/_/g, "")}@`), fullName: who.fullName, createdMs: daysAgo(rng, minDays, maxDays) };
  });
}
