import { describe, expect, it } from "vitest";
import { isPulumiLog } from "./pulumiDebugLogs";

describe("@pulumi/pulumi debug messages", () => {
  it("recognises the SDK's log module by how it is required and what it exports", () => {
    const log = { debug: () => Promise.resolve(), info: () => Promise.resolve(), warn: () => Promise.resolve(), hasErrors: () => false };
    expect(isPulumiLog("../../log", log)).toBe(true);
    expect(isPulumiLog("./log", log)).toBe(true);
    expect(isPulumiLog("../../log", { debug: () => undefined })).toBe(false);
    expect(isPulumiLog("./catalog", log)).toBe(false);
    expect(isPulumiLog("../../log", undefined)).toBe(false);
  });
});
