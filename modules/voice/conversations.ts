// The conversations of completed voice calls, composed from fragments keyed to the call's facts
// (driver, agent, load, interstate, city, mile marker, destination, delay, emergency...), so that
// transcripts differ from call to call, every agent turn answers the driver's previous turn, and
// the structured data an extraction model would produce says what the conversation says.
import { logNormal } from "../../seedkit/distributions";
import type { Rng } from "../../seedkit/prng";
import { type InterstatePlace, PLACES } from "./data";

export type Role = "agent" | "user";
export interface Turn {
  role: Role;
  content: string;
}
export interface Word {
  word: string;
  start: number;
  end: number;
}
export interface Utterance {
  role: Role;
  content: string;
  words: Word[];
  metadata?: { response_id: number };
}

export interface CallFacts {
  scenario: "check-in" | "emergency";
  driverFirst: string;
  agentName: string;
  company: string;
  load: string;
  phone: string;
  /** Where the driver is. */
  place: InterstatePlace;
  /** The receiver's city, further along the same interstate. */
  destination: InterstatePlace;
  /** The direction of travel toward the destination ("North", "East", ...). */
  direction: string;
  /** Road miles from the driver to the destination. */
  milesToGo: number;
  /** Emergency keywords of the agent configuration (conversation_config.emergency_keywords). */
  keywords: readonly string[];
}

export interface Conversation {
  turns: Turn[];
  /** Builds the structured data once the call's times are known (eta and escalation time are absolute). */
  data(times: { endedMs: number; turnStartMs: (turn: number) => number }): Record<string, unknown>;
  /** -1..1, from how the call went. */
  sentiment: number;
  /** Lower when the extraction had to reconcile something (GPS disagreement, injuries). */
  confidencePenalty: number;
}

const pick = <T>(r: Rng, items: readonly T[]): T => r.pick(items);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function spokenHours(quarterHours: number): string {
  const h = Math.floor(quarterHours / 4);
  const q = quarterHours % 4;
  if (h === 0) return q === 1 ? "15 minutes" : q === 2 ? "half an hour" : "45 minutes";
  const hours = h === 1 ? "an hour" : `${h} hours`;
  if (q === 0) return hours;
  if (q === 2) return h === 1 ? "an hour and a half" : `${h} and a half hours`;
  return `${hours} and ${q * 15} minutes`;
}

const DELAYS = [
  { reason: "heavy traffic", told: (p: InterstatePlace) => `traffic was stop-and-go through ${p.city}`, note: "Heavy traffic" },
  { reason: "road construction", told: (p: InterstatePlace) => `they've got ${p.interstate} down to one lane for construction`, note: "Road construction, lane closure" },
  { reason: "a late load at the shipper", told: () => "the shipper didn't have me loaded until late", note: "Late loading at shipper" },
  { reason: "weather", told: () => "it's been raining hard and I slowed way down", note: "Heavy rain" },
  { reason: "a weigh station line", told: () => "the scale house had a line of trucks a mile long", note: "Weigh station backup" },
  { reason: "a crash ahead", told: (p: InterstatePlace) => `there was a wreck on ${p.interstate} that had everybody stopped`, note: "Crash ahead, traffic stopped" },
] as const;

