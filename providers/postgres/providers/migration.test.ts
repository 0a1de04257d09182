import { describe, expect, it } from "vitest";
import { type AppliedFile, fileHistoryFailures, isRecorded, migrationSearchPath, pendingFiles, planDropObjects } from "./migration";

const sum = (c: string) => c.repeat(64);
const applied = (name: string, checksum: string): AppliedFile => ({ name, checksum, objects: [] });
const inputs = (files: { name: string; checksum: string; supersedes?: string[] }[]) => ({
  connection: "postgresql://x",
  module: "m",
  schema: "m",
  directory: "modules/m/sql",
  files: files.map((f) => ({ ...f, sql: "SELECT 1" })),
});

describe("a file rewritten with the same effect", () => {
  it("is the recorded file when it supersedes the recorded checksum: no failure, nothing pending", () => {
    const file = { name: "001_a.sql", checksum: sum("b"), supersedes: [sum("a")] };
    expect(isRecorded(file, sum("a"))).toBe(true);
    expect(isRecorded(file, sum("b"))).toBe(true);
    expect(isRecorded(file, sum("c"))).toBe(false);
    expect(fileHistoryFailures(inputs([file]), [applied("001_a.sql", sum("a"))])).toEqual([]);
    expect(pendingFiles(inputs([file]).files, [applied("001_a.sql", sum("a"))])).toEqual([]);
  });
  it("is still refused when it does not say so, naming the file", () => {
    const failures = fileHistoryFailures(inputs([{ name: "001_a.sql", checksum: sum("c"), supersedes: [sum("b")] }]), [applied("001_a.sql", sum("a"))]);
    expect(failures).toEqual([{ property: "files[0]", reason: expect.stringMatching(/^modules\/m\/sql\/001_a\.sql changed after it was applied/) }]);
  });
});

describe("the migration's search_path", () => {
  it("is the module's schema, public, extensions, and pg_temp last; public once", () => {
    expect(migrationSearchPath("jobs")).toBe('"jobs", "public", "extensions", pg_temp');
    expect(migrationSearchPath("public")).toBe('"public", "extensions", pg_temp');
  });
});

describe("deleting a module's objects", () => {
  it("leaves what another module's files recorded too (a helper they share)", () => {
    const objects = [
      { kind: "function" as const, schema: "app", name: "set_updated_at", detail: "" },
      { kind: "function" as const, schema: "app", name: "follow_status", detail: "" },
    ];
    expect(planDropObjects(objects)).toEqual(['DROP FUNCTION IF EXISTS "app"."follow_status"() CASCADE', 'DROP FUNCTION IF EXISTS "app"."set_updated_at"() CASCADE']);
    expect(planDropObjects(objects, new Set(["function|app|set_updated_at|"]))).toEqual(['DROP FUNCTION IF EXISTS "app"."follow_status"() CASCADE']);
  });
});
