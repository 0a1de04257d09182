// The example's own module: companies and contacts per signed-in user, next to supastack's modules.
import { defineModule, type SeedContext } from "supastack";

const own = "(select auth.uid()) = owner_id";
const STAGES = ["lead", "qualified", "customer", "lost"] as const;

/** The seed: a few users, each with companies and contacts; deterministic for a seed. */
function seedCrm(ctx: SeedContext): void {
  const companies = ctx.table("companies", ["id", "owner_id", "name", "domain", "created_at"]);
  const contacts = ctx.table("contacts", ["id", "owner_id", "company_id", "full_name", "email", "stage", "created_at"]);
  let c = 0;
  for (const [u, user] of ctx.users(ctx.volume(4)).entries()) {
    const count = ctx.rng.int(2, 5);
    for (let k = 0; k < count; k++) {
      const id = ctx.id("companies", u * 10 + k);
      const name = ctx.faker.company.name();
      const created = ctx.epoch - ctx.rng.int(1, 200) * ctx.DAY;
      companies.insert({ id, owner_id: user.id, name, domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.com`, created_at: ctx.iso(created) });
      for (let n = ctx.rng.int(1, 4); n > 0; n--) {
        const first = ctx.faker.person.firstName();
        const last = ctx.faker.person.lastName();
        contacts.insert([ctx.id("contacts", c++), user.id, id, `${first} ${last}`, `${first}.${last}${c}@example.org`.toLowerCase(), ctx.rng.pick(STAGES), ctx.iso(created + ctx.rng.int(1, 30) * ctx.DAY)]);
      }
    }
  }
}

export const crm = defineModule({
  name: "crm",
  description: "Companies and contacts, each user their own",
  // Migrations, applied in order, each once (relative to the program's directory).
  sql: "sql/crm",
  tables: [
    {
      name: "companies",
      grants: { authenticated: ["SELECT", "DELETE"] },
      // Users write the name and domain; ids, owners and times are the server's.
      columns: { authenticated: { INSERT: ["name", "domain"], UPDATE: ["name", "domain"] } },
    },
    {
      name: "contacts",
      grants: { authenticated: ["SELECT", "DELETE"] },
      columns: { authenticated: { INSERT: ["company_id", "full_name", "email", "stage"], UPDATE: ["full_name", "email", "stage"] } },
    },
  ],
  policies: [
    { table: "companies", name: "own companies", command: "ALL", roles: ["authenticated"], using: own, withCheck: own },
    { table: "contacts", name: "own contacts", command: "ALL", roles: ["authenticated"], using: own, withCheck: own },
  ],
  views: [
    {
      name: "company_contacts",
      definition: "SELECT co.id AS company_id, co.name AS company, count(ct.id) AS contacts FROM crm.companies co LEFT JOIN crm.contacts ct ON ct.company_id = co.id GROUP BY co.id, co.name",
      grants: { authenticated: ["SELECT"] },
    },
  ],
  functions: [{ signature: "contacts_by_stage()", grants: ["authenticated"] }],
  seed: seedCrm,
});
