// People: names, emails derived from names (unique through the index), fictional US phone numbers
// in E.164 (phones.ts: 555-01XX behind a real area code, so nobody can be dialled).
import { fictionalPhone } from "./phones";
import type { Rng } from "./prng";
import type { Pools } from "./pools";

export interface Person {
  first: string;
  last: string;
  fullName: string;
  email: string;
  phone: string;
}

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();
}

/** A US number no one answers: fictionalPhone (phones.ts). */
export const usPhone = fictionalPhone;

/** A person; `index` keeps emails unique at any scale; domains keep modules apart. */
export function person(rng: Rng, p: Pools, index: number, domains: readonly string[]): Person {
  const first = rng.pick(p.firstNames);
  const last = rng.pick(p.lastNames);
  const style = rng.int(0, 2);
  const local = style === 0 ? `${slug(first)}.${slug(last)}` : style === 1 ? `${slug(first)[0] ?? "x"}${slug(last)}` : `${slug(first)}_${slug(last)}`;
  return { first, last, fullName: `${first} ${last}`, email: `${local}${index}@${rng.pick(domains)}`, phone: usPhone(rng) };
}
