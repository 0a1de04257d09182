// voice: dispatchers, their agent configurations, a pool of drivers (name, E.164 US phone, home
// carrier) reused across many calls, load numbers LD-######, mostly completed calls with some
// no_answer / busy / failed, retries only on failed calls, and call_results only for completed
// calls whose transcript and structured_data tell the same story for the call's scenario.
import { pools } from "./data/pools";
import { authResetSql, authUserTables, personaPassword, personaPasswords } from "./data/auth";
import { person, type Person } from "./data/people";
import { CARRIERS, DELAY_REASONS, DISPATCH_DOMAINS, DRIVER_STATUSES, EMERGENCIES, type EmergencyType, HIGHWAYS } from "./data/voice";
import { idFor, key, Rng } from "./engine/prng";
import type { ModuleSeeder, Persona, SeedSettings, TableSeed } from "./engine/types";
import { DAY, EPOCH, iso, volume } from "./engine/volumes";

const K = {
  dispatcher: key("voice.dispatchers"),
  config: key("voice.agent_configurations"),
  driver: key("voice.drivers"),
  call: key("voice.test_calls"),
  callMeta: key("voice.test_calls.meta"),
  result: key("voice.call_results"),
};
const STATUSES = [
  ["completed", 70],
  ["no_answer", 11],
  ["busy", 6],
  ["failed", 7],
  ["in_progress", 2],
  ["queued", 4],
] as const;

interface Driver extends Person {
  carrier: string;
}

function dispatcher(seed: number, i: number) {
  const rng = Rng.for(seed, K.dispatcher, i);
  const p = person(rng, pools(seed), i, DISPATCH_DOMAINS);
  return { id: idFor(seed, K.dispatcher, i), email: p.email, fullName: p.fullName, createdMs: EPOCH - rng.int(60, 300) * DAY };
}

function driver(seed: number, d: number): Driver {
  const rng = Rng.for(seed, K.driver, d);
  return { ...person(rng, pools(seed), d, ["drivers.example"]), carrier: rng.pick(CARRIERS) };
}

/** Configuration c of dispatcher i: even ones check-in, odd ones emergency. */
function configIndex(i: number, scenario: "check-in" | "emergency"): number {
  return i * 2 + (scenario === "check-in" ? 0 : 1);
}

interface Call {
  index: number;
  id: string;
  dispatcherIndex: number;
  scenario: "check-in" | "emergency";
  driver: Driver;
  load: string;
  status: (typeof STATUSES)[number][0];
  startMs: number | null;
  endMs: number | null;
}

function call(seed: number, index: number, dispatchers: number, drivers: number): Call {
  const r = Rng.for(seed, K.callMeta, index);
  const scenario = r.bool(0.85) ? "check-in" : "emergency";
  const status = r.weighted(STATUSES);
  const created = EPOCH - r.int(0, 60) * DAY + r.int(6 * 3600, 20 * 3600) * 1000;
  const startMs = status === "queued" ? null : created + r.int(5, 600) * 1000;
  const seconds = status === "completed" ? r.int(scenario === "emergency" ? 90 : 45, 420) : status === "failed" ? r.int(1, 12) : r.int(18, 45);
  return {
    index,
    id: idFor(seed, K.call, index),
    dispatcherIndex: r.int(0, dispatchers - 1),
    scenario,
    driver: driver(seed, r.int(0, drivers - 1)),
    load: `LD-${String(r.int(100000, 999999))}`,
    status,
    startMs,
    endMs: startMs === null || status === "in_progress" ? null : startMs + seconds * 1000,
  };
}

/** The transcript and structured data of a completed call, telling the same story. */
export function callResult(seed: number, c: Call): { transcript: string; summary: string; sentiment: string; data: Record<string, unknown> } {
  const r = Rng.for(seed, K.result, c.index);
  const first = c.driver.first;
  if (c.scenario === "check-in") {
    const place = r.pick(pools(seed).cities);
    const location = `${place.city}, ${place.state}`;
    const highway = r.pick(HIGHWAYS);
    const eta = r.int(1, 14);
    const delayed = r.bool(0.3);
    const reason = delayed ? r.pick(DELAY_REASONS) : null;
    const delayMinutes = delayed ? r.int(15, 180) : null;
    const status = r.pick(DRIVER_STATUSES);
    const transcript = [
      `Agent: Hi ${first}, this is the dispatch assistant calling about load ${c.load}. Can you give me a quick status update?`,
      `Driver: Sure. I'm ${status === "driving" ? "on" : "near"} ${highway} near ${location}.`,
      "Agent: Thanks. What's your ETA to the delivery?",
      delayed
        ? `Driver: About ${eta} hours. I'm running about ${delayMinutes} minutes behind because of ${reason}.`
        : `Driver: About ${eta} hours, should be right on time.`,
      "Agent: Got it, I've updated the load. Drive safe.",
    ].join("\n");
    return {
      transcript,
      summary: delayed ? `Driver near ${location}, ETA ${eta} h, delayed ${delayMinutes} min (${reason}).` : `Driver near ${location}, on time, ETA ${eta} h.`,
      sentiment: delayed ? "neutral" : "positive",
      data: { scenario: "check-in", load_number: c.load, driver_status: status, current_location: location, highway, eta_hours: eta, delayed, delay_reason: reason, delay_minutes: delayMinutes },
    };
  }
  const type = r.pick(Object.keys(EMERGENCIES) as EmergencyType[]);
  const safe = r.bool(0.8);
  const injuries = type === "medical" || type === "accident" ? r.bool(type === "medical" ? 1 : 0.35) : false;
  const place = r.pick(pools(seed).cities);
  const location = `${r.pick(HIGHWAYS)} near ${place.city}, ${place.state}`;
  const transcript = [
    `Driver: This is ${c.driver.fullName} on load ${c.load}, ${EMERGENCIES[type].says}.`,
    "Agent: I'm here to help. First, are you in a safe location?",
    safe ? "Driver: Yes, I'm pulled over on the shoulder with my hazards on." : "Driver: Not really, I'm stopped in the right lane.",
    "Agent: Is anyone injured?",
    injuries ? "Driver: Yes, I'm hurt, I need someone to look at me." : "Driver: No, nobody is hurt.",
    "Agent: Where exactly are you?",
    `Driver: ${location}.`,
    `Agent: Understood. I'm requesting ${EMERGENCIES[type].assistance} to ${location} and notifying your dispatcher now.`,
  ].join("\n");
  return {
    transcript,
    summary: `Emergency (${type}) at ${location}; driver ${safe ? "safe" : "not in a safe spot"}, ${injuries ? "injuries reported" : "no injuries"}.`,
    sentiment: "negative",
    data: { scenario: "emergency", load_number: c.load, emergency_type: type, driver_safe: safe, injuries, location, assistance_requested: EMERGENCIES[type].assistance },
  };
}