/** What the driver adds at the end: n carries the call's facts and a number to vary it (k). */
interface NoteFacts {
  p: InterstatePlace;
  mm: number;
  k: number;
  dest: string;
  load: string;
}
const NOTES = [
  { says: (n: NoteFacts) => `Heads up, there's road construction around mile ${n.mm + n.k}, down to one lane.`, ack: (n: NoteFacts) => `Noted, construction near mile ${n.mm + n.k}.`, note: (n: NoteFacts) => `Driver mentioned road construction near mile marker ${n.mm + n.k}` },
  { says: (n: NoteFacts) => `I'll need to fuel up before ${n.p.city} is behind me, I'm under a quarter tank.`, ack: (n: NoteFacts) => `Okay, a fuel stop around ${n.p.city} is fine.`, note: (n: NoteFacts) => `Driver planning a fuel stop near ${n.p.city}, under a quarter tank` },
  { says: (n: NoteFacts) => `The reefer's been holding at ${32 + (n.k % 6)} degrees the whole way, so the product's good for ${n.dest}.`, ack: (n: NoteFacts) => `Good to hear the reefer's holding at ${32 + (n.k % 6)}.`, note: (n: NoteFacts) => `Reefer holding at ${32 + (n.k % 6)} F` },
  { says: (n: NoteFacts) => `My hours are getting tight, I've got about ${spokenHours(6 + n.k)} left on my clock.`, ack: (n: NoteFacts) => `Understood, ${spokenHours(6 + n.k)} left on your clock; I'll plan your stop around that.`, note: (n: NoteFacts) => `Driver has about ${(6 + n.k) / 4} hours of drive time left (HOS)` },
  { says: (n: NoteFacts) => `The receiver in ${n.dest} wants me at door ${n.k + 3}, just so you know.`, ack: (n: NoteFacts) => `Door ${n.k + 3} at the ${n.dest} receiver, got it.`, note: (n: NoteFacts) => `Receiver in ${n.dest} assigned door ${n.k + 3}` },
  { says: (n: NoteFacts) => `My trailer's got a marker light out on the ${n.k % 2 ? "driver" : "passenger"} side, I'll get it fixed after ${n.dest}.`, ack: (n: NoteFacts) => `Okay, I'll note the marker light out on the trailer.`, note: (n: NoteFacts) => `Trailer marker light out (${n.k % 2 ? "driver" : "passenger"} side)` },
] as const;

/** What the driver says when they are done (with the agent's closing answer to it). */
const NOTHING_ELSE = [
  { says: (n: NoteFacts) => `Nope, nothing else on ${n.load}.`, ack: (n: NoteFacts) => `Okay, nothing else on ${n.load} then.` },
  { says: (n: NoteFacts) => `That's all I've got, everything's been smooth since ${n.p.city}.`, ack: () => "Glad it's been smooth." },
  { says: (n: NoteFacts) => `No, just get me a good dock time in ${n.dest}.`, ack: (n: NoteFacts) => `I'll ask ${n.dest} for a good dock time.` },
] as const;

const GREETINGS = [
  (f: CallFacts) => `Hi, is this ${f.driverFirst}? This is ${f.agentName} with ${f.company}, calling for a quick check-in on ${f.load}.`,
  (f: CallFacts) => `Hey ${f.driverFirst}, ${f.agentName} here from ${f.company}. Do you have a minute for a status update on ${f.load}?`,
  (f: CallFacts) => `Hello ${f.driverFirst}, it's ${f.agentName}, the ${f.company} check-in assistant, calling about ${f.load} going to ${f.destination.city}.`,
  (f: CallFacts) => `Hi ${f.driverFirst}, this is ${f.agentName} from ${f.company}. I'm checking in on ${f.load}. Is now a good time?`,
] as const;

/** The driver picks up: what they say, and how the agent acknowledges exactly that. */
const PICKUPS = [
  { says: (f: CallFacts) => `Yeah, this is ${f.driverFirst}. Go ahead.`, ack: (f: CallFacts) => `Thanks, ${f.driverFirst}.` },
  { says: (f: CallFacts) => `Hey ${f.agentName}. Yeah, I've got a minute, I'm rolling toward ${f.destination.city}.`, ack: (f: CallFacts) => `Thanks for the minute, ${f.driverFirst}.` },
  { says: (f: CallFacts) => `That's me. I'm driving the ${f.destination.city} load, so keep it quick.`, ack: (f: CallFacts) => `I'll keep it quick, ${f.driverFirst}.` },
  { says: (f: CallFacts) => `Speaking. What do you need on ${f.load}?`, ack: (f: CallFacts) => `Just a quick update on ${f.load}.` },
  { says: (f: CallFacts) => `Sure, ${f.agentName}, I'm on hands-free. Is this about ${f.load}?`, ack: (f: CallFacts) => `Great, hands-free is perfect, and yes, it's ${f.load}.` },
] as const;

