// supastack as another project installs it: `npm pack` of this project, installed (offline, from
// the npm cache the main install filled) into a scratch copy of examples/own-module outside this
// tree, whose own Pulumi program declares its module next to jobs and support through the public
// API. One `up` with our pinned engine on a fresh Supabase-shaped database, a preview that must be
// clean, then the installed package's verify and seed (the example's own generator with ours),
// the example type-checked against the package's .d.ts, and `supastack types` run from it.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { engineEnv, pulumiCommand } from "../../automation/engine";
import { projectRoot } from "../../local/paths";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const root = projectRoot();
const example = path.join(root, "examples", "own-module");

function run(command: string, args: string[], cwd: string, env: Record<string, string>): string {
  return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

describe("npm pack installs into a project whose own Pulumi program uses the public API", () => {
  let scratch: string;
  let db: TestDatabase;
  let stack: Stack | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    for (const f of ["dist/index.js", "dist/index.d.ts", "dist/stacks/registry.js"]) {
      if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build first`);
    }
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "supastack-pack-"));
    const passphrase = crypto.randomBytes(24).toString("base64url");
    const stackName = "example";
    env = {
      ...engineEnv(stackName, root, { passphrase }),
      PULUMI_BACKEND_URL: `file://${path.join(scratch, "state")}`,
      // The example's program is TypeScript; tsc checks it once below, the engine only transpiles.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    // Not this tree: the forwarder must find the installed package's registry on its own.
    delete env.SUPASTACK_ROOT;
    fs.mkdirSync(path.join(scratch, "state"));
    db = await createTestDatabase("pack");
  });

  afterAll(async () => {
    await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await db?.drop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("packs, installs offline, applies, verifies, seeds and generates types", async () => {
    // 1. The tarball (dist/ was built by npm test / npm run build; prepack rebuilds on a plain `npm pack`).
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], root, env)) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(scratch, packed[0]!.filename);
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/stacks/registry.js", "modules/jobs/sql/001_jobs.sql", "bin/supastack", "providers/postgres/supabase-shape/roles.sql"]));
    expect(files.filter((f) => f.includes(".test."))).toEqual([]);

    // 2. A scratch copy of the example depending on the tarball, installed from the npm cache.
    const app = path.join(scratch, "app");
    fs.cpSync(example, app, { recursive: true, filter: (src) => !/node_modules|\.pulumi|Pulumi\.[^.]+\.yaml$/.test(path.relative(example, src)) });
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    pkg.dependencies.supastack = `file:${tarball}`;
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(pkg, null, 2));
    const t0 = process.hrtime.bigint();
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], app, env);
    console.log(`npm install of the tarball: ${Number((process.hrtime.bigint() - t0) / 1_000_000n) / 1000} s (wall)`);
    expect(fs.existsSync(path.join(app, "node_modules", "supastack", "dist", "stacks", "registry.js"))).toBe(true);
    expect(run(path.join(app, "node_modules", ".bin", "supastack"), ["--version"], app, env).trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);

    // 3. The example type-checks against the installed package's declarations, as does the
    //    import the public API promises.
    fs.writeFileSync(
      path.join(app, "surface.ts"),
      'import { Role, Schema, RlsPolicy, View, Migration, Project, Settings, NetworkRestrictions, defineModule, seed } from "supastack";\n' +
        "export const surface = [Role, Schema, RlsPolicy, View, Migration, Project, Settings, NetworkRestrictions, defineModule, seed];\n",
    );
    run(path.join(app, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"], app, env);

    // 4. One `up` of the example's own program with our pinned engine, then a clean preview.
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "example", workDir: app },
      { pulumiCommand: await pulumiCommand(root), envVars: env },
    );
    await stack.setConfig("own-module:databaseUrl", { value: db.url, secret: true });
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.schemas?.value).toEqual(["jobs", "support", "crm"]);
    const preview = await stack.preview();
    expect(Object.keys(preview.changeSummary).filter((k) => k !== "same")).toEqual([]);

    // 5. verify and seed through the installed package's public API, with the example's module object.
    fs.writeFileSync(
      path.join(app, "check.ts"),
      [
        'import { modules, seed, verify } from "supastack";',
        'import { crm } from "./module";',
        "(async () => {",
        "  const url = process.env.CHECK_DATABASE_URL as string;",
        "  const checked = await verify(url, [modules.jobs, modules.support, crm]);",
        '  const seeded = await seed({ databaseUrl: url, modules: ["jobs", modules.support, crm], profile: "dev", seed: 3 });',
        "  console.log(JSON.stringify({ verified: checked.modules, findings: checked.findings, tables: seeded.tables.map((t) => [t.table, t.rows]) }));",
        "})().catch((e) => { console.error(e); process.exit(1); });",
      ].join("\n"),
    );
    const out = JSON.parse(
      run(path.join(app, "node_modules", ".bin", "ts-node"), ["--transpile-only", "check.ts"], app, { ...env, CHECK_DATABASE_URL: db.url }).trim().split("\n").pop()!,
    ) as { verified: string[]; findings: unknown[]; tables: [string, number][] };
    expect(out.verified).toEqual(["jobs", "support", "crm"]);
    expect(out.findings).toEqual([]);
    const seededTables = new Map(out.tables);
    expect(seededTables.get("crm.companies")).toBeGreaterThan(0);
    expect(seededTables.get("crm.contacts")).toBeGreaterThan(0);

    const counts = await withClient(db.url, async (c) => {
      const count = async (table: string) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      return {
        companies: await count("crm.companies"),
        contacts: await count("crm.contacts"),
        jobs: await count("jobs.jobs"),
        conversations: await count("support.conversations"),
        crmUsers: Number((await c.query("SELECT count(*) AS n FROM auth.users WHERE raw_app_meta_data ->> 'supastack_module' = 'crm'")).rows[0].n),
      };
    });
    console.log(`seeded rows: ${JSON.stringify(counts)}`);
    expect(counts.companies).toBe(seededTables.get("crm.companies"));
    expect(counts.contacts).toBe(seededTables.get("crm.contacts"));
    expect(counts.jobs).toBeGreaterThan(0);
    expect(counts.conversations).toBeGreaterThan(0);
    expect(counts.crmUsers).toBe(4);

    // 6. `supastack types` from the installed package, for the user's schema and ours.
    const types = run(path.join(app, "node_modules", ".bin", "supastack"), ["types", "--database-url", db.url, "--schemas", "crm,jobs"], app, env);
    expect(types).toMatch(/export type Database = \{/);
    expect(types).toMatch(/crm: \{\s+Tables: \{\s+companies: \{/);
  });
});
