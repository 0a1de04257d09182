import { describe, expect, it } from "vitest";
import { engineFailure } from "./engineErrors";

describe("engineFailure", () => {
  it("keeps the distinct error lines of an engine transcript", () => {
    const transcript = [
      "code: 255",
      "stdout: Updating (x):",
      "    postgres:Migration jobs-migrations creating (0s) error: 002_functions.sql: division by zero",
      " Diagnostics:",
      "    error: 002_functions.sql: division by zero",
      "    error: update failed",
      "  Resources: 2 errored",
    ].join("\n");
    expect(engineFailure(new Error(transcript))).toBe("002_functions.sql: division by zero\n  update failed");
  });
  it("keeps the lines the engine indented under an error: a multi-line message", () => {
    const transcript = [
      "Diagnostics:",
      "  pulumi:pulumi:Stack (supastack-staging):",
      "    error: invalid SQL, nothing was applied:",
      "      sql/support/003_x.sql line 2: BEGIN would end or split the transaction",
      "      sql/support/003_x.sql line 4: COMMIT would end or split the transaction",
      "    to fix: ...",
      "",
      "    error: update failed",
      " err?: Error: Command failed with exit code 1: /x/pulumi preview --stack staging",
    ].join("\n");
    expect(engineFailure(new Error(transcript))).toBe(
      "invalid SQL, nothing was applied:\n    sql/support/003_x.sql line 2: BEGIN would end or split the transaction\n    sql/support/003_x.sql line 4: COMMIT would end or split the transaction\n    to fix: ...\n  update failed",
    );
  });
  it("falls back to the first lines", () => {
    expect(engineFailure(new Error("no stack named x\nsecond"))).toBe("no stack named x\n  second");
  });
});
