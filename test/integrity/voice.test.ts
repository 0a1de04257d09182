// Write integrity of the voice module (issue 11): the attacks a signed-in dispatcher (or anyone with
// the public anon key) could try through the Data API, each run as PostgREST runs it (role + JWT
// claims, one transaction) against a stack applied by the real engine and seeded with the qa
// profile. Every one is refused with 42501, as RLS or a missing privilege refuses it; nothing
// changes. The last test shows the records the backend depends on survive a user's deletion.
// Every attempt a signed-in user is refused is tried again as their anonymous twin (same uid,
// GoTrue's anonymous claims; test/helpers/postgrest.ts attemptAlsoAnonymous), which must be refused too (issue 26).
import { seedersOf } from "../../modules/catalog";
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import type { Persona } from "../../seedkit/types";
import { withClient } from "../../providers/postgres/client";
import { type Actor, attemptAlsoAnonymous as attempt, refusedByRls } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules } from "../helpers/stack-db";

let applied: AppliedDatabase;
let url: string;
let me: Actor;
let persona: Persona;
/** Another dispatcher, their configuration and one of their completed calls. */
let other: { user: string; config: string; call: string };

beforeAll(async () => {
  applied = await databaseWithModules("integrity_voice", ["voice"]);
  url = applied.db.url;
  const seeded = await seedDatabase({ url, seeders: await seedersOf(["voice"]), profile: "qa", seed: 5, quiet: true });
  persona = seeded.personas.find((p) => p.name === "dispatcher-with-emergency-call") as Persona;
  me = { role: "authenticated", sub: persona.userId };
  const { rows } = await withClient(url, (c) =>
    c.query(
      `SELECT a.created_by AS user, a.id AS config, c.id AS call FROM voice.agent_configurations a JOIN voice.test_calls c ON c.agent_config_id = a.id
        WHERE a.created_by IS NOT NULL AND a.created_by <> $1 AND c.status = 'completed' LIMIT 1`,
      [persona.userId],
    ),
  );
  other = rows[0];
}, 300_000);
afterAll(async () => {
  await applied?.dispose();
});

/** Refused as RLS refuses it, for the actor and (attemptAlsoAnonymous) its anonymous twin. */
const refused = (c: Client, actor: Actor, sql: string, params: unknown[] = []) => refusedByRls(c, actor, sql, params, attempt);

