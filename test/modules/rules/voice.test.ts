// The rules the voice module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, the
// source's defaults are exactly the source's, its updated_at trigger works, and the CHECKs the module
// adds keep what the source allows while refusing incoherent values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../providers/postgres/client";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { applyModuleSql } from "../../helpers/modules";
import { testUser as user } from "./helpers";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("rules_voice");
  // Twice: every file is re-runnable (a table dropped by hand is restored by running it again).
  await applyModuleSql(db.url, ["voice"], 2);
});
afterAll(async () => {
  await db?.drop();
});

describe("voice", () => {
  it("the JSONB defaults are the source's, exactly", async () => {
    await withClient(db.url, async (c) => {
      const cfg = await c.query("INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('Test Check-In Agent', 'p', 'check-in') RETURNING *");
      expect(cfg.rows[0].retell_settings).toEqual({ voice_id: "default", backchannel_enabled: true, filler_words_enabled: true, interruption_sensitivity: "high", response_latency_ms: 200 });
      expect(cfg.rows[0].conversation_config).toEqual({ max_retries: 3, timeout_seconds: 300, emergency_keywords: ["accident", "blowout", "breakdown", "injured"] });
      expect(cfg.rows[0]).toMatchObject({ is_active: true, created_by: null });
      const call = await c.query("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number) VALUES ($1, 'John Smith', '+15555551234', 'LOAD-2025-001') RETURNING *", [cfg.rows[0].id]);
      expect(call.rows[0]).toMatchObject({ status: "initiated", retry_count: 0, retell_call_id: null, duration_seconds: null });
      // One GIN index on structured_data (the source names it twice; see docs/modules/voice.md).
      const gin = await c.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'voice' AND indexdef ILIKE '%USING gin (structured_data)%'");
      expect(gin.rows).toEqual([{ indexname: "idx_call_results_structured_data" }]);
    });
  });

  it("updated_at follows every update; duration is filled from start and end only when the writer leaves it out", async () => {
    await withClient(db.url, async (c) => {
      const u = await user(c, 50);
      const cfg = await c.query("INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type, created_by, updated_at) VALUES ('Check-in', 'p', 'check-in', $1, '2020-01-01') RETURNING id", [u]);
      const upd = await c.query("UPDATE voice.agent_configurations SET is_active = false WHERE id = $1 RETURNING updated_at", [cfg.rows[0].id]);
      expect(upd.rows[0].updated_at.getTime()).toBeGreaterThan(Date.parse("2025-01-01"));
      const call = await c.query(
        `INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, status, started_at, ended_at)
         VALUES ($1, 'Dana Ruiz', '+12145550123', 'LOAD-2026-482', 'completed', '2026-11-01T10:00:00Z', '2026-11-01T10:03:07Z') RETURNING id, duration_seconds, updated_at`,
        [cfg.rows[0].id],
      );
      expect(call.rows[0].duration_seconds).toBe(187);
      const given = await c.query(
        `INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, status, started_at, ended_at, duration_seconds)
         VALUES ($1, 'Dana Ruiz', '+12145550123', 'LOAD-2026-482', 'completed', '2026-11-01T11:00:00Z', '2026-11-01T11:03:07Z', 186) RETURNING duration_seconds`,
        [cfg.rows[0].id],
      );
      expect(given.rows[0].duration_seconds).toBe(186); // Retell's own duration_ms is kept
      const bumped = await c.query("UPDATE voice.test_calls SET retry_count = 1 WHERE id = $1 RETURNING updated_at", [call.rows[0].id]);
      expect(bumped.rows[0].updated_at.getTime()).toBeGreaterThanOrEqual(call.rows[0].updated_at.getTime());
      // Deleting a user keeps their configuration (ON DELETE SET NULL); deleting a configuration removes its calls and their results.
      await c.query("INSERT INTO voice.call_results (call_id, transcript, structured_data) VALUES ($1, 'Agent: Hi\nUser: Hi\n', '{\"call_outcome\": \"successful\"}')", [call.rows[0].id]);
      await c.query("DELETE FROM auth.users WHERE id = $1", [u]);
      expect((await c.query("SELECT created_by FROM voice.agent_configurations WHERE id = $1", [cfg.rows[0].id])).rows).toEqual([{ created_by: null }]);
      await c.query("DELETE FROM voice.agent_configurations WHERE id = $1", [cfg.rows[0].id]);
      expect((await c.query("SELECT count(*)::int AS n FROM voice.call_results r JOIN voice.test_calls t ON t.id = r.call_id WHERE t.agent_config_id = $1", [cfg.rows[0].id])).rows).toEqual([{ n: 0 }]);
    });
  });

  it("every source CHECK value stays allowed; the added CHECKs refuse only incoherent values", async () => {
    await withClient(db.url, async (c) => {
      const cfg = await c.query("INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('E', 'p', 'emergency') RETURNING id");
      const id = cfg.rows[0].id;
      for (const status of ["initiated", "ringing", "in_progress", "completed", "failed", "no_answer", "busy"]) {
        await c.query("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, status) VALUES ($1, 'D', '+15555551234', 'L', $2)", [id, status]);
      }
      const bad = async (sql: string, params: unknown[]) => {
        await c.query("SAVEPOINT s");
        await expect(c.query(sql, params)).rejects.toThrow(/check constraint/);
        await c.query("ROLLBACK TO SAVEPOINT s");
      };
      await c.query("BEGIN");
      await bad("INSERT INTO voice.agent_configurations (name, system_prompt, scenario_type) VALUES ('x', 'p', 'survey')", []);
      await bad("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, status) VALUES ($1, 'D', '+1', 'L', 'queued')", [id]);
      await bad("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, retry_count) VALUES ($1, 'D', '+1', 'L', -1)", [id]);
      await bad("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, started_at, ended_at) VALUES ($1, 'D', '+1', 'L', now(), now() - interval '1 minute')", [id]);
      const call = await c.query("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number) VALUES ($1, 'D', '+1', 'L') RETURNING id", [id]);
      for (const [col, v] of [["extraction_confidence", 1.01], ["sentiment_score", -1.01], ["call_quality_score", -0.01]] as const) {
        await bad(`INSERT INTO voice.call_results (call_id, transcript, structured_data, ${col}) VALUES ($1, 't', '{}', $2)`, [call.rows[0].id, v]);
      }
      await c.query("INSERT INTO voice.call_results (call_id, transcript, structured_data, extraction_confidence, sentiment_score, call_quality_score) VALUES ($1, 't', '{}', 1, -1, 0)", [call.rows[0].id]);
      await c.query("ROLLBACK");
      // retell_call_id is UNIQUE.
      await c.query("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, retell_call_id) VALUES ($1, 'D', '+1', 'L', 'call_x')", [id]);
      await expect(c.query("INSERT INTO voice.test_calls (agent_config_id, driver_name, phone_number, load_number, retell_call_id) VALUES ($1, 'D', '+1', 'L', 'call_x')", [id])).rejects.toThrow(/unique/);
    });
  });

  it("the trigger functions are not callable by PUBLIC and run with an empty search_path", async () => {
    await withClient(db.url, async (c) => {
      const { rows } = await c.query(
        `SELECT p.proname, p.proconfig, has_function_privilege('anon', p.oid, 'EXECUTE') AS anon, has_function_privilege('authenticated', p.oid, 'EXECUTE') AS auth
           FROM pg_proc p WHERE p.pronamespace = 'voice'::regnamespace ORDER BY 1`,
      );
      expect(rows).toEqual([
        { proname: "fill_call_duration", proconfig: ['search_path=""'], anon: false, auth: false },
        { proname: "keep_id", proconfig: ['search_path=""'], anon: false, auth: false },
        { proname: "update_updated_at_column", proconfig: ['search_path=""'], anon: false, auth: false },
      ]);
    });
  });
});
