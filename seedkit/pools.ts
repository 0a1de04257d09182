// Value pools built once per run with a seeded faker; hot paths pick from them with the fast PRNG
// instead of calling faker per row.
import { en, Faker } from "@faker-js/faker";

export interface Pools {
  firstNames: string[];
  lastNames: string[];
  companies: string[];
  cities: { city: string; state: string }[];
  streets: string[];
  sentences: string[];
  productNames: string[];
}

const cache = new Map<number, Pools>();

export function pools(seed: number): Pools {
  const hit = cache.get(seed);
  if (hit) return hit;
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const many = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
  const built: Pools = {
    firstNames: [...new Set(many(600, () => faker.person.firstName()))],
    lastNames: [...new Set(many(600, () => faker.person.lastName()))],
    companies: [...new Set(many(4000, () => faker.company.name()))],
    cities: many(200, () => ({ city: faker.location.city(), state: faker.location.state({ abbreviated: true }) })),
    streets: many(200, () => faker.location.street()),
    sentences: many(400, () => faker.lorem.sentence({ min: 6, max: 14 })),
    productNames: many(100, () => faker.commerce.productName()),
  };
  cache.set(seed, built);
  return built;
}