export const voiceSeeder: ModuleSeeder = {
  module: "voice",
  resetSql: ["TRUNCATE voice.call_results, voice.test_calls, voice.agent_configurations", authResetSql("voice")],
  tables(settings: SeedSettings): TableSeed[] {
    const { seed } = settings;
    const dispatchers = volume(settings, 5);
    const drivers = volume(settings, 40);
    const calls = volume(settings, 300);
    const eachCall = function* () {
      for (let n = 0; n < calls; n++) yield call(seed, n, dispatchers, drivers);
    };
    const withPassword = personaPasswords(settings, voiceSeeder.personas?.(settings) ?? []);
    return [
      ...authUserTables("voice", dispatchers, function* () {
        for (let i = 0; i < dispatchers; i++) yield withPassword(dispatcher(seed, i));
      }),
      {
        schema: "voice",
        table: "agent_configurations",
        columns: ["id", "name", "scenario_type", "prompt", "created_by", "created_at", "updated_at"],
        estimate: dispatchers * 2,
        *rows() {
          for (let i = 0; i < dispatchers; i++) {
            const d = dispatcher(seed, i);
            for (const scenario of ["check-in", "emergency"] as const) {
              const at = iso(d.createdMs + DAY);
              yield [
                idFor(seed, K.config, configIndex(i, scenario)),
                scenario === "check-in" ? "Driver check-in" : "Emergency line",
                scenario,
                scenario === "check-in"
                  ? "You call truck drivers for a status check-in: location, ETA, delays. Be brief and friendly."
                  : "You answer drivers' emergency calls: establish safety, injuries and exact location first, then dispatch help.",
                d.id,
                at,
                at,
              ];
            }
          }
        },
      },
      {
        schema: "voice",
        table: "test_calls",
        columns: ["id", "configuration_id", "scenario_type", "driver_name", "driver_phone", "carrier", "load_number", "status", "retell_call_id", "started_at", "ended_at", "duration_seconds", "retry_count", "created_by", "created_at", "updated_at"],
        estimate: calls,
        *rows() {
          for (const c of eachCall()) {
            const d = dispatcher(seed, c.dispatcherIndex);
            const created = (c.startMs ?? EPOCH) - 60_000;
            yield [
              c.id,
              idFor(seed, K.config, configIndex(c.dispatcherIndex, c.scenario)),
              c.scenario,
              c.driver.fullName,
              c.driver.phone,
              c.driver.carrier,
              c.load,
              c.status,
              c.startMs === null ? null : `call_${c.id.replace(/-/g, "").slice(0, 24)}`,
              c.startMs === null ? null : iso(c.startMs),
              c.endMs === null ? null : iso(c.endMs),
              c.startMs === null || c.endMs === null ? null : Math.floor((c.endMs - c.startMs) / 1000),
              c.status === "failed" ? 1 + (c.index % 3) : 0,
              d.id,
              iso(created),
              iso(c.endMs ?? c.startMs ?? created),
            ];
          }
        },
      },
      {
        schema: "voice",
        table: "call_results",
        columns: ["id", "test_call_id", "transcript", "summary", "sentiment", "structured_data", "created_at"],
        estimate: Math.round(calls * 0.7),
        *rows() {
          for (const c of eachCall()) {
            if (c.status !== "completed") continue;
            const res = callResult(seed, c);
            yield [idFor(seed, K.result, c.index), c.id, res.transcript, res.summary, res.sentiment, res.data, iso((c.endMs as number) + 5000)];
          }
        },
      },
    ];
  },
  personas(settings: SeedSettings): Persona[] {
    const dispatchers = volume(settings, 5);
    const drivers = volume(settings, 40);
    for (let n = 0; n < volume(settings, 300); n++) {
      const c = call(settings.seed, n, dispatchers, drivers);
      if (c.scenario === "emergency" && c.status === "completed") {
        const d = dispatcher(settings.seed, c.dispatcherIndex);
        return [
          {
            module: "voice",
            name: "dispatcher-with-emergency-call",
            description: `Dispatcher whose driver ${c.driver.fullName} (${c.driver.phone}) made a completed emergency call`,
            userId: d.id,
            email: d.email,
            password: personaPassword(settings.seed, d.id),
            refs: { testCallId: c.id, callResultId: idFor(settings.seed, K.result, c.index), driverPhone: c.driver.phone },
          },
        ];
      }
    }
    return [];
  },
};
