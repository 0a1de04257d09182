// The voice module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, the SQL that loads those rows, and the
// column write rules with a probe value per column.
// The owner is the dispatcher who created the agent configuration; the call and its result are
// theirs through test_calls.agent_config_id (the source has no owner column on those tables).
// As the source's policies say: a signed-in user reads and creates configurations of their own;
// calls and results are written by the backend (service_role) and only read by the owner; anon
// reads nothing (the source's optional "Public read access" on call_results is refused,
// docs/modules/voice.md).
import { ACTORS_IDS, type ColumnProbes, type ColumnRule, type ColumnRules, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;

export const matrix: Record<string, Row> = {
  // Inserting the whole row (id, created_at, updated_at included) is refused: those are the server's.
  "voice.agent_configurations": ownerOnly("S---"),
  "voice.test_calls": ownerOnly("S---"),
  "voice.call_results": ownerOnly("S---"),
};

export const targets: Record<string, string> = {
  "voice.agent_configurations": "30000000-0000-4000-8000-000000000001",
  "voice.test_calls": "30000000-0000-4000-8000-000000000002",
  "voice.call_results": "30000000-0000-4000-8000-000000000003",
};

/** Rows the probes point at: a user who is none of the actors, their configuration and call. */
const NOBODY = "30000000-0000-4000-8000-0000000000e1";
const NOBODY_CONFIG = "30000000-0000-4000-8000-000000000004";
const NOBODY_CALL = "30000000-0000-4000-8000-000000000005";

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO auth.users (id, email, role, aud) VALUES ('${NOBODY}', 'voice-nobody@example.com', 'authenticated', 'authenticated');
INSERT INTO voice.agent_configurations (id, name, system_prompt, scenario_type, created_by)
  VALUES (${t("voice.agent_configurations")}, 'Check-in agent', 'Ask the driver for location and ETA.', 'check-in', '${O}'),
         ('${NOBODY_CONFIG}', 'Emergency line', 'Establish safety, injuries and location first.', 'emergency', '${NOBODY}');
INSERT INTO voice.test_calls (id, agent_config_id, driver_name, phone_number, load_number, retell_call_id, retell_agent_id, status, started_at, ended_at, duration_seconds)
  VALUES (${t("voice.test_calls")}, ${t("voice.agent_configurations")}, 'Dana Ruiz', '+12145550101', 'LOAD-2026-101',
          'call_0f3a9c2e7b1d4e5f8a6b0c9d2e1f3a4b', 'agent_9a8b7c6d5e4f30112233445566778899', 'completed',
          '2026-10-01T10:00:00Z', '2026-10-01T10:02:30Z', 150),
         ('${NOBODY_CALL}', '${NOBODY_CONFIG}', 'Luis Ortega', '+13035550188', 'LOAD-2026-102', NULL, 'agent_1b2c3d4e5f60718293a4b5c6d7e8f901', 'initiated', NULL, NULL, NULL);
INSERT INTO voice.call_results (id, call_id, transcript, transcript_object, structured_data)
  VALUES (${t("voice.call_results")}, ${t("voice.test_calls")}, E'Agent: Where are you?\\nUser: I-35 North near Waco, mile 335.\\n',
          '[{"role": "agent", "content": "Where are you?"}, {"role": "user", "content": "I-35 North near Waco, mile 335."}]',
          '{"call_outcome": "successful", "current_location": "Interstate 35 North, near Waco, TX"}');
`;

const CONFIG_COLUMNS = ["id", "name", "system_prompt", "scenario_type", "retell_settings", "conversation_config", "created_at", "updated_at", "created_by", "is_active"];
const CALL_COLUMNS = [
  "id",
  "agent_config_id",
  "driver_name",
  "phone_number",
  "load_number",
  "retell_call_id",
  "retell_agent_id",
  "status",
  "duration_seconds",
  "started_at",
  "ended_at",
  "error_message",
  "retry_count",
  "created_at",
  "updated_at",
];
/** Any signed-in user creates configurations of their own: the content; created_by takes auth.uid(). */
const createsConfigs: ColumnRule = { insert: ["name", "system_prompt", "scenario_type", "retell_settings", "conversation_config", "is_active"], update: [] };
/** The backend writes everything but ids never change and updated_at is stamped by the trigger on every update. */
const backend = (columns: string[]): ColumnRule => ({ insert: "*", update: columns.filter((c) => c !== "updated_at" && c !== "id") });
const RESULT_COLUMNS = [
  "id",
  "call_id",
  "transcript",
  "transcript_object",
  "structured_data",
  "extraction_model",
  "extraction_confidence",
  "extraction_timestamp",
  "sentiment_score",
  "call_quality_score",
  "recording_url",
  "created_at",
];

export const columnRules: ColumnRules = {
  "voice.agent_configurations": { owner: createsConfigs, other: createsConfigs, supervisor: createsConfigs, admin: createsConfigs, service_role: backend(CONFIG_COLUMNS) },
  // Calls and results are the backend's: no user writes any column (a dispatcher cannot re-point a
  // call, set its status, times or retries, or forge a result).
  "voice.test_calls": { service_role: backend(CALL_COLUMNS) },
  "voice.call_results": { service_role: backend(RESULT_COLUMNS) },
};

export const probes: ColumnProbes = {
  "voice.agent_configurations.id": "30000000-0000-4000-8000-0000000000f1",
  "voice.agent_configurations.name": "Night check-in v2",
  "voice.agent_configurations.system_prompt": "You call drivers on night runs: location, ETA, delays.",
  "voice.agent_configurations.scenario_type": "emergency",
  "voice.agent_configurations.retell_settings": { voice_id: "11labs-Myra", backchannel_enabled: false, filler_words_enabled: false, interruption_sensitivity: "low", response_latency_ms: 400 },
  "voice.agent_configurations.conversation_config": { max_retries: 2, timeout_seconds: 240, emergency_keywords: ["accident", "blowout", "breakdown", "injured", "fire"] },
  "voice.agent_configurations.created_at": "2026-09-01T08:00:00Z",
  "voice.agent_configurations.updated_at": "2026-09-02T08:00:00Z",
  "voice.agent_configurations.created_by": NOBODY,
  "voice.agent_configurations.is_active": false,
  "voice.test_calls.id": "30000000-0000-4000-8000-0000000000f2",
  "voice.test_calls.agent_config_id": NOBODY_CONFIG,
  "voice.test_calls.driver_name": "Marisol Vega",
  "voice.test_calls.phone_number": "+16025550142",
  "voice.test_calls.load_number": "LOAD-2026-777",
  "voice.test_calls.retell_call_id": "call_7d6c5b4a39281706f5e4d3c2b1a09f8e",
  "voice.test_calls.retell_agent_id": "agent_00112233445566778899aabbccddeeff",
  "voice.test_calls.status": "failed",
  "voice.test_calls.duration_seconds": 99,
  "voice.test_calls.started_at": "2026-10-01T09:59:00Z",
  "voice.test_calls.ended_at": "2026-10-01T10:05:00Z",
  "voice.test_calls.error_message": "Retell call ended with disconnection_reason=dial_failed: carrier returned SIP 503 Service Unavailable after 4s",
  "voice.test_calls.retry_count": 2,
  "voice.test_calls.created_at": "2026-10-01T09:58:00Z",
  "voice.test_calls.updated_at": "2026-10-01T10:06:00Z",
  "voice.call_results.id": "30000000-0000-4000-8000-0000000000f3",
  "voice.call_results.call_id": NOBODY_CALL,
  "voice.call_results.transcript": "Agent: Is anyone hurt?\nUser: No, I'm fine.\n",
  // A JSON array is sent as its text (a JS array would be sent as a PostgreSQL array).
  "voice.call_results.transcript_object": JSON.stringify([
    { role: "agent", content: "Is anyone hurt?" },
    { role: "user", content: "No, I'm fine." },
  ]),
  "voice.call_results.structured_data": { call_outcome: "emergency_detected", emergency_type: "vehicle_breakdown", injury_status: "no_injuries" },
  "voice.call_results.extraction_model": "gpt-4o-mini",
  "voice.call_results.extraction_confidence": 0.81,
  "voice.call_results.extraction_timestamp": "2026-10-01T10:03:10Z",
  "voice.call_results.sentiment_score": -0.25,
  "voice.call_results.call_quality_score": 0.77,
  "voice.call_results.recording_url": "https://retellai.s3.us-west-2.amazonaws.com/call_0f3a9c2e7b1d4e5f8a6b0c9d2e1f3a4b/recording.wav",
  "voice.call_results.created_at": "2026-10-01T10:03:11Z",
};
