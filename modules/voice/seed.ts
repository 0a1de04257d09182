// voice: dispatchers (Supabase users) and the backend's own test configurations; per dispatcher an
// active check-in and emergency agent configuration (each its own Retell agent) and a retired one;
// loads (LOAD-2026-001 style) driven by a reused pool of drivers (names, E.164 phones), each load
// checked on by a few calls whose status, times, duration, retries and errors agree; and for every
// completed call one result whose transcript, Retell transcript_object (words with timings) and
// structured data (the source's check-in / emergency schemas) tell the same story, at real places
// (a city on the interstate named, with that state's mile markers).
import { VOICE_STORIES } from "./stories";
import { logNormal, skewedIndex } from "../../seedkit/distributions";
import { atLocalTime, DEPARTURE_HOURS, STATE_ZONES } from "../../seedkit/localtime";
import { authUserTables, RESERVED_DOMAINS, type SeedUser, seedPerson, signedUpMs } from "../../seedkit/auth";
import { person, type Person } from "../../seedkit/people";
import { pools } from "../../seedkit/pools";
import { AGENT_PERSONAS, DISPATCH_COMPANIES, directions, EXTRACTION_MODELS, FAILURES, INTERSTATES, type InterstatePlace, LIVE_STATUSES, placesOn, VOICES } from "./data";
import { type CallFacts, type Conversation, checkInConversation, emergencyConversation, timeline, transcriptText, type Utterance } from "./conversations";
import type { CopyValue, ModuleSeeder, Persona, SeedSettings, SeedTarget, TableSeed } from "../../seedkit/types";
import { idFor, keysOf, Rng } from "../../seedkit/prng";
import { nowOf } from "../../seedkit/clock";
import { phoneFor } from "../../seedkit/phones";
import { DAY, HOUR, MINUTE, SECOND, iso, volume } from "../../seedkit/volumes";

const K = keysOf("voice", {
  dispatcher: "dispatchers", config: "agent_configurations", driver: "drivers", load: "loads", call: "test_calls",
  callMeta: "test_calls.meta", talk: "call_results.talk", timing: "call_results.timing", result: "call_results", hex: "retell_ids"
});

/** Calls per load (a load is checked on by up to this many calls). */
const CALLS_PER_LOAD = 3;
/** Configurations made by the backend with the service key (created_by NULL), as in the source's seed SQL. */
const BACKEND_CONFIGS = 2;
/** Per dispatcher: active check-in, active emergency, retired check-in. */
const CONFIGS_PER_DISPATCHER = 3;

const STATUSES = [
  ["completed", 68],
  ["no_answer", 10],
  ["busy", 5],
  ["failed", 6],
  ["in_progress", 2],
  ["ringing", 2],
  ["initiated", 7],
] as const;
type Status = (typeof STATUSES)[number][0];
type Scenario = "check-in" | "emergency";

function hex(r: Rng, n: number): string {
  let s = "";
  while (s.length < n) s += r.next().toString(16).padStart(8, "0");
  return s.slice(0, n);
}

// ---------------------------------------------------------------------------------------------
// People

interface Dispatcher extends SeedUser {
  company: string;
}

function dispatcher(seed: number, now: number, i: number): Dispatcher {
  const { id, person: p, rng } = seedPerson(seed, K.dispatcher, i);
  return { id, email: p.email, fullName: p.fullName, createdMs: signedUpMs(rng, [90, 400], now), company: rng.pick(DISPATCH_COMPANIES) };
}

/** Driver d: a person whose fictional number (phones.ts) is theirs alone, on every call of theirs. */
function driver(seed: number, d: number): Person {
  return { ...person(Rng.for(seed, K.driver, d), pools(seed), d, RESERVED_DOMAINS), phone: phoneFor(d, 7919) };
}

// ---------------------------------------------------------------------------------------------
// Agent configurations

