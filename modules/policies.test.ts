import { describe, expect, it } from "vitest";
import { CALLER, ownRows } from "./policies";

describe("owner policies", () => {
  it("filter what a command reads and check what it writes, in the order given", () => {
    const own = `user_id = ${CALLER}`;
    expect(ownRows("t", own, { SELECT: "read", INSERT: "add", UPDATE: "change", DELETE: "remove", ALL: "all" })).toEqual([
      { table: "t", name: "read", command: "SELECT", roles: ["authenticated"], using: own },
      { table: "t", name: "add", command: "INSERT", roles: ["authenticated"], withCheck: own },
      { table: "t", name: "change", command: "UPDATE", roles: ["authenticated"], using: own, withCheck: own },
      { table: "t", name: "remove", command: "DELETE", roles: ["authenticated"], using: own },
      { table: "t", name: "all", command: "ALL", roles: ["authenticated"], using: own, withCheck: own },
    ]);
  });

  it("let a rule replace an expression, and take other roles", () => {
    expect(ownRows("t", "o", { UPDATE: { name: "u", withCheck: "o AND open" } })).toEqual([
      { table: "t", name: "u", command: "UPDATE", roles: ["authenticated"], using: "o", withCheck: "o AND open" },
    ]);
    expect(ownRows("t", "true", { ALL: "Service role full access" }, ["service_role"])[0]).toMatchObject({ roles: ["service_role"], using: "true", withCheck: "true" });
  });
});

describe("anonymous sign-ins", () => {
  it("get a restrictive policy per write command authenticated may make, unless the table declares it", async () => {
    const { anonymousGuards, NOT_ANONYMOUS } = await import("./policies");
    const own = `user_id = ${CALLER}`;
    const policies = [
      ...ownRows("t", own, { SELECT: "read", ALL: "all" }),
      ...ownRows("u", own, { INSERT: "add" }),
      ...ownRows("v", "true", { ALL: "Service role full access" }, ["service_role"]),
    ];
    expect(anonymousGuards([{ name: "t", anonymous: ["DELETE"] }, { name: "u" }, { name: "v" }], policies)).toEqual([
      { table: "t", name: "anonymous sign-ins may not insert", command: "INSERT", roles: ["authenticated"], permissive: false, withCheck: NOT_ANONYMOUS },
      { table: "t", name: "anonymous sign-ins may not update", command: "UPDATE", roles: ["authenticated"], permissive: false, using: NOT_ANONYMOUS, withCheck: NOT_ANONYMOUS },
      { table: "u", name: "anonymous sign-ins may not insert", command: "INSERT", roles: ["authenticated"], permissive: false, withCheck: NOT_ANONYMOUS },
    ]);
  });
  it("bind an email column to the caller's own JWT email or none", async () => {
    const { ownEmail } = await import("./policies");
    expect(ownEmail()).toBe("(email IS NULL OR email = NULLIF((SELECT auth.jwt() ->> 'email'), ''))");
  });
});
