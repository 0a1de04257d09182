// The local server's start settings and when a running one must be restarted to get them (pure).
import { describe, expect, it } from "vitest";
import { restartReason, serverOptions } from "./instance";

describe("the local server's settings", () => {
  it("starts with TLS and pg_stat_statements preloaded", () => {
    expect(serverOptions(54322)).toMatch(/-p 54322 .*-c ssl=on .*-c shared_preload_libraries=pg_stat_statements/);
  });

  it("restarts a running server that lacks them, and only then", () => {
    expect(restartReason({ ssl: "on", shared_preload_libraries: "pg_stat_statements" })).toBeUndefined();
    expect(restartReason({ ssl: "on", shared_preload_libraries: "auto_explain, pg_stat_statements" })).toBeUndefined();
    expect(restartReason({ ssl: "off", shared_preload_libraries: "" })).toBe("it was started without TLS and pg_stat_statements");
    expect(restartReason({ ssl: "on", shared_preload_libraries: "" })).toBe("it was started without pg_stat_statements");
  });
});
