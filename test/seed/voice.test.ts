// Seed data of the voice module against a real PostgreSQL with the module's tables, constraints
// and triggers: realistic values that agree with each other, with their parents and with the
// call's status; transcripts that differ, agree with their Retell transcript_object and with the
// structured data, and in which every agent turn answers the driver's turn before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLACES } from "../../modules/voice/data";
import { seededModule, type SeededModule } from "./helpers";
import type { Persona } from "../../seedkit/types";

let s: SeededModule & { personas: Persona[] };
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);
const count = async (sql: string) => ((await q(`SELECT count(*)::int AS n FROM (${sql}) x`))[0] as { n: number }).n;

beforeAll(async () => {
  s = await seededModule("voice", { profile: "qa" });
});
afterAll(async () => {
  await s?.drop();
});

/** Words a reply can pick up from the turn before it (names, places, numbers, nouns). */
const STOP = new Set(
  "the and you i'm i'll i've are for not but was all any out now get got its it's can how yes yep one off our did had has too see way this that with have your about just then there they what when where will from okay yeah thanks thank right good great".split(" "),
);
const facts = (text: string) => new Set((text.toLowerCase().match(/[a-z0-9'-]{3,}|\d+/g) ?? []).filter((w) => !STOP.has(w)));

describe("voice seed data", () => {
  it("has a curated table of real places: a city on the interstate named, with plausible mile markers", () => {
    expect(PLACES.length).toBeGreaterThanOrEqual(40);
    for (const p of PLACES) {
      expect(p.interstate).toMatch(/^I-\d{1,3}$/);
      expect(p.state).toMatch(/^[A-Z]{2}$/);
      expect(p.mm[0]).toBeLessThanOrEqual(p.mm[1]);
      expect(p.mm[0]).toBeGreaterThanOrEqual(0);
      expect(p.mm[1]).toBeLessThan(900); // no state carries an interstate farther (I-10 in Texas: ~880)
    }
    expect(new Set(PLACES.map((p) => `${p.interstate} ${p.city} ${p.state}`)).size).toBe(PLACES.length);
    // Along each interstate, route miles grow with the states' order and the mile markers within a state.
    for (const i of new Set(PLACES.map((p) => p.interstate))) {
      const road = PLACES.filter((p) => p.interstate === i).sort((a, b) => a.route - b.route);
      for (let k = 1; k < road.length; k++) {
        const [a, b] = [road[k - 1]!, road[k]!];
        // (The New York Thruway numbers its miles from New York City, so they fall as I-90 runs east.)
        if (a.state === b.state && a.state !== "NY") expect(a.mm[0], `${a.city} before ${b.city} on ${i}`).toBeLessThan(b.mm[0]);
      }
    }
  });

  it("configurations: source-shaped JSON settings, one Retell agent each, owners or the backend", async () => {
    const rows = await q("SELECT * FROM voice.agent_configurations");
    expect(rows.length).toBeGreaterThan(10);
    for (const c of rows) {
      expect(Object.keys(c.retell_settings).sort()).toEqual(["backchannel_enabled", "filler_words_enabled", "interruption_sensitivity", "response_latency_ms", "voice_id"]);
      expect(c.conversation_config.emergency_keywords).toEqual(expect.arrayContaining(["accident", "blowout", "breakdown", "injured"]));
      expect(c.updated_at.getTime()).toBeGreaterThanOrEqual(c.created_at.getTime());
      expect(c.system_prompt.length).toBeGreaterThan(200);
    }
    expect(rows.some((c) => c.created_by === null)).toBe(true); // the backend's own test configurations
    expect(rows.some((c) => c.is_active === false)).toBe(true);
    // A configuration is one Retell agent: every call with it carries the same retell_agent_id.
    expect(await count("SELECT agent_config_id FROM voice.test_calls GROUP BY 1 HAVING count(DISTINCT retell_agent_id) <> 1")).toBe(0);
    expect(await count("SELECT retell_agent_id FROM voice.test_calls GROUP BY 1 HAVING count(DISTINCT agent_config_id) <> 1")).toBe(0);
    // Calls only with active configurations, after they were created.
    expect(await count("SELECT 1 FROM voice.test_calls c JOIN voice.agent_configurations a ON a.id = c.agent_config_id WHERE NOT a.is_active OR c.created_at < a.created_at")).toBe(0);
  });

  it("calls: a reused pool of drivers, Retell-shaped ids, statuses whose times, durations, retries and errors agree", async () => {
    const [calls] = await q("SELECT count(*)::int AS calls, count(DISTINCT phone_number)::int AS drivers, count(DISTINCT load_number)::int AS loads FROM voice.test_calls");
    expect(calls.drivers).toBeLessThan(calls.calls / 3);
    expect(calls.loads).toBeLessThan(calls.calls);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE phone_number !~ '^\\+1[2-9][0-9]{2}[2-9][0-9]{6}$'")).toBe(0);
    expect(await count("SELECT load_number FROM voice.test_calls GROUP BY 1 HAVING count(DISTINCT phone_number) > 1")).toBe(0); // one driver per load
    expect(await count("SELECT 1 FROM voice.test_calls WHERE load_number !~ '^LOAD-20[0-9]{2}-[0-9]{3,}$'")).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE retell_agent_id !~ '^agent_[0-9a-f]{32}$' OR retell_call_id !~ '^call_[0-9a-f]{32}$'")).toBe(0);
    const statuses = Object.fromEntries((await q("SELECT status, count(*)::int AS n FROM voice.test_calls GROUP BY 1")).map((r) => [r.status, r.n]));
    expect(statuses.completed).toBeGreaterThan(calls.calls / 2);
    for (const st of ["initiated", "no_answer", "busy", "failed"]) expect(statuses[st], st).toBeGreaterThan(0);
    // Times per status.
    expect(await count("SELECT 1 FROM voice.test_calls WHERE status = 'initiated' AND (started_at IS NOT NULL OR retell_call_id IS NOT NULL OR retry_count <> 0)")).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE status IN ('ringing', 'in_progress') AND (started_at IS NULL OR ended_at IS NOT NULL OR duration_seconds IS NOT NULL)")).toBe(0);
    expect(
      await count(`SELECT 1 FROM voice.test_calls WHERE status IN ('completed', 'failed', 'no_answer', 'busy')
        AND (started_at IS NULL OR ended_at IS NULL OR duration_seconds <> floor(extract(epoch FROM ended_at - started_at)))`),
    ).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE created_at > coalesce(started_at, created_at) OR updated_at < created_at OR updated_at < coalesce(ended_at, started_at, created_at)")).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE status = 'busy' AND duration_seconds > 10 OR status = 'no_answer' AND duration_seconds NOT BETWEEN 20 AND 60")).toBe(0);
    // Errors exactly on failed calls; retries within the configuration's max_retries and never before a first dial.
    expect(await count("SELECT 1 FROM voice.test_calls WHERE (status = 'failed') <> (error_message IS NOT NULL)")).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE error_message IS NOT NULL AND error_message !~ '(disconnection_reason=|Retell API error)'")).toBe(0);
    expect(
      await count("SELECT 1 FROM voice.test_calls c JOIN voice.agent_configurations a ON a.id = c.agent_config_id WHERE c.retry_count > (a.conversation_config ->> 'max_retries')::int"),
    ).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls WHERE retry_count > 0 AND status IN ('failed', 'no_answer', 'busy')")).toBeGreaterThan(0);
  });

  it("results: one per completed call and only then; scores in range; Retell recording URLs; extraction after the call", async () => {
    expect(await count("SELECT 1 FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id WHERE c.status <> 'completed'")).toBe(0);
    expect(await count("SELECT 1 FROM voice.test_calls c WHERE c.status = 'completed' AND NOT EXISTS (SELECT 1 FROM voice.call_results r WHERE r.call_id = c.id)")).toBe(0);
    expect(await count("SELECT call_id FROM voice.call_results GROUP BY 1 HAVING count(*) > 1")).toBe(0);
    expect(
      await count(`SELECT 1 FROM voice.call_results WHERE extraction_confidence NOT BETWEEN 0.5 AND 1 OR sentiment_score NOT BETWEEN -1 AND 1
        OR call_quality_score NOT BETWEEN 0 AND 1 OR extraction_model NOT IN ('gpt-4o-2024-08-06', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'gpt-4.1-mini')
        OR transcript_object IS NULL OR recording_url IS NULL`),
    ).toBe(0);
    expect(await count("SELECT 1 FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id WHERE r.recording_url <> 'https://retellai.s3.us-west-2.amazonaws.com/' || c.retell_call_id || '/recording.wav'")).toBe(0);
    expect(await count("SELECT 1 FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id WHERE r.extraction_timestamp <= c.ended_at OR r.created_at < r.extraction_timestamp")).toBe(0);
    // Emergencies are the unhappy calls.
    const [sent] = await q(`SELECT avg(sentiment_score) FILTER (WHERE structured_data ? 'emergency_type') AS emergency,
                                   avg(sentiment_score) FILTER (WHERE NOT structured_data ? 'emergency_type') AS checkin FROM voice.call_results`);
    expect(Number(sent.emergency)).toBeLessThan(-0.2);
    expect(Number(sent.checkin)).toBeGreaterThan(0);
  });

  it("transcripts: >= 90% distinct, equal to their transcript_object, timed within the call, every agent turn answering the turn before", async () => {
    const rows = await q(`SELECT r.transcript, r.transcript_object AS o, c.duration_seconds AS d FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id`);
    expect(rows.length).toBeGreaterThan(100);
    const distinct = new Set(rows.map((r) => r.transcript)).size / rows.length;
    console.log(`voice: ${rows.length} transcripts, ${(distinct * 100).toFixed(1)}% distinct`);
    expect(distinct).toBeGreaterThanOrEqual(0.9);
    // Utterances too: most turns carry a fact of their call (names, places, loads, times).
    const utterances = rows.flatMap((r) => r.o.map((u: { content: string }) => u.content));
    const distinctUtterances = new Set(utterances).size / utterances.length;
    console.log(`voice: ${utterances.length} utterances, ${(distinctUtterances * 100).toFixed(1)}% distinct`);
    expect(distinctUtterances).toBeGreaterThanOrEqual(0.85);
    let pairs = 0;
    const unanswered: string[] = [];
    for (const { transcript, o, d } of rows) {
      expect(transcript).toBe(o.map((u: { role: string; content: string }) => `${u.role === "agent" ? "Agent" : "User"}: ${u.content}\n`).join(""));
      let last = 0;
      for (const [i, u] of o.entries()) {
        expect(["agent", "user"]).toContain(u.role);
        expect(u.words.map((w: { word: string }) => w.word).join("")).toBe(u.content);
        for (const w of u.words) {
          expect(w.start).toBeGreaterThanOrEqual(last);
          expect(w.end).toBeGreaterThan(w.start);
          last = w.end;
        }
        if (i > 0 && u.role === "agent" && o[i - 1].role === "user") {
          pairs++;
          const before = facts(o[i - 1].content);
          if (![...facts(u.content)].some((w) => before.has(w))) unanswered.push(`${o[i - 1].content} -> ${u.content}`);
        }
      }
      expect(last).toBeLessThanOrEqual(d);
      expect(o[0].role).toBe("agent");
    }
    expect(pairs).toBeGreaterThan(rows.length * 4);
    expect(unanswered).toEqual([]);
  });

  it("structured data: the source's check-in and emergency schemas, saying what the transcript says", async () => {
    const rows = await q(`SELECT r.transcript, r.structured_data AS s, a.scenario_type, a.conversation_config, c.started_at, c.ended_at, c.load_number, c.driver_name
                            FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id JOIN voice.agent_configurations a ON a.id = c.agent_config_id`);
    const checkIn = ["call_outcome", "driver_status", "current_location", "eta", "delays", "pod_acknowledged", "gps_discrepancy", "additional_notes"].sort();
    const emergency = ["call_outcome", "emergency_type", "emergency_keywords_detected", "safety_status", "injury_status", "current_location", "assistance_requested", "escalation_status", "escalation_timestamp"].sort();
    const cities = new Set(PLACES.map((p) => p.city));
    let emergencies = 0;
    for (const r of rows) {
      const s = r.s;
      const lower = r.transcript.toLowerCase();
      expect(r.transcript).toContain(r.load_number);
      expect(r.transcript).toContain(r.driver_name.split(" ")[0]);
      for (const v of Object.values(s)) expect(v).not.toBeNull();
      if (s.call_outcome === "emergency_detected") {
        emergencies++;
        expect(Object.keys(s).sort()).toEqual(emergency);
        const [, mm, highway, dir] = /^Mile marker (\d+), (I-\d+) (North|South|East|West), /.exec(s.current_location) ?? [];
        expect(r.transcript).toContain(`mile marker ${mm}`);
        expect(r.transcript).toContain(highway);
        expect(Number(highway?.slice(2)) % 2 === 1 ? ["North", "South"] : ["East", "West"]).toContain(dir);
        for (const k of s.emergency_keywords_detected) expect(lower).toContain(k);
        expect(s.safety_status === "safe").toBe(!lower.includes("not really"));
        expect(s.injury_status === "no_injuries").toBe(!/injured, i cut my|my left arm feels heavy/.test(lower));
        const at = Date.parse(s.escalation_timestamp);
        expect(at).toBeGreaterThanOrEqual(Math.floor(r.started_at.getTime() / 1000) * 1000);
        expect(at).toBeLessThanOrEqual(r.ended_at.getTime());
      } else {
        expect(r.scenario_type).toBe("check-in");
        expect(Object.keys(s).sort()).toEqual(checkIn);
        expect(s.call_outcome).toBe("successful");
        const city = [...cities].find((c) => s.current_location.includes(`, ${c}, `) || s.current_location.includes(`near ${c},`));
        expect(city, s.current_location).toBeDefined();
        // Heading toward the receiver: the receiver named in the transcript lies further along the
        // same interstate in the direction the driver gives.
        const road = /(?:Interstate (\d+) (North|South|East|West)|exit \d+, I-(\d+))/.exec(s.current_location);
        const highway = `I-${road?.[1] ?? road?.[3]}`;
        const here = PLACES.find((p) => p.interstate === highway && p.city === city);
        const receiver = PLACES.find((p) => p.interstate === highway && p !== here && (r.transcript.includes(`to ${p.city}`) || r.transcript.includes(`from ${p.city}`) || r.transcript.includes(`in ${p.city}?`)));
        expect(receiver, `${r.load_number}: receiver on ${highway}`).toBeDefined();
        if (road?.[2]) expect(["North", "East"].includes(road[2])).toBe((receiver?.route ?? 0) > (here?.route ?? 0));
        expect(r.transcript).toContain(city);
        const mm = /mile marker (\d+)|exit (\d+)/.exec(s.current_location);
        expect(r.transcript).toContain(mm?.[1] ?? mm?.[2]);
        expect(Date.parse(s.eta)).toBeGreaterThan(r.ended_at.getTime());
        expect(s.delays === "None").toBe(!/minutes i lost|running behind/.test(lower.split("\n").filter((l: string) => l.startsWith("user:")).join(" ")));
        expect(s.pod_acknowledged).toBe(!lower.includes("never gave me a pod"));
        expect(s.gps_discrepancy).toBe(lower.includes("our tracking shows"));
        expect(["In-Transit", "Delayed", "On-Break"]).toContain(s.driver_status);
      }
    }
    expect(emergencies).toBeGreaterThan(5);
    // Emergencies are reported in calls with emergency configurations.
    expect(rows.filter((r) => r.s.call_outcome === "emergency_detected" && r.scenario_type !== "emergency")).toEqual([]);
  });

  it("qa persona: a dispatcher with a completed emergency call, whose refs point at their own rows", async () => {
    const p = s.personas.find((x) => x.module === "voice" && x.name === "dispatcher-with-emergency-call");
    expect(p).toBeDefined();
    const rows = await q(
      `SELECT u.email, a.created_by, c.status, c.retell_call_id, c.phone_number, r.structured_data ->> 'call_outcome' AS outcome
         FROM voice.call_results r JOIN voice.test_calls c ON c.id = r.call_id JOIN voice.agent_configurations a ON a.id = c.agent_config_id
         JOIN auth.users u ON u.id = a.created_by WHERE r.id = $1 AND c.id = $2 AND a.id = $3`,
      [p?.refs.callResultId, p?.refs.testCallId, p?.refs.agentConfigId],
    );
    expect(rows).toEqual([{ email: p?.email, created_by: p?.userId, status: "completed", retell_call_id: p?.refs.retellCallId, phone_number: p?.refs.driverPhone, outcome: "emergency_detected" }]);
    expect(p?.email).toMatch(/@(example\.(com|org|net)|[a-z]+\.test)$/);
  });
});
