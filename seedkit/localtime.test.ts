import { describe, expect, it } from "vitest";
import { atLocalTime, CONSUMER_HOURS, greetingFor, localHour, utcOffsetMinutes } from "./localtime";
import { Rng } from "./prng";

describe("local time", () => {
  it("knows daylight saving from the zone data", () => {
    expect(utcOffsetMinutes("America/Chicago", Date.parse("2026-07-01T12:00:00Z"))).toBe(-300);
    expect(utcOffsetMinutes("America/Chicago", Date.parse("2026-12-01T12:00:00Z"))).toBe(-360);
    expect(utcOffsetMinutes("America/Phoenix", Date.parse("2026-07-01T12:00:00Z"))).toBe(-420);
    expect(localHour("America/New_York", Date.parse("2026-12-07T15:30:00Z"))).toBe(10);
  });

  it("draws times on the local day, in the hours the curve weighs", () => {
    const r = Rng.for(1, 2, 3);
    const day = Date.parse("2026-11-20T12:00:00Z");
    const hours = Array.from({ length: 5000 }, () => localHour("America/Los_Angeles", atLocalTime(r, day, "America/Los_Angeles", CONSUMER_HOURS)));
    const evening = hours.filter((h) => h >= 17 && h <= 22).length / hours.length;
    const night = hours.filter((h) => h >= 1 && h <= 5).length / hours.length;
    expect(evening).toBeGreaterThan(0.35);
    expect(night).toBeLessThan(0.03);
  });

  it("greets by the hour", () => {
    expect(greetingFor(8)).toBe("Good morning");
    expect(greetingFor(14)).toBe("Good afternoon");
    expect(greetingFor(19)).toBe("Good evening");
    expect(greetingFor(2)).toBeNull();
  });
});
