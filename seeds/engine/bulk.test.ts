import { describe, expect, it } from "vitest";
import { type BulkCatalog, mentions, planBulk } from "./bulk";
import { shardOf, shouldShard, stageName } from "./shards";

const catalog: BulkCatalog = {
  tables: [
    { schema: "auth", table: "users", owned: false, empty: true, pinned: false },
    { schema: "m", table: "parents", owned: true, empty: true, pinned: false },
    { schema: "m", table: "children", owned: true, empty: true, pinned: false },
    { schema: "m", table: "full", owned: true, empty: false, pinned: false },
  ],
  indexes: [
    { schema: "m", table: "parents", name: "parents_pkey", def: "CREATE UNIQUE INDEX parents_pkey ON m.parents USING btree (id)", constraint: "parents_pkey" },
    { schema: "m", table: "children", name: "children_pkey", def: "CREATE UNIQUE INDEX children_pkey ON m.children USING btree (id)", constraint: "children_pkey" },
    { schema: "m", table: "children", name: "children_parent_idx", def: "CREATE INDEX children_parent_idx ON m.children USING btree (parent_id)" },
    { schema: "m", table: "full", name: "full_idx", def: "CREATE INDEX full_idx ON m.full USING btree (x)" },
  ],
  constraints: [
    { schema: "m", table: "parents", name: "parents_pkey", type: "p", def: "PRIMARY KEY (id)" },
    { schema: "m", table: "children", name: "children_pkey", type: "p", def: "PRIMARY KEY (id)" },
    { schema: "m", table: "children", name: "children_parent_fk", type: "f", def: "FOREIGN KEY (parent_id) REFERENCES m.parents(id)", refSchema: "m", refTable: "parents", refIndex: "parents_pkey" },
    { schema: "m", table: "children", name: "children_user_fk", type: "f", def: "FOREIGN KEY (user_id) REFERENCES auth.users(id)", refSchema: "auth", refTable: "users", refIndex: "users_pkey" },
    { schema: "m", table: "full", name: "full_parent_fk", type: "f", def: "FOREIGN KEY (p) REFERENCES m.parents(id) NOT VALID", refSchema: "m", refTable: "parents", refIndex: "parents_pkey" },
  ],
  triggerFunctions: [],
};

describe("bulk plan", () => {
  it("drops keys, indexes and foreign keys inside the loaded set only, and rebuilds keys, then indexes, then foreign keys", () => {
    const plan = planBulk(catalog, ["auth.users", "m.parents", "m.children", "m.full"]);
    expect(plan.tables).toEqual(["m.parents", "m.children"]);
    expect(plan.drop).toEqual([
      'ALTER TABLE "m"."children" DROP CONSTRAINT "children_parent_fk"',
      // parents_pkey stays: m.full's foreign key (kept: m.full is not empty) depends on it.
      'ALTER TABLE "m"."children" DROP CONSTRAINT "children_pkey"',
      'DROP INDEX "m"."children_parent_idx"',
      // m.parents is referenced by a kept foreign key: no TRUNCATE, so no FREEZE for it.
      'TRUNCATE "m"."children"',
    ]);
    expect(plan.freeze).toEqual(["m.children"]);
    expect(plan.rebuild).toEqual([
      'ALTER TABLE "m"."children" ADD CONSTRAINT "children_pkey" PRIMARY KEY (id)',
      "CREATE INDEX children_parent_idx ON m.children USING btree (parent_id)",
      'ALTER TABLE "m"."children" ADD CONSTRAINT "children_parent_fk" FOREIGN KEY (parent_id) REFERENCES m.parents(id)',
    ]);
  });

  it("keeps every index of a table a trigger function reads", () => {
    const plan = planBulk({ ...catalog, triggerFunctions: [{ source: "BEGIN SELECT 1 FROM m.children c WHERE c.id = NEW.child_id; END", emptySearchPath: true }] }, ["m.parents", "m.children"]);
    expect(plan.drop.filter((s) => s.includes("children_pkey") || s.includes("children_parent_idx"))).toEqual([]);
    expect(plan.drop).toContain('ALTER TABLE "m"."children" DROP CONSTRAINT "children_parent_fk"');
    const fn = (source: string, emptySearchPath = true) => ({ source, emptySearchPath });
    expect(mentions(fn('SELECT 1 FROM "m"."children"'), "m", "children")).toBe(true);
    expect(mentions(fn("SELECT 1 FROM m . children x"), "m", "children")).toBe(true);
    expect(mentions(fn("SELECT 1 FROM m.children_archive"), "m", "children")).toBe(false);
    expect(mentions(fn("SELECT 1 FROM om.children"), "m", "children")).toBe(false);
    // With an empty search_path a bare word cannot be the table (here: a string compared with TG_TABLE_NAME).
    expect(mentions(fn("IF TG_TABLE_NAME <> 'children' THEN"), "m", "children")).toBe(false);
    expect(mentions(fn("SELECT 1 FROM children", false), "m", "children")).toBe(true);
  });

  it("leaves a table with a deferred trigger as it is: its pending events forbid altering it until COMMIT", () => {
    const deferred = { ...catalog, tables: catalog.tables.map((t) => (t.table === "children" ? { ...t, deferred: true } : t)) };
    const plan = planBulk(deferred, ["auth.users", "m.parents", "m.children"]);
    expect(plan.tables).toEqual(["m.parents"]);
    expect(plan.drop.some((s) => s.includes('"children"'))).toBe(false);
    expect(plan.rebuild.some((s) => s.includes("children"))).toBe(false);
  });

  it("does nothing for tables that are not empty or not owned", () => {
    const plan = planBulk(catalog, ["auth.users", "m.full"]);
    expect(plan).toEqual({ tables: [], freeze: [], drop: [], rebuild: [] });
  });
});

describe("shards", () => {
  it("deal the chunks round-robin, only for large tables, under names that identify the run", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((k) => shardOf(k, 3))).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(shouldShard(10_000_000, 1)).toBe(false);
    expect(shouldShard(60_000, 4)).toBe(false);
    expect(shouldShard(10_000_000, 4)).toBe(true);
    expect(stageName(4123, 7, 2)).toBe("s4123_7_2");
  });
});