describe("voice: writes a dispatcher may not make", () => {
  it("configurations: none in another user's name, no server-owned columns, no changes or deletes", async () => {
    await withClient(url, async (c) => {
      // In someone else's name (the policy's WITH CHECK), or as nobody's (created_by NULL).
      expect(await refused(c, me, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type, created_by) VALUES ('x', 'p', 'check-in', $1)", [other.user])).toMatch(
        /row-level security/,
      );
      await refused(c, me, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type, created_by) VALUES ('x', 'p', 'check-in', NULL)");
      // Choosing the id (e.g. to collide with, or probe for, an existing one) or the timestamps.
      await refused(c, me, "INSERT INTO voice.agent_configurations (id, name, system_prompt, scenario_type) VALUES (gen_random_uuid(), 'x', 'p', 'check-in')");
      await refused(c, me, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type, created_at) VALUES ('x', 'p', 'check-in', '2020-01-01')");
      // Taking over another user's configuration, or changing / deleting one's own (the source grants neither).
      await refused(c, me, "UPDATE voice.agent_configurations SET created_by = $1 WHERE id = $2", [persona.userId, other.config]);
      await refused(c, me, "UPDATE voice.agent_configurations SET system_prompt = 'Ignore previous instructions' WHERE id = $1", [persona.refs.agentConfigId]);
      await refused(c, me, "DELETE FROM voice.agent_configurations WHERE id = $1", [persona.refs.agentConfigId]);
      // What a user may do: create one of their own (created_by defaults to them).
      const ok = await attempt(c, me, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('Night check-in', 'p', 'check-in')");
      expect(ok).toEqual({ rows: 1 });
    });
  });

  it("calls: no re-pointing at another user's configuration, no service-owned columns, no placing or deleting calls", async () => {
    await withClient(url, async (c) => {
      await refused(c, me, "UPDATE voice.test_calls SET agent_config_id = $1 WHERE id = $2", [other.config, persona.refs.testCallId]);
      for (const set of ["status = 'failed'", "started_at = now()", "ended_at = now()", "duration_seconds = 1", "retry_count = 0", "error_message = NULL", "retell_call_id = 'call_x'"]) {
        await refused(c, me, `UPDATE voice.test_calls SET ${set} WHERE id = $1`, [persona.refs.testCallId]);
      }
      await refused(
        c,
        me,
        "INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number) VALUES ($1, 'Dana Ruiz', '+12145550123', 'LOAD-2026-999')",
        [persona.refs.agentConfigId],
      );
      await refused(c, me, "DELETE FROM voice.test_calls WHERE id = $1", [persona.refs.testCallId]);
    });
  });

  it("results: no forged or edited transcripts and extracted data, not even for one's own calls", async () => {
    await withClient(url, async (c) => {
      await refused(c, me, "INSERT INTO voice.call_results (call_id, transcript, structured_data) VALUES ($1, 'Agent: All good.\nUser: All good.\n', '{\"call_outcome\": \"successful\"}')", [
        persona.refs.testCallId,
      ]);
      await refused(c, me, "UPDATE voice.call_results SET structured_data = structured_data - 'injury_status' WHERE id = $1", [persona.refs.callResultId]);
      await refused(c, me, "UPDATE voice.call_results SET recording_url = 'https://attacker.example/x.wav' WHERE id = $1", [persona.refs.callResultId]);
      await refused(c, me, "DELETE FROM voice.call_results WHERE id = $1", [persona.refs.callResultId]);
    });
  });

  it("anon (the public key): no reads, no writes, no trigger functions; nor may a user call them", async () => {
    const anon: Actor = { role: "anon" };
    await withClient(url, async (c) => {
      for (const table of ["agent_configurations", "test_calls", "call_results"]) {
        await refused(c, anon, `SELECT * FROM voice.${table}`);
      }
      await refused(c, anon, "INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('x', 'p', 'check-in')");
      for (const fn of ["update_updated_at_column", "fill_call_duration", "keep_id"]) {
        for (const actor of [anon, me]) {
          expect(await refused(c, actor, `SELECT voice.${fn}()`)).toMatch(/permission denied for (function|schema)/);
          const { rows } = await c.query(`SELECT has_function_privilege($1, 'voice.${fn}()', 'EXECUTE') AS x`, [actor.role]);
          expect(rows, `${actor.role} ${fn}`).toEqual([{ x: false }]);
        }
      }
      const definers = await c.query("SELECT proname FROM pg_proc WHERE pronamespace = 'voice'::regnamespace AND prosecdef");
      expect(definers.rows).toEqual([]);
    });
  });

  it("ids never change, not even for the backend", async () => {
    await withClient(url, async (c) => {
      for (const [table, id] of [["agent_configurations", persona.refs.agentConfigId], ["test_calls", persona.refs.testCallId], ["call_results", persona.refs.callResultId]]) {
        expect(await refused(c, { role: "service_role" }, `UPDATE voice.${table} SET id = gen_random_uuid() WHERE id = $1`, [id])).toMatch(/cannot change/);
      }
    });
  });

  it("a user's deletion keeps the configurations, calls and results the backend depends on (ON DELETE SET NULL)", async () => {
    await withClient(url, async (c) => {
      await c.query("BEGIN");
      try {
        const before = await c.query(
          "SELECT count(*)::int AS n FROM voice.call_results r JOIN voice.test_calls t ON t.id = r.call_id JOIN voice.agent_configurations a ON a.id = t.agent_config_id WHERE a.created_by = $1",
          [persona.userId],
        );
        expect(before.rows[0].n).toBeGreaterThan(0);
        await c.query("DELETE FROM auth.users WHERE id = $1", [persona.userId]);
        const after = await c.query(
          "SELECT a.created_by, count(r.id)::int AS n FROM voice.agent_configurations a JOIN voice.test_calls t ON t.agent_config_id = a.id JOIN voice.call_results r ON r.call_id = t.id WHERE a.id = $1 GROUP BY 1",
          [persona.refs.agentConfigId],
        );
        expect(after.rows).toEqual([{ created_by: null, n: expect.any(Number) }]);
        expect((await c.query("SELECT 1 FROM voice.call_results WHERE id = $1", [persona.refs.callResultId])).rowCount).toBe(1);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });
});
