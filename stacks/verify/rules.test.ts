import { describe, expect, it } from "vitest";
import type { Catalog } from "./catalog";
import { findings, perRowAuthCalls } from "./rules";

const empty: Catalog = { schemas: [], tables: [], policies: [], views: [], functions: [], foreignKeys: [], privileges: [], declared: {} };

describe("verify rules", () => {
  it("tells a per-row auth call from one evaluated once per statement", () => {
    expect(perRowAuthCalls("(user_id = auth.uid())")).toEqual(["auth.uid()"]);
    expect(perRowAuthCalls("(user_id = ( SELECT auth.uid() AS uid))")).toEqual([]);
    expect(perRowAuthCalls("((auth.jwt() ->> 'role'::text) = 'admin'::text)")).toEqual(["auth.jwt()"]);
    expect(perRowAuthCalls(null)).toEqual([]);
  });
  it("reports a schema the stack declares but the database lacks", () => {
    const spec = { name: "jobs", schema: "jobs", description: "", tables: [], policies: [], views: [], functions: [] };
    expect(findings(empty, [spec])).toEqual([
      { rule: "missing", object: "schema jobs", problem: "module jobs declares it but it does not exist", fix: "run `supastack up` for the stack" },
    ]);
  });
  it("accepts a definer function with a fixed search_path and flags one without", () => {
    const catalog: Catalog = {
      ...empty,
      functions: [
        { schema: "cc", name: "is_admin", signature: "is_admin()", securityDefiner: true, config: ["search_path="] },
        { schema: "cc", name: "leaky", signature: "leaky(uuid)", securityDefiner: true, config: [] },
        { schema: "cc", name: "plain", signature: "plain()", securityDefiner: false, config: [] },
      ],
    };
    expect(findings(catalog, []).map((f) => f.object)).toEqual(["function cc.leaky(uuid)"]);
  });
});
