import { describe, expect, it } from "vitest";
import { installPromiseTraceShortcut, isPromiseBookkeeping, isResourceCallsites, plainTrace, RESOURCE_TRACE_FRAMES, withTraceLimit } from "./promiseTraces";

/** A call site as V8 hands it to Error.prepareStackTrace. */
function site(fn: string | null, file: string, line = 1): NodeJS.CallSite {
  return { getFunctionName: () => fn, getFileName: () => file, toString: () => `${fn ?? "<anonymous>"} (${file}:${line}:1)` } as unknown as NodeJS.CallSite;
}

const bookkeeping = [site("debuggablePromise", "/p/node_modules/@pulumi/pulumi/runtime/debuggable.js", 253), site("registerResource", "/p/node_modules/@pulumi/pulumi/runtime/resource.js")];
const userError = [site("declare", "/p/dist/stacks/environment.js", 40)];
const resourceTrace = [
  site("callsites", "/p/node_modules/@pulumi/pulumi/resource.js", 327),
  ...Array.from({ length: 20 }, (_, i) => site(`frame${i}`, "/p/dist/x.js", i + 1)),
];

describe("promise bookkeeping traces", () => {
  it("recognises only the trace debuggablePromise records", () => {
    expect(isPromiseBookkeeping(bookkeeping)).toBe(true);
    expect(isPromiseBookkeeping(userError)).toBe(false);
    expect(isPromiseBookkeeping([site("debuggablePromise", "/elsewhere/debuggable.js")])).toBe(false);
    expect(isPromiseBookkeeping([])).toBe(false);
  });

  it("formats a trace the way V8 does without a formatter", () => {
    expect(plainTrace(new Error("boom"), userError)).toBe("Error: boom\n    at declare (/p/dist/stacks/environment.js:40:1)");
  });

  it("sends bookkeeping traces past the installed formatter and every other trace through it", () => {
    const target: { prepareStackTrace?: (e: Error, f: NodeJS.CallSite[]) => unknown } = {};
    installPromiseTraceShortcut(target);
    expect(target.prepareStackTrace).toBeUndefined();
    const seen: string[] = [];
    target.prepareStackTrace = (error) => {
      seen.push(error.message);
      return "mapped";
    };
    const prepare = target.prepareStackTrace!;
    expect(prepare(new Error("user"), userError)).toBe("mapped");
    const trace = prepare(new Error(), bookkeeping);
    expect(`${String(trace)}`).toBe(plainTrace(new Error(), bookkeeping));
    expect(`STACK_TRACE:\n${trace}`).toBe(`STACK_TRACE:\n${plainTrace(new Error(), bookkeeping)}`);
    expect(seen).toEqual(["user"]);
    // Installing twice keeps one dispatcher; assigning undefined restores Node's default.
    installPromiseTraceShortcut(target);
    expect(target.prepareStackTrace).toBe(prepare);
    target.prepareStackTrace = undefined;
    expect(target.prepareStackTrace).toBeUndefined();
  });
});

describe("resource registration traces", () => {
  it("are recognised by Resource.callsites at the top", () => {
    expect(isResourceCallsites(resourceTrace)).toBe(true);
    expect(isResourceCallsites(userError)).toBe(false);
    expect(isResourceCallsites([site("callsites", "/p/node_modules/other/resource.js")])).toBe(false);
  });

  it("go through the installed formatter with their first frames only", () => {
    const target: { prepareStackTrace?: (e: Error, f: NodeJS.CallSite[]) => unknown } = {};
    installPromiseTraceShortcut(target);
    const counts: number[] = [];
    target.prepareStackTrace = (_error, frames) => {
      counts.push(frames.length);
      return "mapped";
    };
    expect(target.prepareStackTrace(new Error(), resourceTrace)).toBe("mapped");
    expect(target.prepareStackTrace(new Error(), userError)).toBe("mapped");
    expect(counts).toEqual([RESOURCE_TRACE_FRAMES, 1]);
  });
});

describe("promise bookkeeping trace limit", () => {
  it("sets the stack limit while the promise is made and restores it after, even on a throw", async () => {
    const target = { stackTraceLimit: 10 };
    const seen: number[] = [];
    const make = withTraceLimit((p) => {
      seen.push(target.stackTraceLimit);
      return p;
    }, 3, target);
    expect(await make(Promise.resolve(7), "ctx")).toBe(7);
    expect(target.stackTraceLimit).toBe(10);
    const failing = withTraceLimit(() => {
      throw new Error("no");
    }, 3, target);
    expect(() => failing(Promise.resolve(), "ctx")).toThrow("no");
    expect(target.stackTraceLimit).toBe(10);
    expect(seen).toEqual([3]);
  });
});
