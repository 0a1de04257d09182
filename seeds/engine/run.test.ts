import { describe, expect, it } from "vitest";
import { loadOrder, moduleBytes } from "./run";
import type { ModuleSeeder, TableSeed } from "../../seedkit/types";

/** A module whose tables have these expected row counts, each row `width` characters. */
const seeder = (module: string, estimates: number[], width = 9): ModuleSeeder => ({
  module,
  resetSql: [],
  tables: () =>
    estimates.map((estimate, i): TableSeed => ({
      schema: module,
      table: `t${i}`,
      columns: ["v"],
      estimate,
      *rows() {
        for (let n = 0; n < estimate; n++) yield ["x".repeat(width)];
      },
    })),
});

describe("load order", () => {
  const settings = { seed: 1, profile: "load", scale: 1 } as const;
  it("starts the module with the most expected rows first, keeping the given order between equals", () => {
    const order = loadOrder([seeder("a", [10, 5]), seeder("b", [1000]), seeder("c", [15]), seeder("d", [7, 8])], settings);
    expect(order.map((s) => s.module)).toEqual(["b", "a", "c", "d"]);
  });
  it("weighs rows by their sampled size: a few wide rows can be more work than many narrow ones", () => {
    expect(moduleBytes(seeder("w", [100, 0], 99), settings)).toBe(100 * 100);
    const order = loadOrder([seeder("narrow", [1000], 9), seeder("wide", [200], 199)], settings);
    expect(order.map((s) => s.module)).toEqual(["wide", "narrow"]);
  });
  it("counts only the tables an --only list keeps", () => {
    const order = loadOrder([seeder("a", [10, 500]), seeder("b", [100])], settings, ["a.t0", "b"]);
    expect(order.map((s) => s.module)).toEqual(["b", "a"]);
  });
});
