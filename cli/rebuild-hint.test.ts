import { describe, expect, it } from "vitest";
import { rebuildHint } from "./rebuild-hint";

describe("rebuildHint", () => {
  it("turns a changed-migration refusal into the exact commands that rebuild the stack", () => {
    const failure =
      "error: supastack:index:Migration resource 'voice-migrations' has a problem: files[0]: sql/voice/001_tables.sql changed after it was applied (checksum 3f2a -> 9c1d); put the change in a new migration file";
    const hint = rebuildHint(failure, "dev");
    expect(hint).toContain("sql/voice/001_tables.sql changed after it was applied");
    expect(hint).toContain("./bin/supastack destroy --stack dev && npm start");
  });
  it("leaves other failures alone", () => {
    expect(rebuildHint("connection refused", "dev")).toBeUndefined();
  });
});