const ASK_LOCATION = ["Where are you right now?", "What's your current location?", "Where are you running at the moment?", "Can you tell me where you are?"] as const;

function askEta(f: CallFacts, r: Rng): string {
  return pick(r, [
    `What's your ETA to the receiver in ${f.destination.city}?`,
    `How far out are you from ${f.destination.city}?`,
    `When do you expect to get to ${f.destination.city}, ${f.destination.state}?`,
  ]);
}

function podReminder(f: CallFacts, r: Rng): string {
  return pick(r, [
    "Last thing: when you deliver, get the POD signed and upload it in the app.",
    `One more thing, please send a photo of the signed POD once you're unloaded in ${f.destination.city}.`,
    "Also, don't forget the signed proof of delivery once they've unloaded you.",
  ]);
}

export function checkInConversation(f: CallFacts, r: Rng): Conversation {
  const dir = f.direction;
  const mm = r.int(f.place.mm[0], f.place.mm[1]);
  const onBreak = r.bool(0.12);
  const delay = r.bool(0.32) ? pick(r, DELAYS) : null;
  const delayMinutes = delay ? r.int(2, 12) * 10 : 0;
  // Driving at about 55 mph, plus the delay still ahead of an on-break driver's 30 minutes.
  const quarterHours = Math.max(2, Math.round((f.milesToGo / 55 + (onBreak ? 0.5 : 0)) * 4));
  const hours = spokenHours(quarterHours);
  const gps = r.bool(0.1);
  const gpsPlace = pick(
    r,
    PLACES.filter((p) => p.interstate === f.place.interstate && p.city !== f.place.city),
  );
  const pod = r.bool(0.85);
  const note = r.bool(0.7) ? pick(r, NOTES) : null;
  const nf: NoteFacts = { p: f.place, mm, k: r.int(2, 14), dest: f.destination.city, load: f.load };
  const finish = pick(r, NOTHING_ELSE);
  const pickup = pick(r, PICKUPS);
  const status = onBreak ? "On-Break" : delay && delayMinutes >= 60 ? "Delayed" : "In-Transit";

  const turns: Turn[] = [];
  const agent = (content: string) => turns.push({ role: "agent", content });
  const user = (content: string) => turns.push({ role: "user", content });

  agent(pick(r, GREETINGS)(f));
  user(pickup.says(f));
  agent(`${pickup.ack(f)} ${pick(r, ASK_LOCATION)}`);
  if (onBreak) {
    user(pick(r, [
      `I'm parked at a truck stop off ${f.place.interstate} in ${f.place.city}, exit ${mm}, taking my thirty-minute break.`,
      `On my break right now, at the truck stop by exit ${mm} on ${f.place.interstate} in ${f.place.city}.`,
    ]));
    agent(`${pick(r, [`Okay, on break at exit ${mm} in ${f.place.city}.`, `Got it, the truck stop in ${f.place.city}, enjoy the break.`])} ${askEta(f, r)}`);
  } else {
    user(pick(r, [
      `I'm on ${f.place.interstate} ${dir.toLowerCase()}bound, just past ${f.place.city}, around mile marker ${mm}.`,
      `${f.place.interstate} ${dir}, coming up on ${f.place.city}. Mile marker ${mm} just went by.`,
      `Just rolled through ${f.place.city} on ${f.place.interstate}, heading ${dir.toLowerCase()}, about mile ${mm}.`,
    ]));
    agent(`${pick(r, [`Got it, ${f.place.interstate} ${dir} near ${f.place.city}.`, `Okay, mile marker ${mm} on ${f.place.interstate}, thanks.`, `Near ${f.place.city}, perfect.`])} ${askEta(f, r)}`);
  }
  if (delay) {
    user(pick(r, [
      `About ${hours} out. That's counting the ${delayMinutes} minutes I lost because ${delay.told(f.place)}.`,
      `I'm running behind, maybe ${hours} out. ${cap(delay.told(f.place))}, cost me about ${delayMinutes} minutes.`,
    ]));
    agent(`Understood, ${delayMinutes} minutes behind because of ${delay.reason}, ${hours} out. I'll give the receiver in ${f.destination.city} a heads-up. ${gps ? "" : podReminder(f, r)}`.trim());
  } else {
    user(pick(r, [
      `I'm about ${hours} out from ${f.destination.city}. Should be right on schedule.`,
      `GPS says ${hours} to ${f.destination.city}, no problems so far.`,
      `${cap(hours)} to ${f.destination.city}, give or take. Roads are clear.`,
    ]));
    agent(`${pick(r, [`Great, ${hours} and on schedule.`, `Perfect, ${hours} out with clear roads.`, `Good, ${hours} it is.`])} ${gps ? "" : podReminder(f, r)}`.trim());
  }
  if (gps) {
    // The agent asks in its own turn, after acknowledging the ETA.
    turns[turns.length - 1]!.content += ` Quick question: our tracking shows the truck near ${gpsPlace.city}, ${gpsPlace.state}. Is that right?`;
    const gpsAnswer = pick(r, [
      { says: `No, I'm definitely near ${f.place.city}. The ELD has been dropping signal since this morning.`, ack: `Thanks, I'll go by your location near ${f.place.city} and flag the ELD for the shop.` },
      { says: `That's not right, I left ${gpsPlace.city} yesterday. The tablet froze, I'll reboot it at my next stop.`, ack: `Okay, a frozen tablet explains it. I'll go by your location near ${f.place.city}.` },
    ]);
    user(gpsAnswer.says);
    agent(`${gpsAnswer.ack} ${podReminder(f, r)}`);
  }
  const anythingElse = pick(r, ["Anything else I should note?", `Anything else on ${f.load}?`, `Anything else before I let you go, ${f.driverFirst}?`]);
  if (pod) {
    user(pick(r, [
      `Will do, I'll send the POD as soon as the ${f.destination.city} receiver signs for ${f.load}.`,
      `Yep, the POD for ${f.load} goes in the app right after I'm unloaded in ${f.destination.city}.`,
      `Got it, signed POD photo for ${f.load}, no problem.`,
    ]));
    agent(`${pick(r, [`Perfect, the POD right after delivery in ${f.destination.city}.`, `Thanks, the POD photo from ${f.destination.city} is all we need.`])} ${anythingElse}`);
  } else {
    user(`The shipper never gave me a POD sheet for ${f.load}, I'll have to sort it out at the dock.`);
    agent(`No problem, I'll ask the receiver in ${f.destination.city} to have a POD sheet at the dock. ${anythingElse}`);
  }
  if (note) {
    user(note.says(nf));
    agent(`${note.ack(nf)} Thanks ${f.driverFirst}, drive safe.`);
  } else {
    user(finish.says(nf));
    agent(`${finish.ack(nf)} Thanks ${f.driverFirst}, drive safe.`);
  }
  user(
    pick(r, [
      `Thanks, ${f.agentName}. I'll call if anything changes before ${f.destination.city}.`,
      `You too, ${f.agentName}. I'll holler when I'm empty in ${f.destination.city}.`,
      `Will do. Talk to you from ${f.destination.city}, ${f.agentName}.`,
      `Thanks, ${f.agentName}. Back to driving, next stop ${f.destination.city}.`,
    ]),
  );

  const location = onBreak
    ? `Truck stop at exit ${mm}, ${f.place.interstate}, ${f.place.city}, ${f.place.state}`
    : `Interstate ${f.place.interstate.slice(2)} ${dir}, near ${f.place.city}, ${f.place.state} (mile marker ${mm})`;
  return {
    turns,
    sentiment: delay ? (delayMinutes >= 60 ? -0.2 : 0.1) : 0.55,
    confidencePenalty: gps ? 0.12 : 0,
    data: ({ endedMs }) => ({
      call_outcome: "successful",
      driver_status: status,
      current_location: location,
      eta: new Date(Math.round((endedMs + quarterHours * 15 * 60_000) / 300_000) * 300_000).toISOString().replace(".000Z", "Z"),
      delays: delay ? `${cap(delay.note)}, approximately ${delayMinutes} minutes delay` : "None",
      pod_acknowledged: pod,
      gps_discrepancy: gps,
      additional_notes: [gps ? `GPS showed the truck near ${gpsPlace.city}, ${gpsPlace.state}; driver confirmed ${f.place.city}` : null, note ? note.note(nf) : null, pod ? null : "No POD sheet from shipper"].filter(Boolean).join("; ") || "None",
    }),
  };
}

