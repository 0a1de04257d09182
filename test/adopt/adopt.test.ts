// `supastack adopt` (issue 24 item 2) through the real CLI and engine, on Supabase-shaped databases
// holding a source document's SQL as a team ran it (test/helpers/legacy.ts) with rows, some of which
// break the module's corrections: the plan names each table's differences and the rows in the way
// (the counts the legacy helper computes on its own), and changes nothing; --yes adopts (moving the
// tables from public into the module's schema, or keeping them in public when the stack maps the
// module there), every row and value is the same (checksums over the source's columns), verify's
// only findings are the NOT VALID constraints, `preview --expect-no-changes` exits 0, and a run
// killed inside the adoption's transaction leaves the database as it was.
import { afterEach, describe, expect, it } from "vitest";
import { builtinModule } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { fingerprint, type TableFingerprint } from "../../providers/postgres/rows";
import { verifyDatabase } from "../../verify/verify";
import { buildLegacyDatabase, type LegacyDatabase } from "../helpers/legacy";
import { type UrlStack, urlStack } from "../safety/url-stack";

let s: UrlStack | undefined;
afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

/** Fingerprints of the legacy tables over the source's own columns, keyed by table name (the schema may change). */
async function prints(url: string, legacy: LegacyDatabase, columns: Map<string, string[]>, schemaOf: (module: string) => string): Promise<Record<string, TableFingerprint["checksum"] | number>> {
  return withClient(url, async (c) => {
    const out: Record<string, string | number> = {};
    for (const t of legacy.tables) {
      const f = await fingerprint(c, { schema: schemaOf(t.module), table: t.table }, columns.get(t.table));
      out[`${t.table}.rows`] = f.rows;
      out[t.table] = f.checksum;
    }
    return out;
  });
}

async function sourceColumns(url: string, legacy: LegacyDatabase): Promise<Map<string, string[]>> {
  return withClient(url, async (c) => {
    const out = new Map<string, string[]>();
    for (const t of legacy.tables) {
      const { rows } = await c.query("SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum", [`${t.schema}.${t.table}`]);
      out.set(t.table, rows.map((r) => r.attname as string));
    }
    return out;
  });
}

async function adoptAndCheck(modules: string[], placement: "public" | "module", schemas: Record<string, string>) {
  s = await urlStack("adopt", modules);
  s.setModules(modules, schemas);
  const legacy = await buildLegacyDatabase(s.db.url, { modules, placement });
  const columns = await sourceColumns(s.db.url, legacy);
  const before = await prints(s.db.url, legacy, columns, (m) => legacy.schemas[m]!);

  const plan = await s.run(["adopt", "--stack", s.name]);
  expect(plan.code, plan.output).toBe(0);
  expect(plan.output).toMatch(/can be adopted; nothing was changed/);
  for (const v of legacy.violations) {
    // Each constraint the legacy rows break is in the plan with its count.
    const name = v.constraint.includes(" NOT NULL") ? v.constraint.replace(" NOT NULL", "").split(".").pop()! : v.constraint;
    expect(plan.output, `${v.module} ${v.constraint}`).toMatch(new RegExp(`${name}[^\\n]*: ${v.count} rows`));
  }
  expect(await withClient(s.db.url, (c) => c.query("SELECT 1 FROM pg_namespace WHERE nspname = 'supastack'"))).toMatchObject({ rowCount: 0 });
  expect(await prints(s.db.url, legacy, columns, (m) => legacy.schemas[m]!)).toEqual(before);

  const adopt = await s.run(["adopt", "--stack", s.name, "--yes"]);
  expect(adopt.code, adopt.output).toBe(0);
  expect(adopt.output).toMatch(/rows before -> after/);
  const target = (m: string) => schemas[m] ?? builtinModule(m as never).schema;
  expect(await prints(s.db.url, legacy, columns, target)).toEqual(before);

  const placed = modules.map((m) => builtinModule(m as never).inSchema(target(m)));
  const verify = await verifyDatabase(s.db.url, placed);
  const notValid = verify.findings.filter((f) => /NOT VALID/.test(f.problem));
  expect(verify.findings.filter((f) => !/NOT VALID/.test(f.problem)), JSON.stringify(verify.findings, null, 1)).toEqual([]);
  expect(notValid.length).toBe(new Set(legacy.violations.map((v) => `${v.module}.${v.constraint}`)).size);

  const preview = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
  expect(preview.code, preview.output).toBe(0);
  return { legacy, verify };
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("supastack adopt", () => {
  it("adopts jobs and support from public into their own schemas, every row kept", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["jobs", "support"], "public", {});
  });

  it("adopts contact_center where it is, in public (supastack:schemas), adding the column it lacks", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["contact_center"], "public", { contact_center: "public" });
  });

  it("adopts agentflow and voice already in their own schemas", { timeout: 600_000 }, async () => {
    await adoptAndCheck(["agentflow", "voice"], "module", {});
  });
});
