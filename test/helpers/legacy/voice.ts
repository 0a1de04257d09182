// voice.md's application (the logistics voice agent) as it ran: 6 dispatchers (auth users), 12
// agent configurations, 150 test calls and a result for each call that connected. Its backend
// stored what Retell's webhooks reported, so 7 rows break the module's added CHECKs: 2 calls with
// a negative duration (test_calls_duration_seconds_check), 2 that ended before they started
// (clock skew: test_calls_ended_after_started), and 3 results with a score outside its stated
// range (call_results_extraction_confidence_check, _sentiment_score_check, _call_quality_score_check).
import { daysAgo, iso, legacyRng, SECOND, token, type LegacyGenerator } from "./types";
import { legacyUsers } from "./people";

const DRIVERS = ["John Smith", "Maria Garcia", "Dwayne Carter", "Olga Petrova", "Luis Hernandez", "Aisha Khan"] as const;
const STATUSES = [["completed", 95], ["failed", 15], ["no_answer", 15], ["busy", 10], ["initiated", 5], ["ringing", 3], ["in_progress", 7]] as const;

export const generate: LegacyGenerator = (seed) => {
  const rng = legacyRng("voice", seed);
  const users = legacyUsers(rng, seed, "voice", 6);
  const configs = Array.from({ length: 12 }, (_, i) => {
    const scenario = i % 3 === 2 ? "emergency" : "check-in";
    const created = daysAgo(rng, 30, 200);
    return {
      id: rng.uuid(),
      name: `${scenario === "emergency" ? "Emergency" : "Check-In"} Agent v${i + 1}`,
      system_prompt: scenario === "emergency" ? "You handle driver emergencies: safety first, then location." : "You are a friendly logistics coordinator calling to check on driver status...",
      scenario_type: scenario,
      retell_settings: { voice_id: "default", backchannel_enabled: true, filler_words_enabled: rng.bool(), interruption_sensitivity: rng.pick(["high", "medium"]), response_latency_ms: 200 },
      conversation_config: { max_retries: 3, timeout_seconds: 300, emergency_keywords: ["accident", "blowout", "breakdown", "injured"] },
      created_at: iso(created),
      updated_at: iso(created + rng.int(0, 10) * 86_400 * SECOND),
      created_by: i < 10 ? rng.pick(users).id : null,
      is_active: i < 9,
    };
  });
  const calls = Array.from({ length: 150 }, (_, i) => {
    const config = rng.pick(configs);
    const created = Math.max(Date.parse(config.created_at), daysAgo(rng, 0, 30));
    const status = rng.weighted(STATUSES);
    const connected = status === "completed" || status === "failed" || status === "in_progress";
    const started = connected ? created + rng.int(5, 40) * SECOND : null;
    const ended = connected && status !== "in_progress" ? (started as number) + rng.int(30, 600) * SECOND : null;
    const skewed = status === "completed" && (i === 40 || i === 110);
    const negative = status === "completed" && (i === 20 || i === 90);
    return {
      id: rng.uuid(),
      agent_config_id: config.id,
      driver_name: rng.pick(DRIVERS),
      phone_number: `+1555010${String(i % 100).padStart(2, "0")}`,
      load_number: `LOAD-2026-${String(i + 1).padStart(3, "0")}`,
      retell_call_id: status === "initiated" ? null : `call_${token(rng, 24)}`,
      retell_agent_id: `agent_${token(rng, 12)}`,
      status,
      duration_seconds: ended === null ? null : negative ? -1 : Math.round((ended - (started as number)) / SECOND),
      started_at: started === null ? null : iso(started),
      ended_at: ended === null ? null : iso(skewed ? (started as number) - 30 * SECOND : ended),
      error_message: status === "failed" ? "Retell: call dropped" : null,
      retry_count: status === "no_answer" || status === "busy" ? rng.int(1, 3) : 0,
      created_at: iso(created),
      updated_at: iso(ended ?? started ?? created),
      scenario: config.scenario_type,
    };
  });
  // The fixed rows the CHECK rule is tested on must exist whatever the weights drew.
  for (const i of [20, 40, 90, 110]) {
    const c = calls[i]!;
    if (c.status !== "completed") {
      c.status = "completed";
      const started = Date.parse(c.created_at) + 10 * SECOND;
      c.started_at = iso(started);
      c.ended_at = iso(i === 40 || i === 110 ? started - 30 * SECOND : started + 120 * SECOND);
      c.duration_seconds = i === 20 || i === 90 ? -1 : 120;
      c.retell_call_id = c.retell_call_id ?? `call_${token(rng, 24)}`;
      c.error_message = null;
      c.retry_count = 0;
      c.updated_at = c.ended_at;
    }
  }
  const results = calls
    .filter((c) => c.status === "completed")
    .map((c, i) => {
      const emergency = c.scenario === "emergency";
      return {
        id: rng.uuid(),
        call_id: c.id,
        transcript: emergency ? "Agent: Are you safe? Driver: Yes, I had a blowout on I-95." : "Agent: How is the load going? Driver: On schedule, near Baltimore.",
        transcript_object: [{ role: "agent", content: "Hello, this is dispatch." }, { role: "user", content: "Hi." }],
        structured_data: emergency
          ? { call_outcome: "emergency_detected", emergency_type: "vehicle_breakdown", safety_status: "safe", escalation_status: "dispatched_to_human" }
          : { call_outcome: "successful", driver_status: "In-Transit", current_location: "Interstate 95, near Baltimore", pod_acknowledged: rng.bool() },
        extraction_model: rng.pick(["gpt-4o", "claude-3-5-sonnet"]),
        extraction_confidence: i === 5 ? 1.1 : rng.int(60, 99) / 100,
        extraction_timestamp: c.ended_at,
        sentiment_score: i === 15 ? 1.35 : rng.int(-80, 90) / 100,
        call_quality_score: i === 25 ? 1.2 : rng.int(50, 100) / 100,
        recording_url: `https://recordings.example.com/${c.retell_call_id}.wav`,
        created_at: c.ended_at,
      };
    });
  return {
    users,
    tables: [
      { table: "agent_configurations", rows: configs },
      { table: "test_calls", rows: calls.map(({ scenario: _scenario, ...row }) => row) },
      { table: "call_results", rows: results },
    ],
  };
};
