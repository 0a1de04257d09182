import { describe, expect, it } from "vitest";
import { deletedRows } from "./reset";

const count = (table: string, rows: number, atLeast = false) => ({ schema: "s", table, rows, atLeast });

describe("the rows a reset deletes", () => {
  it("are each table's count before less its count after, tables that lose none left out", () => {
    expect(deletedRows([count("a", 10), count("b", 5), count("c", 0), count("d", 7)], [count("a", 0), count("b", 5), count("c", 0), count("d", 3)])).toEqual([count("a", 10), count("d", 4)]);
  });
  it("are a lower bound when the count before was capped", () => {
    expect(deletedRows([count("big", 1_000_000, true)], [count("big", 0)])).toEqual([count("big", 1_000_000, true)]);
  });
});
