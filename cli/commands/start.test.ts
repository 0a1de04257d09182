import { describe, expect, it } from "vitest";
import { staleLocalState } from "./start";

describe("staleLocalState", () => {
  const now = "postgresql://postgres:new-secret@127.0.0.1:54322/postgres";
  it("sees a recreated local database (new password) under a stack applied to the old one", () => {
    expect(staleLocalState("postgresql://postgres:old-secret@127.0.0.1:54322/postgres", now)).toBe(true);
    expect(staleLocalState("postgresql://postgres:new-secret@127.0.0.1:54322/other", now)).toBe(false);
  });
  it("never calls a stack on another server stale", () => {
    expect(staleLocalState("postgresql://postgres:old-secret@127.0.0.1:54323/postgres", now)).toBe(false);
    expect(staleLocalState("postgresql://app:pw@db.example.com:5432/app", now)).toBe(false);
  });
});
