// Row counts and fingerprints (providers/postgres/rows.ts) against a real database: what a plan
// names when it would drop data, and what "nothing lost" is proved with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { countRows, describeRows, fingerprint, fingerprintSchemas } from "../../providers/postgres/rows";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("rows", { bootstrap: false });
  await withClient(db.url, async (c) => {
    await c.query(`CREATE SCHEMA "we""ird"; CREATE TABLE "we""ird".t (id int PRIMARY KEY, note text); CREATE TABLE "we""ird".empty (id int)`);
    await c.query(`INSERT INTO "we""ird".t SELECT g, 'n' || g FROM generate_series(1, 25) g`);
  });
});
afterAll(() => db?.drop());

describe("rows", () => {
  it("counts exactly up to the cap and says 'more than' past it", async () => {
    const counts = await withClient(db.url, (c) => countRows(c, [{ schema: 'we"ird', table: "t" }, { schema: 'we"ird', table: "empty" }], 10));
    expect(counts.map(describeRows)).toEqual(['we"ird.t: more than 10 rows', 'we"ird.empty: 0 rows']);
    const exact = await withClient(db.url, (c) => countRows(c, [{ schema: 'we"ird', table: "t" }]));
    expect(describeRows(exact[0]!)).toBe('we"ird.t: 25 rows');
  });

  it("fingerprints do not depend on physical order, and see a changed value", async () => {
    const before = await withClient(db.url, (c) => fingerprint(c, { schema: 'we"ird', table: "t" }));
    await withClient(db.url, (c) => c.query(`UPDATE "we""ird".t SET note = note WHERE id % 2 = 0`)); // moves rows, same values
    const moved = await withClient(db.url, (c) => fingerprint(c, { schema: 'we"ird', table: "t" }));
    expect(moved).toEqual(before);
    await withClient(db.url, (c) => c.query(`UPDATE "we""ird".t SET note = 'x' WHERE id = 3`));
    const changed = await withClient(db.url, (c) => fingerprintSchemas(c, ['we"ird']));
    expect(changed.get('we"ird.t')?.rows).toBe(25);
    expect(changed.get('we"ird.t')?.checksum).not.toBe(before.checksum);
    // Limited to columns that did not change, the table still matches.
    const ids = await withClient(db.url, (c) => fingerprint(c, { schema: 'we"ird', table: "t" }, ["id"]));
    const idsBefore = await withClient(db.url, (c) => fingerprint(c, { schema: 'we"ird', table: "t" }, ["id"]));
    expect(ids).toEqual(idsBefore);
    expect([...changed.keys()]).toEqual(['we"ird.empty', 'we"ird.t']);
  });
});
