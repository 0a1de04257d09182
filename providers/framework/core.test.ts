// The provider core without a database: a made-up kind over an in-memory client, called the way
// @pulumi/pulumi's dynamic-provider server calls a provider (cmd/dynamic-provider/index.js: olds and
// news as plain objects, `__provider` included, UNKNOWN for values not known at preview).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { changedKeys, type ClientAdapter, defineProvider, type KindSpec, setKeys } from "./core";
import { SECRET_SIG, SECRET_SIG_KEY, setOf, UNKNOWN, unwrapSecrets } from "./values";

const shape = z
  .object({
    token: z.string().min(1, "token is required"),
    name: z.string().regex(/^[a-z]+$/, "name must be lowercase letters"),
    size: z.number().int().min(1).default(1),
    tags: setOf(z.string().transform((t) => t.toLowerCase())).default([]),
    items: z.array(z.string()).default([]),
    region: z.enum(["eu", "us"]).optional(),
    password: z.string().optional(),
    pollSeconds: z.number().default(5),
  })
  .superRefine((t, ctx) => {
    if (t.size > 10 && t.region === "eu") ctx.addIssue({ code: "custom", path: ["size"], message: "size above 10 is not offered in eu" });
  });
type Inputs = z.infer<typeof shape>;
type Outputs = Inputs & { generatedPassword?: string };

/** What the adapter was asked to do, so tests see that a change reached the client. */
interface Log {
  calls: string[];
}
const adapter = (log: Log): ClientAdapter<Log> => ({
  ignoreInDiff: ["token"],
  change: async (props, fn) => {
    log.calls.push(`change with ${props.token === undefined ? "no token" : "a token"}`);
    return fn(log);
  },
  read: (props, fn) => (props.token ? fn(log) : undefined),
});

const spec = (extra: Partial<KindSpec<Inputs, Outputs, Log>> = {}): KindSpec<Inputs, Outputs, Log> => ({
  kind: "Thing",
  schema: shape,
  replaceOn: ["region"],
  ignoreInDiff: ["pollSeconds"],
  generated: ["password"],
  id: (i) => `thing:${i.name}`,
  create: async (log, i) => {
    log.calls.push(`create ${i.name}`);
    return { ...i, password: i.password ?? "generated-password", extra: undefined } as Outputs;
  },
  read: async (_log, _id, olds) => olds,
  update: async (log, _id, _olds, news) => {
    log.calls.push(`update ${news.name}`);
    return news;
  },
  delete: async (log, id) => {
    log.calls.push(`delete ${id}`);
  },
  ...extra,
});
const provider = (extra: Partial<KindSpec<Inputs, Outputs, Log>> = {}, log: Log = { calls: [] }) => defineProvider(spec(extra), adapter(log));
const base = { __provider: "serialized provider text", token: "t0ken", name: "alpha" };

describe("check", () => {
  it("strips __provider, applies defaults and transforms, and names the failing property", async () => {
    const ok = await provider().check!({}, { ...base, tags: ["B", "a", "b"] });
    expect(ok).toEqual({ inputs: { token: "t0ken", name: "alpha", size: 1, tags: ["a", "b"], items: [], pollSeconds: 5 }, failures: [] });
    const bad = await provider().check!({}, { ...base, name: "Alpha", size: 0 });
    expect(bad.failures).toEqual([
      { property: "name", reason: "name must be lowercase letters" },
      { property: "size", reason: expect.stringMatching(/>=\s*1/) },
    ]);
  });

  it("leaves unknown values out of validation at preview, at the top level and inside lists", async () => {
    const result = await provider().check!({}, { ...base, name: UNKNOWN, items: ["x", UNKNOWN], size: 20, region: "eu" });
    // The whole-object rule (size in eu) waits until everything is known; the unknowns pass through.
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ name: UNKNOWN, items: ["x", UNKNOWN], size: 20, region: "eu" });
    // Known fields are still checked.
    expect((await provider().check!({}, { ...base, name: UNKNOWN, size: -1 })).failures).toEqual([{ property: "size", reason: expect.any(String) }]);
    // Once known, the whole-object rule runs.
    expect((await provider().check!({}, { ...base, size: 20, region: "eu" })).failures).toEqual([{ property: "size", reason: "size above 10 is not offered in eu" }]);
  });

  it("runs validate and normalise only when every input is known", async () => {
    const seen: unknown[] = [];
    const p = provider({
      validate: (i) => {
        seen.push(i.name);
        return i.items.includes("bad") ? [{ property: "items", reason: "items must not say bad" }] : [];
      },
      normalise: (i) => ({ ...i, items: [...i.items].sort() }),
    });
    expect((await p.check!({}, { ...base, name: UNKNOWN, items: ["bad"] })).failures).toEqual([]);
    expect(seen).toEqual([]);
    expect((await p.check!({}, { ...base, items: ["bad"] })).failures).toEqual([{ property: "items", reason: "items must not say bad" }]);
    expect((await p.check!({}, { ...base, items: ["b", "a"] })).inputs.items).toEqual(["a", "b"]);
    expect((await p.check!({}, { ...base, name: UNKNOWN, items: ["b", "a"] })).inputs.items).toEqual(["b", "a"]);
  });

  it("accepts secret-wrapped inputs, validating the value inside and never echoing the wrapper", async () => {
    // What the engine sends is plain (the dynamic-provider server answers Configure with
    // acceptSecrets(false), so the engine unwraps secrets and re-marks them itself); a wrapped
    // value from rpc.deserializeProperty must still validate by its value.
    const secret = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
    const result = await provider().check!({}, { ...base, token: secret("t0ken"), password: secret("hunter2-long"), tags: secret(["Z", "y"]) });
    expect(result).toEqual({ inputs: { token: "t0ken", name: "alpha", size: 1, tags: ["y", "z"], items: [], password: "hunter2-long", pollSeconds: 5 }, failures: [] });
    const empty = await provider().check!({}, { ...base, token: secret("") });
    expect(empty.failures).toEqual([{ property: "token", reason: "token is required" }]);
    expect(JSON.stringify(empty.failures)).not.toContain(SECRET_SIG);
    expect(unwrapSecrets({ a: [secret(secret("x"))] })).toEqual({ a: ["x"] });
  });
});