interface Config {
  index: number;
  id: string;
  name: string;
  scenario: Scenario;
  createdBy: string | null;
  company: string;
  agentName: string;
  retellAgentId: string;
  active: boolean;
  createdMs: number;
  updatedMs: number;
  retellSettings: Record<string, unknown>;
  conversationConfig: { max_retries: number; timeout_seconds: number; emergency_keywords: string[] };
  prompt: string;
}

const BASE_KEYWORDS = ["accident", "blowout", "breakdown", "injured"];
const EXTRA_KEYWORDS = ["chest pain", "fire", "smoke", "rollover", "jackknife", "spill", "load shifted", "air pressure"];

function config(seed: number, now: number, index: number, dispatchers: number): Config {
  const r = Rng.for(seed, K.config, index);
  const backend = index < BACKEND_CONFIGS;
  const dIndex = backend ? -1 : Math.floor((index - BACKEND_CONFIGS) / CONFIGS_PER_DISPATCHER);
  const slot = backend ? index : (index - BACKEND_CONFIGS) % CONFIGS_PER_DISPATCHER;
  const scenario: Scenario = slot === 1 ? "emergency" : "check-in";
  const d = backend ? null : dispatcher(seed, now, Math.min(dIndex, dispatchers - 1));
  const company = d?.company ?? r.pick(DISPATCH_COMPANIES);
  const agentName = r.pick(AGENT_PERSONAS);
  const active = slot !== 2;
  const createdMs = (d?.createdMs ?? now - 420 * DAY) + (active ? r.int(8, 20) : r.int(1, 6)) * DAY + r.int(0, 1439) * MINUTE + r.int(0, 59) * SECOND;
  const updatedMs = active ? createdMs + r.int(0, 15) * DAY + r.int(0, 1439) * MINUTE : createdMs + r.int(6, 8) * DAY;
  const extra = scenario === "emergency" ? EXTRA_KEYWORDS.filter(() => r.bool(0.5)) : [];
  // A dispatcher names and words each of their own configurations (the one they retired is the
  // older, shorter wording), so no two dispatchers' prompts read alike.
  const owner = d ? ` (${d.fullName})` : "";
  const name = backend
    ? scenario === "check-in"
      ? "Test Check-In Agent"
      : "Test Emergency Agent"
    : `${company} ${scenario === "check-in" ? "Check-In" : "Emergency Line"}${owner}${active ? ` v${r.int(2, 4)}` : " v1 (retired)"}`;
  const handOff = d ? ` Anything you cannot answer goes to ${d.fullName}, the dispatcher on this account.` : "";
  const prompt = !active
    ? `You are ${agentName} from ${company}. Call the driver, confirm who you are speaking with, ask where they are and when they expect to reach the receiver, and remind them to send the signed POD.${handOff}`
    : scenario === "check-in"
      ? `You are ${agentName}, a friendly logistics coordinator for ${company}, calling a truck driver to check on a load. Confirm you are speaking with the driver, then ask for their current location (interstate, direction, nearest city, mile marker), their ETA to the receiver and any delays with the reason. Remind them to upload the signed proof of delivery (POD). If the tracked GPS position disagrees with what the driver says, ask about it politely. Keep every turn short: the driver is on the road. If the driver mentions ${BASE_KEYWORDS.join(", ")} or anything unsafe, switch to the emergency protocol.${handOff}`
      : `You are ${agentName}, the emergency line for ${company}. When a driver reports an emergency (${[...BASE_KEYWORDS, ...extra].join(", ")}), stay calm and in this order: confirm the driver is safe and out of traffic, ask about injuries, get the exact location (interstate, direction, mile marker), request the right assistance (tow truck, roadside service, police, ambulance), and hand the call to ${d ? d.fullName : "a human dispatcher"}. Never end the call before the escalation is confirmed.`;
  return {
    index,
    id: idFor(seed, K.config, index),
    name,
    scenario,
    createdBy: d?.id ?? null,
    company,
    agentName,
    retellAgentId: `agent_${hex(Rng.for(seed, K.hex, index * 2), 32)}`,
    active,
    createdMs,
    updatedMs,
    retellSettings: {
      voice_id: backend ? "default" : r.pick(VOICES),
      backchannel_enabled: r.bool(0.8),
      filler_words_enabled: scenario === "check-in" ? r.bool(0.7) : false,
      interruption_sensitivity: scenario === "emergency" ? "high" : r.pick(["high", "medium", "medium", "low"]),
      response_latency_ms: scenario === "emergency" ? r.pick([150, 200]) : r.pick([200, 250, 300, 400]),
    },
    conversationConfig: {
      max_retries: scenario === "emergency" ? 5 : r.pick([2, 3, 3]),
      timeout_seconds: scenario === "emergency" ? 600 : r.pick([180, 240, 300]),
      emergency_keywords: [...BASE_KEYWORDS, ...extra],
    },
    prompt,
  };
}

