import { describe, expect, it } from "vitest";
import { ciRunId, ephemeralDatabaseName, ephemeralStackName, parseDuration, planGc, TAG_CREATED_AT, TAG_EPHEMERAL } from "./naming";

describe("ephemeral naming", () => {
  it("names stacks from --name, the CI run, or at random", () => {
    expect(ephemeralStackName({ name: "pr-12" })).toBe("ephemeral-pr-12");
    expect(ephemeralStackName({ env: { GITHUB_RUN_ID: "987", GITHUB_RUN_ATTEMPT: "2" }, random: () => "abc123" })).toBe("ephemeral-gh987-2-abc123");
    expect(ephemeralStackName({ env: {}, random: () => "abc123" })).toBe("ephemeral-abc123");
    expect(ciRunId({ CI_PIPELINE_ID: "5", CI_JOB_ID: "77" })).toBe("gl77");
  });
  it("rejects a name that is not a safe stack and database name", () => {
    expect(() => ephemeralStackName({ name: "Bad Name" })).toThrow(/--name must be 1-40 lowercase letters/);
    expect(() => ephemeralStackName({ name: "x; drop" })).toThrow(/--name/);
  });
  it("gives each stack a database of its own", () => {
    expect(ephemeralDatabaseName("ephemeral-gh987-2-abc123")).toBe("ephemeral_gh987_2_abc123");
  });
  it("parses --older-than", () => {
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("1.5d")).toBe(129_600_000);
    expect(() => parseDuration("2 hours")).toThrow(/--older-than must be a number with a unit/);
  });
  it("collects only tagged ephemeral stacks older than the limit", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    const tags = (created: string) => ({ [TAG_EPHEMERAL]: "true", [TAG_CREATED_AT]: created });
    const plan = planGc(
      [
        { name: "ephemeral-old", tags: tags("2026-11-23T09:00:00Z") },
        { name: "ephemeral-young", tags: tags("2026-11-23T11:30:00Z") },
        { name: "ephemeral-looks-like-one", tags: {} },
        { name: "dev", tags: {} },
        { name: "ephemeral-no-date", tags: { [TAG_EPHEMERAL]: "true" } },
      ],
      parseDuration("2h"),
      now,
    );
    expect(plan.map((d) => [d.name, d.action])).toEqual([
      ["ephemeral-old", "destroy"],
      ["ephemeral-young", "keep-young"],
      ["ephemeral-looks-like-one", "skip-not-ephemeral"],
      ["dev", "skip-not-ephemeral"],
      ["ephemeral-no-date", "destroy"],
    ]);
  });
});
