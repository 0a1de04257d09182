// Recovery after a killed `up` (a CI job cancelled, kill -9): the whole process group of
// `supastack up` gets SIGKILL while the modules are being applied to the Supabase project. The next
// `up` explains the stale lock and names the command that clears it; that command clears it and
// reports what the dead run left unfinished; then `up` converges (preview sees no changes) with
// the one project the first run created.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { MockManagementApi, projectDatabase } from "../helpers/supabase-api";
import { type CliEnv, type StackFixture, stackFixture, supastack, writeStackFile } from "./cli";

const TOKEN = "sbp_kill_recovery_token_0123456789abc";
const NAME = `t-killed-${Math.random().toString(36).slice(2, 8)}`;
let fx: StackFixture;
let db: TestDatabase;
let api: MockManagementApi;
let cli: CliEnv;

beforeAll(async () => {
  fx = await stackFixture(NAME, TOKEN, ["support", "jobs"], "killed");
  ({ db, api, cli } = fx);
});
afterAll(async () => {
  await fx?.dispose();
});

/** The modules' migrations have started landing in the project's database. */
async function migrationsApplied(): Promise<number> {
  return withClient(db.url, async (c) => {
    const exists = await c.query("SELECT 1 FROM pg_tables WHERE schemaname = 'supastack' AND tablename = 'migrations'");
    if (exists.rows.length === 0) return 0;
    return Number((await c.query("SELECT count(*) AS n FROM supastack.migrations")).rows[0]?.n ?? 0);
  }).catch(() => 0);
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("a killed up", () => {
  it("is explained, cleared with the command the message gives, and the next up converges", { timeout: 480_000 }, async () => {
    let kill: (() => void) | undefined;
    let killed = false;
    const running = supastack(["up", "--stack", NAME], cli.env, (_out, k) => {
      kill = k;
    });
    const watcher = (async () => {
      for (let i = 0; i < 1200 && !killed; i++) {
        if (kill && (await migrationsApplied()) > 0) {
          killed = true;
          kill();
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const first = await running;
    await watcher;
    expect(killed, first.output).toBe(true);
    expect(first.signal).toBe("SIGKILL");

    const blocked = await supastack(["up", "--stack", NAME], cli.env);
    expect(blocked.code, blocked.output).toBe(1);
    expect(blocked.output).toMatch(new RegExp(`stack ${NAME} is locked by another operation`));
    expect(blocked.output).toMatch(/that process is gone \(an interrupted run\)/);
    const command = /clear it with: (supastack cancel -s \S+)/.exec(blocked.output)?.[1];
    expect(command).toBe(`supastack cancel -s ${NAME}`);

    const cancel = await supastack((command as string).split(" ").slice(1), cli.env);
    expect(cancel.code, cancel.output).toBe(0);
    expect(cancel.output).toMatch(new RegExp(`cleared the lock on stack ${NAME}`));

    const again = await supastack(["up", "--stack", NAME], cli.env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(new RegExp(`stack ${NAME} is up`));
    const preview = await supastack(["preview", "--stack", NAME, "--expect-no-changes"], cli.env);
    expect(preview.code, preview.output).toBe(0);
    // One project: the one the killed run created and recorded.
    expect([...api.projects.values()].filter((p) => p.status !== "REMOVED")).toHaveLength(1);
  });

  it("killed while the project is still being created: cancel removes the unrecorded project, up creates it again", { timeout: 480_000 }, async () => {
    // A project database of its own (a new Supabase project has a fresh one).
    const db2 = await createTestDatabase("killed_early");
    const api = new MockManagementApi({ token: TOKEN, database: projectDatabase(db2) });
    await api.start();
    const name = `${NAME}-early`;
    const early = writeStackFile(name, api, ["jobs"]);
    const before = new Set(api.projects.keys());
    api.options.pollsUntilHealthy = 60; // ~3 s of COMING_UP at 0.05 s polls: the kill lands in it
    try {
      let killed = false;
      const first = await supastack(["up", "--stack", name], cli.env, (_out, kill) => {
        if (!killed && [...api.projects.keys()].some((k) => !before.has(k))) {
          killed = true;
          kill();
        }
      });
      expect(killed, first.output).toBe(true);
      const orphan = [...api.projects.values()].find((p) => !before.has(p.ref));
      expect(orphan?.status).toBe("COMING_UP");

      const cancel = await supastack(["cancel", "-s", name], cli.env);
      expect(cancel.code, cancel.output).toBe(0);
      expect(cancel.output).toMatch(new RegExp(`deleted project ${orphan?.ref} \\(${name}\\): the killed run created it and never recorded it`));
      expect(orphan?.status).toBe("REMOVED");

      api.options.pollsUntilHealthy = 2;
      const again = await supastack(["up", "--stack", name], cli.env);
      expect(again.code, again.output).toBe(0);
      const live = [...api.projects.values()].filter((p) => p.name === name && p.status !== "REMOVED");
      expect(live).toHaveLength(1);
      const down = await supastack(["destroy", "--stack", name, "--remove"], cli.env);
      expect(down.code, down.output).toBe(0);
    } finally {
      fs.rmSync(early, { force: true });
      await api.stop();
      await db2.drop();
    }
  });
});
