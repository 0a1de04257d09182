import { describe, expect, it } from "vitest";
import { z } from "zod";
import { flagError, modulesFlag, parseModules } from "./flags";

describe("--modules", () => {
  it("gives the known modules in the order written", () => {
    expect(parseModules(" support, voice ,")).toEqual(["support", "voice"]);
  });

  it("names the flag and every unknown module", () => {
    expect(() => parseModules("support,suport,helpdesk")).toThrow(
      '--modules: unknown module "suport", "helpdesk"; choose from voice, support, contact_center, jobs, agentflow',
    );
    expect(() => parseModules(" , ")).toThrow(/^--modules: list at least one module/);
  });

  it("reads the same as a schema field", () => {
    const flags = z.object({ modules: modulesFlag.optional() });
    expect(flags.parse({ modules: "jobs" })).toEqual({ modules: ["jobs"] });
    const bad = flags.safeParse({ modules: "job" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(flagError(bad.error).message).toBe('--modules: unknown module "job"; choose from voice, support, contact_center, jobs, agentflow');
  });
});

describe("flag errors", () => {
  it("name the flag in its command-line spelling", () => {
    const bad = z.object({ databaseUrl: z.string() }).safeParse({ databaseUrl: 1 });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(flagError(bad.error).message).toMatch(/^--database-url: /);
  });
});
