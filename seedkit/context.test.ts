import { describe, expect, it } from "vitest";
import { customSeeder, generateTables, type SeedGenerator } from "./context";

const settings = { seed: 4, profile: "dev" as const, scale: 1 };

const crm: SeedGenerator = (ctx) => {
  const companies = ctx.table("companies", ["id", "owner_id", "name"]);
  const contacts = ctx.table("crm.contacts", ["id", "company_id", "full_name"]);
  for (const [u, user] of ctx.users(ctx.volume(3)).entries()) {
    const id = ctx.id("companies", u);
    companies.insert({ id, owner_id: user.id, name: ctx.faker.company.name() });
    contacts.insert([ctx.id("contacts", u), id, ctx.faker.person.fullName()]);
  }
};

const rowsOf = (tables: ReturnType<typeof generateTables>) => tables.map((t) => [`${t.schema}.${t.table}`, [...t.rows()]]);

describe("user seed generators", () => {
  it("loads the users first, then the tables in the order they were named, with exact estimates", () => {
    const tables = generateTables({ module: "crm", schema: "crm" }, crm, settings);
    expect(tables.map((t) => [`${t.schema}.${t.table}`, t.estimate])).toEqual([
      ["auth.users", 3],
      ["auth.identities", 3],
      ["crm.companies", 3],
      ["crm.contacts", 3],
    ]);
    const companies = [...tables[2]!.rows()];
    const users = [...tables[0]!.rows()];
    expect(companies.map((r) => r[1])).toEqual(users.map((r) => r[1]));
    for (const u of users) expect(String(u[4])).toMatch(/^[a-z.]+\.crm\d+@(example\.(com|org|net)|(mail|inbox)\.test)$/);
  });
  it("is deterministic for a seed and differs across seeds", () => {
    expect(rowsOf(generateTables({ module: "crm", schema: "crm" }, crm, settings))).toEqual(rowsOf(generateTables({ module: "crm", schema: "crm" }, crm, settings)));
    expect(rowsOf(generateTables({ module: "crm", schema: "crm" }, crm, { ...settings, seed: 5 }))).not.toEqual(rowsOf(generateTables({ module: "crm", schema: "crm" }, crm, settings)));
  });
  it("scales with the profile", () => {
    expect(generateTables({ module: "crm", schema: "crm" }, crm, { ...settings, profile: "load", scale: 2 })[2]!.estimate).toBe(240);
  });
  it("names the table and columns of a bad row", () => {
    expect(() => generateTables({ module: "crm", schema: "crm" }, (ctx) => ctx.table("t", ["a", "b"]).insert([1]), settings)).toThrow("seed crm.t: a row has 1 values for 2 columns (a, b)");
    expect(() => generateTables({ module: "crm", schema: "crm" }, (ctx) => ctx.table("t", ["a"]).insert({ b: 1 }), settings)).toThrow(/seed crm\.t: column b was not named/);
    expect(() => generateTables({ module: "crm", schema: "crm" }, (ctx) => ctx.table("auth.users", ["id"]), settings)).toThrow(/ctx\.users\(count\)/);
  });
  it("resets what it wrote, children first, then its own users", () => {
    expect(customSeeder({ module: "crm", schema: "crm" }, crm).resetSql).toEqual([
      'DELETE FROM "crm"."contacts"',
      'DELETE FROM "crm"."companies"',
      "DELETE FROM auth.users WHERE raw_app_meta_data ->> 'supastack_module' = 'crm'",
    ]);
  });
});
