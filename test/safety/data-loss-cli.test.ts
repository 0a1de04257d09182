// Data-bearing changes on a stack that keeps its rows (target url: every stack but the local dev
// one and ephemeral ones), tried as a team would with the real CLI: removing a module whose tables
// hold rows is refused at preview and at up, before anything changes, naming each table and its
// rows and the flag; so is destroy; the raw Pulumi CLI is refused by the providers themselves and
// leaves the module's tables, RLS, policies and grants as they were; --allow-data-loss drops them.
// Row checksums prove the rest untouched. (A module whose tables are empty needs no flag:
// automation/dataLossPlan.test.ts, test/postgres/data-loss.test.ts.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { fingerprintSchemas } from "../../providers/postgres/rows";
import { verifyDatabase } from "../../verify/verify";
import { moduleSqlDir } from "../../modules/files";
import { root } from "../supabase/cli";
import { type UrlStack, urlStack } from "./url-stack";

let s: UrlStack;
const q = async (sql: string) => (await withClient(s.db.url, (c) => c.query(sql))).rows;
const prints = (schemas: string[]) => withClient(s.db.url, (c) => fingerprintSchemas(c, schemas));

beforeAll(async () => {
  s = await urlStack("keep", ["support", "jobs"]);
});
afterAll(async () => {
  await s?.dispose();
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("a stack that keeps its rows", () => {
  it("refuses to drop a removed module's rows until told, and tells the truth about it", { timeout: 600_000 }, async () => {
    const first = await s.run(["up", "--stack", s.name]);
    expect(first.code, first.output).toBe(0);
    await q("INSERT INTO auth.users (id, email) VALUES ('00000000-0000-4000-8000-0000000000b1', 'b1@example.com')");
    await q(`INSERT INTO jobs.jobs (user_id, agent_identifier) SELECT '00000000-0000-4000-8000-0000000000b1', 'agent-' || i FROM generate_series(1, 196) i`);
    const before = await prints(["jobs", "support"]);

    s.setModules(["support"]);
    const preview = await s.run(["preview", "--stack", s.name]);
    expect(preview.code, preview.output).toBe(1);
    expect(preview.output).toMatch(new RegExp(`preview of stack ${s.name} would drop rows, and the stack keeps its rows unless told otherwise, so nothing was changed:`));
    expect(preview.output).toMatch(/jobs-schema \(Schema\): deleted/);
    expect(preview.output).toMatch(/jobs-migrations \(Migration\): deleted/);
    expect(preview.output).toMatch(/^ {4}jobs\.jobs: 196 rows$/m);
    expect(preview.output).toMatch(new RegExp(`to drop them: supastack preview -s ${s.name} --allow-data-loss`));

    const up = await s.run(["up", "--stack", s.name]);
    expect(up.code, up.output).toBe(1);
    expect(up.output).toMatch(/up of stack .* would drop rows, .* nothing was changed:[\s\S]*jobs\.jobs: 196 rows[\s\S]*--allow-data-loss/);
    const destroy = await s.run(["destroy", "--stack", s.name]);
    expect(destroy.code, destroy.output).toBe(1);
    expect(destroy.output).toMatch(/destroy of stack .* would drop rows[\s\S]*jobs\.jobs: 196 rows/);
    expect(await prints(["jobs", "support"])).toEqual(before);

    // The raw CLI, without supastack's preview: the providers refuse, and the module's protection
    // stays in place (its RLS, policies and grants are deleted with the schema, so never one by one).
    const raw = await s.pulumi(["up", "--yes", "--skip-preview"]);
    expect(raw.code, raw.output).not.toBe(0);
    expect(raw.output).toMatch(/removing the migrations of module jobs \(the tables its files created\) would drop or rewrite rows/);
    expect(raw.output).toMatch(/jobs\.jobs: 196 rows/);
    expect(await prints(["jobs", "support"])).toEqual(before);
    expect((await verifyDatabase(s.db.url, ["support", "jobs"])).findings).toEqual([]);

    const allowed = await s.run(["up", "--stack", s.name, "--allow-data-loss"]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.output).toMatch(/up of stack .* drops these rows \(--allow-data-loss\):[\s\S]*jobs\.jobs: 196 rows/);
    expect(await q("SELECT to_regnamespace('jobs') AS s")).toEqual([{ s: null }]);
    const support = await prints(["support"]);
    expect([...support.entries()]).toEqual([...before.entries()].filter(([k]) => k.startsWith("support.")));
    const converged = await s.run(["preview", "--stack", s.name, "--expect-no-changes"]);
    expect(converged.code, converged.output).toBe(0);

    // A new migration file: its own BEGIN ... COMMIT is refused naming file, line and fix; a DROP
    // COLUMN of a table with rows is refused naming file, line, table and rows.
    await q("INSERT INTO support.users (id, email, name) VALUES ('00000000-0000-4000-8000-0000000000b1', 'b1@example.com', 'Bea')");
    const sqlDir = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-sql-"));
    fs.cpSync(moduleSqlDir("support", root), path.join(sqlDir, "support"), { recursive: true });
    try {
      fs.writeFileSync(path.join(sqlDir, "support", "003_nickname.sql"), "-- as the source documents' best practice writes it\nBEGIN;\nALTER TABLE support.users ADD COLUMN nickname text;\nCOMMIT;\n");
      const wrapped = await s.run(["preview", "--stack", s.name], undefined, { SUPASTACK_SQL_DIR: sqlDir });
      expect(wrapped.code, wrapped.output).toBe(1);
      expect(wrapped.output).toMatch(/support\/(sql\/)?003_nickname\.sql line 2: BEGIN would end or split the transaction supastack runs this file in/);
      expect(wrapped.output).toMatch(/support\/(sql\/)?003_nickname\.sql line 4: COMMIT would end/);
      fs.writeFileSync(path.join(sqlDir, "support", "003_nickname.sql"), "ALTER TABLE support.users DROP COLUMN name;\n");
      const dropping = await s.run(["preview", "--stack", s.name], undefined, { SUPASTACK_SQL_DIR: sqlDir });
      expect(dropping.code, dropping.output).toBe(1);
      expect(dropping.output).toMatch(/support\/(sql\/)?003_nickname\.sql line 1: ALTER TABLE \.\.\. DROP COLUMN name would drop or rewrite rows[\s\S]*support\.users: 1 row\n\s*to drop them, run again with --allow-data-loss/);
      expect(await q("SELECT name FROM support.users")).toEqual([{ name: "Bea" }]);
    } finally {
      fs.rmSync(sqlDir, { recursive: true, force: true });
    }
  });
});