interface Emergency {
  type: string;
  /** The driver's first report; contains every keyword. */
  says: string;
  short: string;
  keywords: string[];
  assistance: string;
  assistanceWords: string;
  medical: boolean;
}

function emergency(r: Rng): Emergency {
  const tire = pick(r, ["front steer tire", "right rear drive tire", "left trailer tire", "outside trailer tire"]);
  return pick(r, [
    { type: "vehicle_breakdown", says: `I just had a blowout on my ${tire} and had to pull over.`, short: "tire blowout", keywords: ["blowout", "tire"], assistance: "tow_truck", assistanceWords: "tow truck", medical: false },
    { type: "vehicle_breakdown", says: `I've got a blowout, the ${tire} just let go.`, short: "blowout", keywords: ["blowout", "tire"], assistance: "roadside_tire_service", assistanceWords: "roadside tire service", medical: false },
    { type: "vehicle_breakdown", says: "I've got a breakdown here, the engine lost power and the check engine light is on.", short: "breakdown with engine power loss", keywords: ["breakdown", "engine"], assistance: "tow_truck", assistanceWords: "tow truck", medical: false },
    { type: "vehicle_breakdown", says: "I'm losing air pressure fast, the brakes are starting to lock up. Looks like a breakdown.", short: "loss of air pressure on the brakes", keywords: ["breakdown", "brakes", "air pressure"], assistance: "mobile_mechanic", assistanceWords: "mobile mechanic", medical: false },
    { type: "accident", says: "I've been in an accident, a car cut me off and clipped my front bumper.", short: "collision that clipped your front bumper", keywords: ["accident"], assistance: "police", assistanceWords: "state police unit", medical: false },
    { type: "accident", says: "There's been an accident, I sideswiped a pickup changing lanes.", short: "sideswipe with a pickup", keywords: ["accident"], assistance: "police", assistanceWords: "state police unit", medical: false },
    { type: "medical_emergency", says: "I'm having chest pain and I feel dizzy, I had to stop.", short: "chest pain", keywords: ["chest pain", "dizzy"], assistance: "ambulance", assistanceWords: "ambulance", medical: true },
    { type: "cargo_issue", says: "The load shifted on that last curve, the trailer's leaning and I can hear pallets moving.", short: "load shift", keywords: ["load shifted", "trailer"], assistance: "roadside_inspection", assistanceWords: "roadside inspection crew", medical: false },
  ]);
}

