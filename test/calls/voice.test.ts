// The voice application's own data accesses (voice.md), run against a stack applied by the real
// engine and seeded with the qa profile, as the role the application uses:
//   - its FastAPI backend: SQLAlchemy over DATABASE_URL and the Supabase service key (service_role),
//     with the module's schema on the search_path (the source's SQL names tables unqualified);
//   - a signed-in user (authenticated, with a `sub`) for the source's optional Supabase Auth policies;
//   - anon for the source's optional "Public read access" on call_results, which the module refuses.
//
// Calls, and where they come from in voice.md:
//   [9.2]  INSERT INTO agent_configurations (name, system_prompt, scenario_type, retell_settings) VALUES (...)
//   [9.2]  INSERT INTO test_calls (agent_config_id, driver_name, phone_number, load_number, status)
//          VALUES ((SELECT id FROM agent_configurations LIMIT 1), 'John Smith', '+15555551234', 'LOAD-2025-001', 'completed')
//   [9.1]  SELECT version(); SELECT COUNT(*) FROM agent_configurations
//   [5.2]  SELECT * FROM call_results WHERE structured_data @> '{"call_outcome": "successful"}'
//   [5.2]  SELECT * FROM call_results WHERE structured_data ? 'emergency_type'
//   [11.3] EXPLAIN ANALYZE SELECT * FROM test_calls WHERE phone_number = '+15555551234'
//   [5.1]  SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ... ORDER BY tablename, indexname
//   [4.2]  "Users can view own configs": supabase.table("agent_configurations").select("*") as a signed-in user
//   [4.2]  "Users can create configs": supabase.table("agent_configurations").insert({..., created_by: uid})
//   [4.2 + module] a signed-in user's calls and results (through agent_config_id), nobody else's
//   [4.2]  Policy 3 "Public read access" on call_results for anon: refused (transcripts, recordings, phone numbers)
//   [3.1/2.1] what the backend writes as a call progresses (Retell webhook): UPDATE test_calls SET status, started_at,
//          ended_at, duration_seconds, retell_call_id ...; INSERT INTO call_results (...) with every column
// Every call runs in each placement of test/helpers/stack-db.ts: a database the stack created, and
// the application's legacy database adopted by `supastack adopt` into the module's schema or kept in
// public; SQL names the module's schema as the stack placed it (S).
import { seedersOf } from "../../modules/catalog";
import type { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../seeds/api";
import type { Persona } from "../../seedkit/types";
import { withClient } from "../../providers/postgres/client";
import { type Actor, asActor, attempt } from "../helpers/postgrest";
import { type AppliedDatabase, databaseWithModules, PLACEMENTS } from "../helpers/stack-db";

describe.each(PLACEMENTS)("voice (%s)", (placement) => {
  let applied: AppliedDatabase;
  let url: string;
  let S: string;
  let persona: Persona;
  const service: Actor = { role: "service_role" };

  /** The backend's session: service_role with the module's schema first on the search_path. */
  async function backend<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    return asActor(url, service, async (c) => {
      await c.query("SET LOCAL search_path TO voice, public");
      return fn(c);
    });
  }

  beforeAll(async () => {
    applied = await databaseWithModules("calls_voice", ["voice"], { placement });
    url = applied.db.url;
    S = applied.modules[0]!.schema;
    const seeded = await seedDatabase({ url, seeders: await seedersOf(applied.modules), profile: "qa", seed: 3, quiet: true });
    persona = seeded.personas.find((p) => p.name === "dispatcher-with-emergency-call") as Persona;
  }, 300_000);
  afterAll(async () => {
    await applied?.dispose();
  });

  describe("voice: the application's calls", () => {
    it("verify finds nothing on the applied module", async () => {
      expect(await applied.unexpectedFindings()).toEqual([]);
    });

    it("[9.2] the source's seed SQL and [9.1] its connection test, as the backend", async () => {
      await backend(async (c) => {
        const cfg = await c.query(
          `INSERT INTO agent_configurations (name, system_prompt, scenario_type, retell_settings)
           VALUES ('Test Check-In Agent', 'You are a friendly logistics coordinator calling to check on driver status...', 'check-in',
                   '{"voice_id": "default", "backchannel_enabled": true, "interruption_sensitivity": "medium"}'::jsonb) RETURNING id, conversation_config`,
        );
        expect(cfg.rows[0].conversation_config.max_retries).toBe(3);
        const call = await c.query(
          `INSERT INTO test_calls (agent_config_id, driver_name, phone_number, load_number, status)
           VALUES ((SELECT id FROM agent_configurations LIMIT 1), 'John Smith', '+15555551234', 'LOAD-2025-001', 'completed') RETURNING status`,
        );
        expect(call.rows).toEqual([{ status: "completed" }]);
        expect((await c.query("SELECT version()")).rows[0].version).toMatch(/^PostgreSQL/);
        const n = Number((await c.query("SELECT COUNT(*) FROM agent_configurations")).rows[0].count);
        expect(n).toBeGreaterThan(10);
      });
    });

    it("[5.2] JSONB queries on structured_data, served by the GIN index", async () => {
      await backend(async (c) => {
        const ok = await c.query(`SELECT * FROM call_results WHERE structured_data @> '{"call_outcome": "successful"}'`);
        const em = await c.query("SELECT * FROM call_results WHERE structured_data ? 'emergency_type'");
        expect(ok.rows.length).toBeGreaterThan(50);
        expect(em.rows.length).toBeGreaterThan(5);
        expect(em.rows.every((r) => r.structured_data.call_outcome === "emergency_detected")).toBe(true);
        await c.query("SET LOCAL enable_seqscan = off");
        const plan = (await c.query(`EXPLAIN SELECT * FROM call_results WHERE structured_data @> '{"call_outcome": "successful"}'`)).rows.map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan).toContain("idx_call_results_structured_data");
      });
    });

    it("[11.3] phone number lookup and [5.1] the index listing (in the schema the stack placed voice in)", async () => {
      await backend(async (c) => {
        const phone = (await c.query("SELECT phone_number FROM test_calls LIMIT 1")).rows[0].phone_number;
        const plan = await c.query("EXPLAIN ANALYZE SELECT * FROM test_calls WHERE phone_number = $1", [phone]);
        expect(plan.rows.length).toBeGreaterThan(0);
        const idx = await c.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = '${S}' ORDER BY tablename, indexname`);
        expect(idx.rows.map((r) => r.indexname)).toEqual(
          expect.arrayContaining([
            "idx_agent_config_scenario",
            "idx_agent_config_active",
            "idx_agent_config_created",
            "idx_test_calls_agent_config",
            "idx_test_calls_status",
            "idx_test_calls_retell_id",
            "idx_test_calls_created",
            "idx_test_calls_phone",
            "idx_call_results_call_id",
            "idx_call_results_created",
            "idx_call_results_structured_data",
          ]),
        );
      });
    });

    it("[2.1] the backend records a call's progress and its result, every column by the source's name", async () => {
      await backend(async (c) => {
        const cfg = (await c.query("SELECT id FROM agent_configurations WHERE scenario_type = 'emergency' AND is_active LIMIT 1")).rows[0].id;
        const call = await c.query(
          "INSERT INTO test_calls (agent_config_id, driver_name, phone_number, load_number, retell_agent_id) VALUES ($1, 'Maria Lopez', '+13125550147', 'LOAD-2026-900', 'agent_4c1d2e3f40516273849a0b1c2d3e4f50') RETURNING id",
          [cfg],
        );
        const id = call.rows[0].id;
        await c.query("UPDATE test_calls SET status = 'ringing', retell_call_id = 'call_5e6f708192a3b4c5d6e7f8091a2b3c4d', started_at = '2026-10-01T12:00:00Z' WHERE id = $1", [id]);
        await c.query("UPDATE test_calls SET status = 'in_progress' WHERE id = $1", [id]);
        const done = await c.query("UPDATE test_calls SET status = 'completed', ended_at = '2026-10-01T12:02:41Z' WHERE id = $1 RETURNING duration_seconds", [id]);
        expect(done.rows).toEqual([{ duration_seconds: 161 }]);
        const res = await c.query(
          `INSERT INTO call_results (call_id, transcript, transcript_object, structured_data, extraction_model, extraction_confidence,
                                     extraction_timestamp, sentiment_score, call_quality_score, recording_url)
           VALUES ($1, $2, $3, $4, 'gpt-4o-2024-08-06', 0.93, now(), -0.40, 0.88, 'https://retellai.s3.us-west-2.amazonaws.com/call_5e6f708192a3b4c5d6e7f8091a2b3c4d/recording.wav')
           RETURNING *`,
          [
            id,
            "Agent: Hi Maria, checking in on LOAD-2026-900.\nUser: I just had a blowout on my steer tire.\n",
            JSON.stringify([
              { role: "agent", content: "Hi Maria, checking in on LOAD-2026-900.", words: [{ word: "Hi ", start: 0.3, end: 0.5 }] },
              { role: "user", content: "I just had a blowout on my steer tire.", words: [{ word: "I ", start: 2.1, end: 2.2 }] },
            ]),
            JSON.stringify({ call_outcome: "emergency_detected", emergency_type: "vehicle_breakdown", emergency_keywords_detected: ["blowout", "tire"] }),
          ],
        );
        expect(res.rows[0]).toMatchObject({ extraction_confidence: "0.93", sentiment_score: "-0.40", call_quality_score: "0.88" });
      });
    });

    it("[4.2] a signed-in user reads and creates their own configurations, and reads the calls and results made with them", async () => {
      const me: Actor = { role: "authenticated", sub: persona.userId };
      await asActor(url, me, async (c) => {
        const mine = await c.query(`SELECT * FROM ${S}.agent_configurations`);
        expect(mine.rows.length).toBeGreaterThan(0);
        expect(mine.rows.every((r) => r.created_by === persona.userId)).toBe(true);
        const calls = await c.query(`SELECT id FROM ${S}.test_calls`);
        expect(calls.rows.map((r) => r.id)).toContain(persona.refs.testCallId);
        const result = await c.query(`SELECT structured_data ->> 'call_outcome' AS outcome FROM ${S}.call_results WHERE id = $1`, [persona.refs.callResultId]);
        expect(result.rows).toEqual([{ outcome: "emergency_detected" }]);
        // Only their own: every visible call is made with one of their configurations.
        const foreign = await c.query(`SELECT count(*)::int AS n FROM ${S}.test_calls c WHERE c.agent_config_id <> ALL ($1::uuid[])`, [mine.rows.map((r) => r.id)]);
        expect(foreign.rows).toEqual([{ n: 0 }]);
        const created = await c.query(
          `INSERT INTO ${S}.agent_configurations (name, system_prompt, scenario_type, created_by)
           VALUES ('Night check-in', 'You call drivers on night runs...', 'check-in', $1) RETURNING created_by`,
          [persona.userId],
        );
        expect(created.rows).toEqual([{ created_by: persona.userId }]);
      });
      await withClient(url, async (c) => {
        // Creating a configuration in someone else's name is refused.
        const other = (await c.query(`SELECT created_by FROM ${S}.agent_configurations WHERE created_by IS NOT NULL AND created_by <> $1 LIMIT 1`, [persona.userId])).rows[0].created_by;
        const r = await attempt(c, me, `INSERT INTO ${S}.agent_configurations (name, system_prompt, scenario_type, created_by) VALUES ('x', 'p', 'check-in', $1)`, [other]);
        expect(r.code).toBe("42501");
        // Another user sees none of the persona's rows.
        const stranger: Actor = { role: "authenticated", sub: other };
        for (const [table, id] of [["test_calls", persona.refs.testCallId], ["call_results", persona.refs.callResultId], ["agent_configurations", persona.refs.agentConfigId]]) {
          expect(await attempt(c, stranger, `SELECT 1 FROM ${S}.${table} WHERE id = $1`, [id])).toEqual({ rows: 0 });
        }
        // Calls and results are the backend's to write.
        expect((await attempt(c, me, `UPDATE ${S}.test_calls SET status = 'failed' WHERE id = $1`, [persona.refs.testCallId])).code).toBe("42501");
        expect((await attempt(c, me, `DELETE FROM ${S}.call_results WHERE id = $1`, [persona.refs.callResultId])).code).toBe("42501");
      });
    });

    it("[4.2 Policy 3] anon's public read of call_results is refused: transcripts, recordings and phone numbers stay private", async () => {
      await withClient(url, async (c) => {
        for (const table of ["call_results", "test_calls", "agent_configurations"]) {
          const r = await attempt(c, { role: "anon" }, `SELECT * FROM ${S}.${table}`);
          expect(r.code, table).toBe("42501");
        }
        const policies = await c.query(`SELECT policyname FROM pg_policies WHERE schemaname = '${S}' AND 'anon' = ANY (roles)`);
        expect(policies.rows).toEqual([]);
      });
    });
  });
});
