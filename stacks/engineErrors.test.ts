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
  it("falls back to the first lines", () => {
    expect(engineFailure(new Error("no stack named x\nsecond"))).toBe("no stack named x\n  second");
  });
});