export function emergencyConversation(f: CallFacts, r: Rng): Conversation {
  const e = emergency(r);
  const dir = f.direction;
  const mm = r.int(f.place.mm[0], f.place.mm[1]);
  const safe = r.bool(0.8);
  const injury = e.medical ? "medical_distress" : e.type === "accident" && r.bool(0.35) ? "minor_injuries" : "no_injuries";
  const spot = safe ? pick(r, ["pulled over on shoulder", "on the exit ramp shoulder", "stopped in the emergency lane"]) : "stopped partly in the right lane";
  const arrival = r.int(12, 55);
  const escalation = e.assistance === "ambulance" || e.assistance === "police" ? "emergency_services_notified" : "dispatched_to_human";
  const keywords = [...e.keywords];
  const turns: Turn[] = [];
  const agent = (content: string) => turns.push({ role: "agent", content });
  const user = (content: string) => turns.push({ role: "user", content });

  agent(pick(r, GREETINGS)(f));
  user(`${pick(r, ["Not good,", "Glad you called,", "I need help,"])} I'm on ${f.place.interstate} ${dir.toLowerCase()}bound. ${e.says}`);
  agent(`${pick(r, [`A ${e.short}, okay ${f.driverFirst}, I'm treating this as an emergency.`, `I understand, ${f.driverFirst}, a ${e.short}. I'm flagging this as an emergency now.`])} ${pick(r, ["First, are you somewhere safe, out of traffic?", "Are you in a safe spot right now?"])}`);
  const since = r.int(2, 9);
  const safety = safe
    ? pick(r, [
        { says: `Yeah, I got it onto the shoulder ${since} minutes ago, flashers on and triangles out.`, ack: `Good, flashers and triangles out is exactly right, ${f.driverFirst}.` },
        { says: `I'm on the shoulder now, hazards on, well clear of the lane for ${since} minutes.`, ack: `Good, stay on the shoulder and clear of the lane, ${f.driverFirst}.` },
        { says: `Made it to the exit ramp shoulder ${since} minutes ago, I'm clear of traffic.`, ack: `Good, the ramp shoulder keeps you clear of traffic, ${f.driverFirst}.` },
      ])
    : { says: `Not really, I've been stuck ${since} minutes, the shoulder's too narrow here and my trailer's sticking into the right lane.`, ack: `With the trailer in the right lane, stay in the cab with your seatbelt on and hazards flashing, ${f.driverFirst}.` };
  user(safety.says);
  agent(`${safety.ack} ${pick(r, ["Is anyone hurt?", "Are you injured at all?", "Is anybody injured?"])}`);
  const whereAreYou = pick(r, [`Tell me exactly where you are, ${f.driverFirst}.`, "What's your exact location?", "Which interstate and mile marker are you at?", "Where exactly are you?"]);
  if (injury === "no_injuries") {
    const fine = pick(r, [
      { says: `No, I'm not hurt. Nobody else was involved, it's just the ${e.short}.`, ack: "Glad you're not hurt and nobody else was involved." },
      { says: `I'm fine, ${f.agentName}, just shaken up by the ${e.short}.`, ack: `Glad you're fine, ${f.driverFirst}; being shaken up is normal.` },
      { says: `No injuries, I'm okay. Just the ${e.short} ${since} minutes ago.`, ack: "Good, no injuries." },
    ]);
    user(fine.says);
    agent(`${fine.ack} ${whereAreYou}`);
  } else if (injury === "minor_injuries") {
    user(`I'm a little injured, I cut my ${r.bool() ? "left" : "right"} hand on the door handle, it's bleeding some.`);
    keywords.push("injured");
    agent(`Keep pressure on that cut hand with a clean cloth. ${whereAreYou}`);
  } else {
    user(`It's me, the chest pain started about ${since * 3} minutes ago and my left arm feels heavy.`);
    agent(`Stay seated and breathe slowly, ${f.driverFirst}, I'm treating the chest pain as the priority. ${whereAreYou}`);
  }
  user(pick(r, [
    `${f.place.interstate} ${dir.toLowerCase()}bound, mile marker ${mm}, a couple miles from ${f.place.city}.`,
    `Mile marker ${mm} on ${f.place.interstate} ${dir}, near ${f.place.city}, ${f.place.state}.`,
  ]));
  const escalationTurn = turns.length;
  agent(`Mile marker ${mm}, ${f.place.interstate} ${dir}. I'm requesting a ${e.assistanceWords} there now and connecting you to a ${f.company} dispatcher.`);
  user(pick(r, [`Okay. How long for the ${e.assistanceWords} to get to mile ${mm}?`, `Thank you. Any idea when the ${e.assistanceWords} gets here? I'm hauling ${f.load} for ${f.destination.city}.`]));
  agent(`The ${e.assistanceWords} should reach mile marker ${mm} in about ${arrival} minutes, and a dispatcher will call you back on the number ending ${f.phone.slice(-4)} within two minutes.`);
  user(pick(r, [`Alright, I'll keep the phone on and wait for the dispatcher. The trailer on ${f.load} is still sealed.`, `Got it, number ending ${f.phone.slice(-4)}, I'll keep it on.`]));
  agent(`Thanks, ${f.driverFirst}. Keep the phone close; help is on the way to mile marker ${mm}.`);

  const detected = keywords.filter((k, i) => keywords.indexOf(k) === i);
  return {
    turns,
    sentiment: injury === "no_injuries" ? (safe ? -0.3 : -0.5) : -0.75,
    confidencePenalty: safe ? 0.03 : 0.08,
    data: ({ turnStartMs }) => ({
      call_outcome: "emergency_detected",
      emergency_type: e.type,
      emergency_keywords_detected: detected,
      safety_status: safe ? "safe" : "unsafe",
      injury_status: injury,
      current_location: `Mile marker ${mm}, ${f.place.interstate} ${dir}, ${spot}`,
      assistance_requested: e.assistance,
      escalation_status: escalation,
      escalation_timestamp: new Date(Math.floor(turnStartMs(escalationTurn) / 1000) * 1000).toISOString().replace(".000Z", "Z"),
    }),
  };
}

