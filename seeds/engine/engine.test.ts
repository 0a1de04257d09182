import { describe, expect, it } from "vitest";
import { encodedStream, encodeRow, encodeValue } from "./copy";
import { idFor, key, Rng } from "../../seedkit/prng";
import { iso } from "../../seedkit/volumes";

describe("COPY text encoding", () => {
  it("escapes the characters COPY treats specially and writes NULL as \\N", () => {
    expect(encodeValue("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(encodeValue(null)).toBe("\\N");
    expect(encodeValue(true)).toBe("t");
    expect(encodeValue({ a: "x\ty" })).toBe('{"a":"x\\\\ty"}');
    expect(encodeRow(["x", 1, null])).toBe("x\t1\t\\N\n");
    // JSON escapes its own control characters; COPY then needs each of its backslashes doubled.
    expect(encodeValue({ a: "x\ny\\z", b: [1.5, true] })).toBe('{"a":"x\\\\ny\\\\\\\\z","b":[1.5,true]}');
    expect(encodeValue(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(encodeValue(12345678901234567890n)).toBe("12345678901234567890");
    expect(encodeValue(Number.NaN)).toBe("\\N");
  });
});

describe("PRNG", () => {
  it("is deterministic per (seed, key, index) and differs across them", () => {
    const a = Rng.for(1, key("t"), 5);
    const b = Rng.for(1, key("t"), 5);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(Rng.for(2, key("t"), 5).next()).not.toBe(Rng.for(1, key("t"), 5).next());
    expect(idFor(1, key("t"), 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set(Array.from({ length: 100_000 }, (_, i) => idFor(1, key("t"), i)));
    expect(ids.size).toBe(100_000);
  });
});

describe("iso", () => {
  it("writes what Date's toISOString writes, for every kind of instant", () => {
    const instants = [0, 1, 999, 86_399_999, 86_400_000, Date.parse("2026-10-01T13:05:07.042Z"), Date.parse("2024-02-29T23:59:59.999Z"), -1, 1.5, 253402300799999];
    for (let i = 0; i < 2000; i++) instants.push(Math.floor(((i * 2654435761) % 4294967296) * 1e4 + i));
    for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });
});

describe("encodedStream", () => {
  it("sends every row's encoding once, in order, in chunks of about 256 KiB, large and non-ASCII rows included", async () => {
    const rows = [
      ...Array.from({ length: 20_000 }, (_, i) => [i, `naïve ☕ row ${i}`, { n: i, t: "a\nb" }, null]),
      ["x".repeat(900_000), "🚀".repeat(200_000)],
      ...Array.from({ length: 3000 }, (_, i) => [`tail ${i}`]),
    ];
    let counted = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of encodedStream(rows, (n) => (counted += n))) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(rows.map(encodeRow).join(""));
    expect(counted).toBe(rows.length);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(256 * 1024);
  });

  it("numbered: each line starts with the row's position, across chunks", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [`row\t${i}`, "x".repeat(20)]);
    const chunks: Buffer[] = [];
    for await (const chunk of encodedStream(rows, () => undefined, { numbered: true })) chunks.push(chunk as Buffer);
    expect(chunks.length).toBeGreaterThan(2);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(rows.map((r, i) => `${i}\t${encodeRow(r)}`).join(""));
  });
});
