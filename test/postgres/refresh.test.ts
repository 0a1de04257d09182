// After `refresh`, a stack that nobody touched previews with no changes (issue 12: function grants
// were read back by their printed signature, `get_job_stats(p_user_id uuid)`, and looked deleted).
// Also checks what the module component promises about EXECUTE: PUBLIC holds it on no function of
// a module schema, and the API roles only on the functions a module declares for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinModule, MODULE_NAMES } from "../../modules/catalog";
import { withClient } from "../../providers/postgres/client";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";

let applied: AppliedDatabase;
beforeAll(async () => {
  applied = await databaseWithModules("refresh");
});
afterAll(async () => {
  await applied?.dispose();
});

describe("refresh on an untouched stack (all modules, real engine)", () => {
  it("refresh then preview --expect-no-changes succeeds", async () => {
    const refreshed = await applied.ts.stack.refresh();
    expect(refreshed.summary.result).toBe("succeeded");
    const preview = await applied.ts.stack.preview({ expectNoChanges: true, diff: true });
    expect(preview.changeSummary).not.toHaveProperty("create");
    expect(preview.changeSummary).not.toHaveProperty("update");
    expect(preview.changeSummary).not.toHaveProperty("delete");
    expect(preview.changeSummary).not.toHaveProperty("replace");
  });

  it("no function of a module schema is executable by PUBLIC, nor by API roles unless declared", async () => {
    const declared = new Set<string>();
    for (const name of MODULE_NAMES) {
      const spec = builtinModule(name);
      for (const fn of spec.functions) for (const role of fn.grants) declared.add(`${spec.schema}.${fn.signature.replace(/\s+/g, "")}:${role}`);
    }
    const rows = await withClient(applied.db.url, async (c) =>
      (
        await c.query<{ fn: string; schema: string; name: string; args: string; grantee: string }>(
          `SELECT n.nspname AS schema, p.proname AS name, oidvectortypes(p.proargtypes) AS args,
                  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
                  aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE n.nspname = ANY($1) AND a.privilege_type = 'EXECUTE' AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) IN ('anon', 'authenticated'))`,
          [MODULE_NAMES.map((m) => builtinModule(m).schema)],
        )
      ).rows,
    );
    const unexpected = rows.filter((r) => r.grantee === "PUBLIC" || !declared.has(`${r.schema}.${r.name}(${r.args.replace(/\s+/g, "")}):${r.grantee}`));
    expect(unexpected).toEqual([]);
  });
});
