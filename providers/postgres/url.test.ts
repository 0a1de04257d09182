import { describe, expect, it } from "vitest";
import { databaseOf, withDatabase } from "./url";

describe("connection URLs", () => {
  it("name their database, postgres when they name none", () => {
    expect(databaseOf("postgresql://u:p@h:5432/app%20db?sslmode=require")).toBe("app db");
    expect(databaseOf("postgresql://u:p@h:5432")).toBe("postgres");
    expect(databaseOf("postgresql://u:p@h:5432/")).toBe("postgres");
  });

  it("point at another database of the same server, keeping credentials and parameters", () => {
    expect(withDatabase("postgresql://u:p%40ss@h:6543/postgres?sslmode=verify-full", "ephemeral_x")).toBe("postgresql://u:p%40ss@h:6543/ephemeral_x?sslmode=verify-full");
    expect(databaseOf(withDatabase("postgresql://u@h/a", "b c"))).toBe("b c");
  });
});