describe("diff", () => {
  const olds = { token: "t0ken", name: "alpha", size: 1, tags: ["a", "b"], items: ["x", "y"], region: "eu", password: "generated-password", pollSeconds: 5 };
  const diff = (news: Record<string, unknown>, extra: Partial<KindSpec<Inputs, Outputs, Log>> = {}) =>
    provider(extra).diff!("thing:alpha", { ...olds, __provider: "old text" }, { ...olds, password: undefined, __provider: "new text", ...news });

  it("sees no change when only ignored, generated-and-absent or provider values differ", async () => {
    expect(await diff({})).toEqual({ changes: false });
    expect(await diff({ token: "another-token", pollSeconds: 30 })).toEqual({ changes: false });
  });

  it("compares set-valued lists as sets and ordered lists in order", async () => {
    expect(await diff({ tags: ["b", "a", "a"] })).toEqual({ changes: false });
    expect(await diff({ items: ["y", "x"] })).toMatchObject({ changes: true, replaces: [] });
    expect(setKeys(shape)).toEqual(["tags"]);
    expect(changedKeys(["tags"], { tags: ["a", "b"] }, { tags: ["b", "a"] }, ["tags"])).toEqual([]);
    expect(changedKeys(["tags"], { tags: ["a", "b"] }, { tags: ["b", "c"] }, ["tags"])).toEqual(["tags"]);
  });

  it("compares a secret-wrapped value by what it holds", async () => {
    expect(await diff({ name: { [SECRET_SIG_KEY]: SECRET_SIG, value: "alpha" } })).toEqual({ changes: false });
    expect(await diff({ password: { [SECRET_SIG_KEY]: SECRET_SIG, value: "new-password" } })).toMatchObject({ changes: true, replaces: [] });
  });

  it("replaces on replaceOn keys, asks replaces() otherwise, and says deleteBeforeReplace", async () => {
    expect(await diff({ region: "us" })).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: false });
    expect(await diff({ region: "us" }, { deleteBeforeReplace: true })).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true });
    const asked: string[] = [];
    const replaces = (o: Outputs, n: Inputs) => {
      asked.push(`${o.size}->${n.size}`);
      return n.size > o.size * 2 ? ["size"] : [];
    };
    expect(await diff({ size: 2 }, { replaces })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ size: 5 }, { replaces })).toEqual({ changes: true, replaces: ["size"], deleteBeforeReplace: false });
    expect(asked).toEqual(["1->2", "1->5"]);
  });

  it("treats an unknown value as a change (a replace when the key replaces) and does not ask replaces() with it", async () => {
    let asked = 0;
    const replaces = () => {
      asked++;
      return ["size"];
    };
    expect(await diff({ region: UNKNOWN })).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: false });
    expect(await diff({ items: ["x", UNKNOWN] }, { replaces })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(asked).toBe(0);
  });

  it("adds drifted keys the input comparison cannot see", async () => {
    expect(await diff({}, { drifted: () => ["items"] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("create, read, update, delete", () => {
  it("give the kind clean inputs and return plain outputs", async () => {
    const log: Log = { calls: [] };
    const p = provider({}, log);
    const created = await p.create({ ...base, size: 1, tags: [], items: [], pollSeconds: 5 });
    expect(created).toEqual({ id: "thing:alpha", outs: { token: "t0ken", name: "alpha", size: 1, tags: [], items: [], pollSeconds: 5, password: "generated-password" } });
    expect("extra" in created.outs).toBe(false);
    expect((await p.read!("thing:alpha", { ...created.outs, __provider: "x" })).props).toEqual(created.outs);
    // State without the credentials the adapter needs: the props as they are, the service not asked.
    expect(await p.read!("thing:alpha", { name: "alpha" })).toEqual({ id: "thing:alpha", props: { name: "alpha" } });
    await p.update!("thing:alpha", created.outs, { ...created.outs, name: "beta", __provider: "x" });
    await p.delete!("thing:alpha", { ...created.outs, __provider: "x" });
    expect(log.calls).toEqual(["change with a token", "create alpha", "change with a token", "update beta", "change with a token", "delete thing:alpha"]);
  });

  it("reports a resource read as gone", async () => {
    const p = provider({ read: async () => undefined });
    expect(await p.read!("thing:alpha", { ...base })).toEqual({});
  });
});
