// The voice module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;

export const matrix: Record<string, Row> = {
  "voice.agent_configurations": ownerOnly("SIUD"),
  "voice.test_calls": ownerOnly("SIUD"),
  "voice.call_results": ownerOnly("S---"),
};

export const targets: Record<string, string> = {
  "voice.agent_configurations": "30000000-0000-4000-8000-000000000001",
  "voice.test_calls": "30000000-0000-4000-8000-000000000002",
  "voice.call_results": "30000000-0000-4000-8000-000000000003",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO voice.agent_configurations (id, name, scenario_type, prompt, created_by)
  VALUES (${t("voice.agent_configurations")}, 'Check-in agent', 'check-in', 'Ask the driver for location and ETA.', '${O}');
INSERT INTO voice.test_calls (id, configuration_id, scenario_type, driver_name, driver_phone, load_number, status, started_at, ended_at, duration_seconds, created_by)
  VALUES (${t("voice.test_calls")}, ${t("voice.agent_configurations")}, 'check-in', 'Dana Driver', '+15555550101', 'LD-1001', 'completed',
          '2026-10-01T10:00:00Z', '2026-10-01T10:02:30Z', 150, '${O}');
INSERT INTO voice.call_results (id, test_call_id, transcript, structured_data)
  VALUES (${t("voice.call_results")}, ${t("voice.test_calls")}, 'Agent: Where are you? Driver: Near Dallas, ETA 3pm.', '{"location": "Dallas"}');
`;
