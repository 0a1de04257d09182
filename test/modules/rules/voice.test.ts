// The rules the voice module's SQL enforces, on a real PostgreSQL: every file re-runs cleanly, and
// the triggers and checks do what the source document intended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../../../stacks/postgres/client";
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
  it("duration follows start and end; phone numbers are E.164", async () => {
    await withClient(db.url, async (c) => {
      const u = await user(c, 50);
      const cfg = await c.query("INSERT INTO voice.agent_configurations (name, scenario_type, prompt, created_by) VALUES ('Check-in', 'check-in', 'p', $1) RETURNING id, retell_settings", [u]);
      expect(cfg.rows[0].retell_settings).toMatchObject({ voice_id: expect.any(String) });
      const call = await c.query(
        `INSERT INTO voice.test_calls (configuration_id, scenario_type, driver_name, driver_phone, load_number, status, started_at, ended_at, created_by)
         VALUES ($1, 'check-in', 'Dana Ruiz', '+12145550123', 'LD-482910', 'completed', '2026-11-01T10:00:00Z', '2026-11-01T10:03:07Z', $2) RETURNING duration_seconds`,
        [cfg.rows[0].id, u],
      );
      expect(call.rows[0].duration_seconds).toBe(187);
      await expect(
        c.query("INSERT INTO voice.test_calls (configuration_id, scenario_type, driver_name, driver_phone, load_number, created_by) VALUES ($1, 'check-in', 'D', '214-555-0123', 'LD-1234', $2)", [cfg.rows[0].id, u]),
      ).rejects.toThrow(/check constraint/);
    });
  });
});