/** The active configuration of a dispatcher (or of the backend, dispatcher -1) for a scenario. */
function configIndexFor(dispatcherIndex: number, scenario: Scenario): number {
  if (dispatcherIndex < 0) return scenario === "check-in" ? 0 : 1;
  return BACKEND_CONFIGS + dispatcherIndex * CONFIGS_PER_DISPATCHER + (scenario === "check-in" ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// Loads and calls

/** The listed places of each interstate in road order. */
const ROADS = new Map<string, InterstatePlace[]>(INTERSTATES.map((i) => [i, placesOn(i)]));

interface Load {
  number: string;
  driver: Person;
  dispatcherIndex: number;
  /** The places the load passes, from its origin (first) toward its receiver (last), on one interstate. */
  route: InterstatePlace[];
  destination: InterstatePlace;
  startMs: number;
  /** Still on the road at now: its last call is the one under way. */
  inTransit: boolean;
  /** Per call in trip order: where the driver is, and when the call is placed (ms after startMs). */
  stops: { place: InterstatePlace; atMs: number }[];
}

/** Average speed over a trip, stops included (mph): an hours-of-service day covers ~500-600 miles. */
const TRIP_MPH = [42, 56] as const;
/** At least this long between two check-ins of a load (so one call ends before the next is placed). */
const CHECK_IN_SPACING_MS = 45 * MINUTE;

function load(seed: number, now: number, l: number, dispatchers: number, drivers: number): Load {
  const r = Rng.for(seed, K.load, l);
  const road = ROADS.get(r.pick(INTERSTATES)) as InterstatePlace[];
  // An origin and a receiver on the same interstate, a few hours to a long day's drive apart.
  let o = 0;
  let d = 1;
  let fits = false;
  for (let tries = 0; tries < 12 && !fits; tries++) {
    o = r.int(0, road.length - 1);
    d = r.int(0, road.length - 1);
    const miles = Math.abs((road[d] as InterstatePlace).route - (road[o] as InterstatePlace).route);
    fits = o !== d && miles >= 150 && miles <= 650;
  }
  // No pair in range drawn: the next place down the road (a short haul, still within a day).
  if (!fits) d = o === 0 ? 1 : o - 1;
  const route = o < d ? road.slice(o, d + 1) : road.slice(d, o + 1).reverse();
  const origin = route[0] as InterstatePlace;
  // The k-th check-in finds the driver further along the route (never at the receiver yet), at the
  // time the trip's average speed gets them there: consecutive calls agree in time and space.
  const mph = r.int(TRIP_MPH[0], TRIP_MPH[1]);
  const legs = route.length - 1;
  const stops = Array.from({ length: CALLS_PER_LOAD }, (_, k) => {
    const place = route[Math.max(0, Math.min(legs - 1, Math.floor(((k + r.float()) / CALLS_PER_LOAD) * legs)))] as InterstatePlace;
    const miles = Math.abs(place.route - origin.route);
    return { place, atMs: Math.round((miles / mph) * HOUR) + k * CHECK_IN_SPACING_MS + r.int(0, 20 * 60_000) };
  });
  // About a third of the loads are on the road at now (load 0 always): their last call is under
  // way, placed minutes before now (log-uniform 5 s..15 min; load 0's within the minute before).
  const inTransit = l === 0 || r.bool(0.3);
  const liveAgeMs = l === 0 ? r.int(45, 58) * SECOND : Math.round(Math.exp(Math.log(5) + r.float() * Math.log(180)) * SECOND);
  const lastAt = (stops[CALLS_PER_LOAD - 1] as { atMs: number }).atMs;
  // A finished load set off days before now's day, in the early morning where it started.
  const departure = atLocalTime(r, Math.floor(now / DAY) * DAY - r.int(2, 60) * DAY, STATE_ZONES[origin.state] ?? "America/Chicago", DEPARTURE_HOURS);
  return {
    number: `LOAD-2026-${String(l + 1).padStart(3, "0")}`,
    // A few drivers haul many of the loads (per-entity skew), most haul a handful.
    driver: driver(seed, skewedIndex(r, drivers, 0.6)),
    // About one load in ten is a test the backend runs with its own configurations.
    dispatcherIndex: r.bool(0.1) ? -1 : r.int(0, dispatchers - 1),
    route,
    destination: route[route.length - 1] as InterstatePlace,
    startMs: inTransit ? now - liveAgeMs - lastAt - r.int(0, 999) : departure,
    inTransit,
    stops,
  };
}

interface Call {
  index: number;
  id: string;
  load: Load;
  scenario: Scenario;
  config: Config;
  status: Status;
  retellCallId: string | null;
  createdMs: number;
  startMs: number | null;
  endMs: number | null;
  duration: number | null;
  retries: number;
  error: string | null;
  /** The conversation of a completed call. */
  talk?: { conversation: Conversation; utterances: Utterance[] };
}

/** Configurations are few and every call needs its own: built once per (seed, now, dispatchers). */
const configCache = new Map<string, Config[]>();
function cachedConfig(seed: number, now: number, index: number, dispatchers: number): Config {
  const k = `${seed}/${now}/${dispatchers}`;
  let list = configCache.get(k);
  if (!list) {
    if (configCache.size > 8) configCache.clear();
    list = [];
    configCache.set(k, list);
  }
  let c = list[index];
  if (!c) {
    c = config(seed, now, index, dispatchers);
    list[index] = c;
  }
  return c;
}

/** A load's calls in the table: index 0 is load 0's last call (the newest live record), then back in trip order. */
const tripOrder = (index: number) => CALLS_PER_LOAD - 1 - (index % CALLS_PER_LOAD);
const LIVE_WEIGHTS = STATUSES.filter(([s]) => LIVE_STATUSES.has(s));
const FINISHED_WEIGHTS = STATUSES.filter(([s]) => !LIVE_STATUSES.has(s));

function call(seed: number, now: number, index: number, dispatchers: number, drivers: number, withWords = false): Call {
  const r = Rng.for(seed, K.callMeta, index);
  const l = load(seed, now, Math.floor(index / CALLS_PER_LOAD), dispatchers, drivers);
  const k = tripOrder(index);
  const scenario: Scenario = r.bool(0.17) ? "emergency" : "check-in";
  const cfg = cachedConfig(seed, now, configIndexFor(l.dispatcherIndex, scenario), dispatchers);
  // Only the last call of a load still on the road is under way; every other call has finished.
  // The first call is always under way, placed within the minute before now: the newest live record.
  const live = l.inTransit && k === CALLS_PER_LOAD - 1;
  const status: Status = index === 0 ? "in_progress" : live ? r.weighted(LIVE_WEIGHTS) : r.weighted(FINISHED_WEIGHTS);
  const stop = l.stops[k] as { place: InterstatePlace; atMs: number };
  const createdMs = l.startMs + stop.atMs + (live ? 0 : r.int(0, 999));
  // Ringing until the driver picks up: usually a few seconds, sometimes half a minute.
  const dialMs = Math.round(logNormal(r, 7, 0.6, 2, 45) * 1000);
  const startMs = status === "initiated" ? null : live ? Math.min(createdMs + dialMs, now - 1000) : createdMs + dialMs;
  let endMs: number | null = null;
  let talk: Call["talk"];
  if (status === "completed") {
    const tr0 = Rng.for(seed, K.talk, index * 2 + 1);
    const place = stop.place;
    const [towardHigher, towardLower] = directions(place.interstate);
    const facts: CallFacts = {
      scenario,
      driverFirst: l.driver.first,
      agentName: cfg.agentName,
      company: cfg.company,
      load: l.number,
      phone: l.driver.phone,
      place,
      destination: l.destination,
      direction: l.destination.route > place.route ? towardHigher : towardLower,
      milesToGo: Math.max(25, Math.abs(l.destination.route - place.route) - tr0.int(0, 20)),
      keywords: cfg.conversationConfig.emergency_keywords,
    };
    const tr = Rng.for(seed, K.talk, index * 2);
    const conversation = scenario === "check-in" ? checkInConversation(facts, tr) : emergencyConversation(facts, tr);
    const { utterances, endSeconds } = timeline(conversation.turns, Rng.for(seed, K.timing, index), withWords);
    // The line closes a moment after the last word: a whole second later at most, so the floored duration still covers it.
    endMs = (startMs as number) + Math.ceil((endSeconds + 1) * 1000);
    talk = { conversation, utterances };
  } else if (status === "no_answer") endMs = (startMs as number) + Math.round(logNormal(r, 32, 0.2, 20, 60) * 1000);
  else if (status === "busy") endMs = (startMs as number) + Math.round(logNormal(r, 4, 0.5, 1, 10) * 1000);
  else if (status === "failed") endMs = (startMs as number) + Math.round(logNormal(r, 5, 0.8, 1, 60) * 1000);
  const max = cfg.conversationConfig.max_retries;
  // Retries: the backend redials unanswered, busy and failed calls up to max_retries; a completed
  // call sometimes got through on a redial; nothing has been retried before its first dial.
  const retries =
    status === "no_answer" || status === "busy" || status === "failed"
      ? r.int(1, max)
      : status === "completed" || status === "ringing" || status === "in_progress"
        ? r.bool(0.15)
          ? r.int(1, Math.min(2, max))
          : 0
        : 0;
  const seconds = startMs !== null && endMs !== null ? Math.floor((endMs - startMs) / 1000) : 0;
  return {
    index,
    id: idFor(seed, K.call, index),
    load: l,
    scenario,
    config: cfg,
    status,
    retellCallId: status === "initiated" ? null : `call_${hex(Rng.for(seed, K.hex, index * 2 + 1), 32)}`,
    createdMs,
    startMs,
    endMs,
    duration: endMs === null ? null : seconds,
    retries,
    error: status === "failed" ? failure(r.pick(FAILURES), { seconds: Math.max(1, seconds), phone: l.driver.phone, attempt: retries + 1, attempts: max + 1 }) : null,
    talk,
  };
}

/** A failure's text with the call's own figures: seconds, the number dialled, which attempt it was. */
function failure(template: string, f: { seconds: number; phone: string; attempt: number; attempts: number }): string {
  return template.replace("{s}", String(f.seconds)).replace("{phone}", f.phone).replace("{attempt}", `attempt ${f.attempt} of ${f.attempts}`);
}

function resultRow(seed: number, c: Call): CopyValue[] {
  const talk = c.talk as NonNullable<Call["talk"]>;
  const r = Rng.for(seed, K.result, c.index);
  const start = c.startMs as number;
  const end = c.endMs as number;
  const utterances = talk.utterances;
  const data = talk.conversation.data({ endedMs: end, turnStartMs: (turn) => start + Math.round((utterances[turn]?.words[0]?.start ?? 0) * 1000) });
  const extractedMs = end + r.int(3, 40) * 1000;
  const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
  const two = (x: number) => Math.round(x * 100) / 100;
  return [
    idFor(seed, K.result, c.index),
    c.id,
    transcriptText(talk.conversation.turns),
    utterances,
    data,
    r.weighted(EXTRACTION_MODELS),
    two(clamp(0.97 - talk.conversation.confidencePenalty - r.int(0, 14) / 100, 0, 1)),
    iso(extractedMs),
    two(clamp(talk.conversation.sentiment + (r.int(0, 30) - 15) / 100, -1, 1)),
    two(clamp(0.72 + r.int(0, 26) / 100, 0, 1)),
    `https://retellai.s3.us-west-2.amazonaws.com/${c.retellCallId}/recording.wav`,
    iso(extractedMs + r.int(50, 900)),
  ];
}

interface Sizes {
  dispatchers: number;
  drivers: number;
  calls: number;
}

function sizes(settings: SeedSettings): Sizes {
  return { dispatchers: volume(settings, 5), drivers: volume(settings, 40), calls: volume(settings, 300) };
}

export function voiceSeeder(target: SeedTarget): ModuleSeeder {
  return {
    module: "voice",
    resetSql: target.resetSql,
    stories: VOICE_STORIES,
    tables(settings: SeedSettings): TableSeed[] {
      const { seed } = settings;
      const now = nowOf(settings);
      const { dispatchers, drivers, calls } = sizes(settings);
      const configs = BACKEND_CONFIGS + dispatchers * CONFIGS_PER_DISPATCHER;
      const eachCall = function* (withWords = false) {
        for (let n = 0; n < calls; n++) yield call(seed, now, n, dispatchers, drivers, withWords);
      };
      return [
        ...authUserTables("voice", dispatchers, (i) => dispatcher(seed, now, i)),
        {
          ...target.table("agent_configurations"),
          estimate: configs,
          *rows() {
            for (let i = 0; i < configs; i++) {
              const c = config(seed, now, i, dispatchers);
              yield [c.id, c.name, c.prompt, c.scenario, c.retellSettings, c.conversationConfig, iso(c.createdMs), iso(c.updatedMs), c.createdBy, c.active];
            }
          },
        },
        {
          ...target.table("test_calls"),
          estimate: calls,
          *rows() {
            for (const c of eachCall()) {
              yield [
                c.id,
                c.config.id,
                c.load.driver.fullName,
                c.load.driver.phone,
                c.load.number,
                c.retellCallId,
                c.config.retellAgentId,
                c.status,
                c.duration,
                c.startMs === null ? null : iso(c.startMs),
                c.endMs === null ? null : iso(c.endMs),
                c.error,
                c.retries,
                iso(c.createdMs),
                iso(c.endMs ?? c.startMs ?? c.createdMs),
              ];
            }
          },
        },
        {
          ...target.table("call_results"),
          estimate: Math.round(calls * 0.68),
          *rows() {
            for (const c of eachCall(true)) if (c.status === "completed") yield resultRow(seed, c);
          },
        },
      ];
    },
    personas(settings: SeedSettings): Persona[] {
      const { dispatchers, drivers, calls } = sizes(settings);
      for (let n = 0; n < calls; n++) {
        const c = call(settings.seed, nowOf(settings), n, dispatchers, drivers);
        if (c.scenario !== "emergency" || c.status !== "completed" || c.load.dispatcherIndex < 0) continue;
        const d = dispatcher(settings.seed, nowOf(settings), c.load.dispatcherIndex);
        return [
          {
            module: "voice",
            name: "dispatcher-with-emergency-call",
            description: `Dispatcher ${d.fullName} whose driver ${c.load.driver.fullName} (${c.load.driver.phone}) reported an emergency on ${c.load.number} in a completed call`,
            userId: d.id,
            email: d.email,
            refs: {
              agentConfigId: c.config.id,
              testCallId: c.id,
              callResultId: idFor(settings.seed, K.result, c.index),
              retellCallId: c.retellCallId as string,
              driverPhone: c.load.driver.phone,
              loadNumber: c.load.number,
            },
          },
        ];
      }
      return [];
    },
  };
}
