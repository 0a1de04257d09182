// The voice module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// The owner is the dispatcher who created the agent configuration; the call and its result are
// theirs through test_calls.agent_config_id (the source has no owner column on those tables).
// As the source's policies say: the owner reads and creates configurations; calls and results are
// written by the backend (service_role) and only read by the owner; anon reads nothing (the
// source's optional "Public read access" on call_results is refused, docs/modules/voice.md).
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;

export const matrix: Record<string, Row> = {
  "voice.agent_configurations": ownerOnly("SI--"),
  "voice.test_calls": ownerOnly("S---"),
  "voice.call_results": ownerOnly("S---"),
};

export const targets: Record<string, string> = {
  "voice.agent_configurations": "30000000-0000-4000-8000-000000000001",
  "voice.test_calls": "30000000-0000-4000-8000-000000000002",
  "voice.call_results": "30000000-0000-4000-8000-000000000003",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO voice.agent_configurations (id, name, system_prompt, scenario_type, created_by)
  VALUES (${t("voice.agent_configurations")}, 'Check-in agent', 'Ask the driver for location and ETA.', 'check-in', '${O}');
INSERT INTO voice.test_calls (id, agent_config_id, driver_name, phone_number, load_number, retell_call_id, retell_agent_id, status, started_at, ended_at, duration_seconds)
  VALUES (${t("voice.test_calls")}, ${t("voice.agent_configurations")}, 'Dana Ruiz', '+12145550101', 'LOAD-2026-101',
          'call_0f3a9c2e7b1d4e5f8a6b0c9d2e1f3a4b', 'agent_9a8b7c6d5e4f30112233445566778899', 'completed',
          '2026-10-01T10:00:00Z', '2026-10-01T10:02:30Z', 150);
INSERT INTO voice.call_results (id, call_id, transcript, transcript_object, structured_data)
  VALUES (${t("voice.call_results")}, ${t("voice.test_calls")}, E'Agent: Where are you?\\nUser: I-35 North near Waco, mile 335.\\n',
          '[{"role": "agent", "content": "Where are you?"}, {"role": "user", "content": "I-35 North near Waco, mile 335."}]',
          '{"call_outcome": "successful", "current_location": "Interstate 35 North, near Waco, TX"}');
`;