/**
 * Word timings in seconds from the start of the call, as Retell's transcript_object gives them:
 * each word with its trailing space, agent turns with the response_id they answer. With
 * `words: false` only the end time is computed (same randomness, no objects), for the call's duration.
 */
export function timeline(turns: readonly Turn[], r: Rng, withWords = true): { utterances: Utterance[]; endSeconds: number } {
  let t = 0.2 + r.int(0, 80) / 100;
  // How long this driver takes between turns (checking the paperwork, merging, a bad line): most
  // calls keep a quick rhythm, a few drag on, which gives call lengths their long tail.
  const pace = logNormal(r, 1, 1.1, 0.35, 25);
  // And how slowly this driver talks, against the agent's steady voice.
  const drawl = logNormal(r, 1, 0.35, 0.6, 2.5);
  let responseId = 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const utterances: Utterance[] = [];
  for (const turn of turns) {
    const rate = turn.role === "agent" ? 1 : (0.85 + r.int(0, 40) / 100) / drawl;
    const parts = turn.content.split(" ");
    const words: Word[] = [];
    for (let i = 0; i < parts.length; i++) {
      const w = parts[i] as string;
      const len = (0.1 + 0.055 * w.length) / rate;
      if (withWords) words.push({ word: i < parts.length - 1 ? `${w} ` : w, start: round(t), end: round(t + len) });
      const last = w.charCodeAt(w.length - 1);
      // a pause after , . ? !
      t += len + 0.02 + (last === 44 || last === 46 || last === 63 || last === 33 ? 0.25 : 0.03);
    }
    t += (0.5 + r.int(0, 120) / 100) * pace;
    // Now and then the line goes quiet for a while (a weigh station, a bad patch of signal).
    if (r.bool(0.1)) t += logNormal(r, 12, 1, 2, 240);
    if (withWords) {
      const u: Utterance = { role: turn.role, content: turn.content, words };
      if (turn.role === "agent") u.metadata = { response_id: responseId++ };
      utterances.push(u);
    }
  }
  return { utterances, endSeconds: t };
}

/** Retell's plain transcript: "Agent: ...\nUser: ...\n". */
export function transcriptText(turns: readonly Turn[]): string {
  return turns.map((t) => `${t.role === "agent" ? "Agent" : "User"}: ${t.content}\n`).join("");
}
