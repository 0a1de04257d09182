// Logistics data for the voice seed: real US cities on the interstate named, with the mile markers
// that interstate carries through that city in that state (each state numbers its own miles from
// its south/west border), Retell voices, extraction models and the failures a Retell call reports.

export interface InterstatePlace {
  /** "I-95" */
  interstate: string;
  city: string;
  /** USPS abbreviation. */
  state: string;
  /** The state's mile markers on that interstate through the city (inclusive). */
  mm: readonly [number, number];
  /**
   * Approximate miles along the whole interstate from its western / southern end (the sum of the
   * states' lengths before this state, plus the city's mile marker): orders the places along the
   * road and gives the distance between two of them.
   */
  route: number;
}

/** Odd interstates run north-south, even ones east-west. */
export function directions(interstate: string): readonly [string, string] {
  return Number(interstate.slice(2)) % 2 === 1 ? ["North", "South"] : ["East", "West"];
}

/** The places on one interstate, in order from its western / southern end. */
export function placesOn(interstate: string): InterstatePlace[] {
  return PLACES.filter((p) => p.interstate === interstate).sort((a, b) => a.route - b.route);
}

export const INTERSTATES = ["I-95", "I-80", "I-40", "I-10", "I-35", "I-70", "I-75", "I-90"] as const;

// Mile markers: the state's mileposts at the city's exits (approximate ranges, inside the state's
// length of that interstate). Toll-road segments (NY Thruway, Ohio Turnpike, Kansas Turnpike) use the
// road's own mileposts, as the signs do.
export const PLACES: readonly InterstatePlace[] = [
  // I-95
  { interstate: "I-95", city: "Baltimore", state: "MD", mm: [46, 64], route: 1109 },
  { interstate: "I-95", city: "Richmond", state: "VA", mm: [74, 84], route: 955 },
  { interstate: "I-95", city: "Fredericksburg", state: "VA", mm: [126, 133], route: 1005 },
  { interstate: "I-95", city: "Fayetteville", state: "NC", mm: [40, 56], route: 743 },
  { interstate: "I-95", city: "Florence", state: "SC", mm: [157, 170], route: 659 },
  { interstate: "I-95", city: "Savannah", state: "GA", mm: [94, 109], route: 482 },
  { interstate: "I-95", city: "Jacksonville", state: "FL", mm: [329, 362], route: 345 },
  { interstate: "I-95", city: "Philadelphia", state: "PA", mm: [13, 32], route: 1207 },
  { interstate: "I-95", city: "Wilmington", state: "DE", mm: [5, 9], route: 1171 },
  // I-80
  { interstate: "I-80", city: "Reno", state: "NV", mm: [10, 23], route: 214 },
  { interstate: "I-80", city: "Salt Lake City", state: "UT", mm: [115, 128], route: 730 },
  { interstate: "I-80", city: "Cheyenne", state: "WY", mm: [357, 367], route: 1168 },
  { interstate: "I-80", city: "North Platte", state: "NE", mm: [175, 180], route: 1385 },
  { interstate: "I-80", city: "Omaha", state: "NE", mm: [440, 454], route: 1658 },
  { interstate: "I-80", city: "Des Moines", state: "IA", mm: [121, 143], route: 1793 },
  { interstate: "I-80", city: "Joliet", state: "IL", mm: [127, 137], route: 2098 },
  { interstate: "I-80", city: "Toledo", state: "OH", mm: [59, 71], route: 2346 },
  // I-40
  { interstate: "I-40", city: "Flagstaff", state: "AZ", mm: [190, 204], route: 350 },
  { interstate: "I-40", city: "Albuquerque", state: "NM", mm: [149, 167], route: 672 },
  { interstate: "I-40", city: "Amarillo", state: "TX", mm: [62, 78], route: 957 },
  { interstate: "I-40", city: "Oklahoma City", state: "OK", mm: [136, 166], route: 1214 },
  { interstate: "I-40", city: "Little Rock", state: "AR", mm: [147, 161], route: 1550 },
  { interstate: "I-40", city: "Memphis", state: "TN", mm: [1, 20], route: 1690 },
  { interstate: "I-40", city: "Nashville", state: "TN", mm: [196, 221], route: 1888 },
  { interstate: "I-40", city: "Knoxville", state: "TN", mm: [374, 398], route: 2066 },
  { interstate: "I-40", city: "Asheville", state: "NC", mm: [44, 55], route: 2185 },
  { interstate: "I-40", city: "Greensboro", state: "NC", mm: [210, 224], route: 2352 },
  // I-10
  { interstate: "I-10", city: "Phoenix", state: "AZ", mm: [131, 162], route: 388 },
  { interstate: "I-10", city: "Tucson", state: "AZ", mm: [248, 270], route: 501 },
  { interstate: "I-10", city: "El Paso", state: "TX", mm: [6, 37], route: 819 },
  { interstate: "I-10", city: "San Antonio", state: "TX", mm: [550, 585], route: 1369 },
  { interstate: "I-10", city: "Houston", state: "TX", mm: [748, 787], route: 1564 },
  { interstate: "I-10", city: "Baton Rouge", state: "LA", mm: [151, 166], route: 1837 },
  { interstate: "I-10", city: "Mobile", state: "AL", mm: [13, 30], route: 2050 },
  { interstate: "I-10", city: "Tallahassee", state: "FL", mm: [192, 209], route: 2296 },
  // I-35
  { interstate: "I-35", city: "San Antonio", state: "TX", mm: [150, 172], route: 160 },
  { interstate: "I-35", city: "Austin", state: "TX", mm: [228, 250], route: 238 },
  { interstate: "I-35", city: "Waco", state: "TX", mm: [330, 342], route: 336 },
  { interstate: "I-35", city: "Oklahoma City", state: "OK", mm: [116, 142], route: 632 },
  { interstate: "I-35", city: "Wichita", state: "KS", mm: [39, 53], route: 785 },
  { interstate: "I-35", city: "Kansas City", state: "MO", mm: [0, 16], route: 983 },
  { interstate: "I-35", city: "Duluth", state: "MN", mm: [250, 259], route: 1564 },
  // I-70
  { interstate: "I-70", city: "Denver", state: "CO", mm: [270, 289], route: 512 },
  { interstate: "I-70", city: "Hays", state: "KS", mm: [157, 161], route: 841 },
  { interstate: "I-70", city: "Topeka", state: "KS", mm: [355, 366], route: 1042 },
  { interstate: "I-70", city: "Kansas City", state: "MO", mm: [0, 18], route: 1114 },
  { interstate: "I-70", city: "St. Louis", state: "MO", mm: [225, 251], route: 1346 },
  { interstate: "I-70", city: "Indianapolis", state: "IN", mm: [73, 91], route: 1597 },
  { interstate: "I-70", city: "Columbus", state: "OH", mm: [91, 112], route: 1774 },
  // I-75
  { interstate: "I-75", city: "Tampa", state: "FL", mm: [250, 270], route: 260 },
  { interstate: "I-75", city: "Ocala", state: "FL", mm: [341, 358], route: 350 },
  { interstate: "I-75", city: "Macon", state: "GA", mm: [160, 172], route: 636 },
  { interstate: "I-75", city: "Atlanta", state: "GA", mm: [235, 260], route: 719 },
  { interstate: "I-75", city: "Chattanooga", state: "TN", mm: [1, 11], route: 831 },
  { interstate: "I-75", city: "Lexington", state: "KY", mm: [104, 120], route: 1100 },
  { interstate: "I-75", city: "Cincinnati", state: "OH", mm: [0, 15], route: 1185 },
  { interstate: "I-75", city: "Dayton", state: "OH", mm: [47, 61], route: 1234 },
  { interstate: "I-75", city: "Detroit", state: "MI", mm: [40, 62], route: 1441 },
  // I-90
  { interstate: "I-90", city: "Spokane", state: "WA", mm: [279, 289], route: 283 },
  { interstate: "I-90", city: "Billings", state: "MT", mm: [443, 456], route: 821 },
  { interstate: "I-90", city: "Rapid City", state: "SD", mm: [55, 61], route: 1190 },
  { interstate: "I-90", city: "Sioux Falls", state: "SD", mm: [390, 402], route: 1528 },
  { interstate: "I-90", city: "Madison", state: "WI", mm: [132, 147], route: 1961 },
  { interstate: "I-90", city: "Cleveland", state: "OH", mm: [168, 188], route: 2464 },
  { interstate: "I-90", city: "Buffalo", state: "NY", mm: [412, 430], route: 2635 },
  { interstate: "I-90", city: "Albany", state: "NY", mm: [142, 150], route: 2915 },
];

/** Voices as Retell names them (provider-Name). */
export const VOICES = ["11labs-Adrian", "11labs-Myra", "11labs-Anthony", "11labs-Grace", "openai-Alloy", "openai-Nova", "deepgram-Angus"] as const;

/** Models an extraction step really runs with (provider model ids). */
export const EXTRACTION_MODELS = [
  ["gpt-4o-2024-08-06", 40],
  ["gpt-4o-mini", 25],
  ["claude-3-5-sonnet-20241022", 25],
  ["gpt-4.1-mini", 10],
] as const;

/** First names the agent introduces itself with (one per configuration). */
export const AGENT_PERSONAS = ["Sam", "Jordan", "Casey", "Riley", "Morgan", "Avery", "Quinn", "Taylor"] as const;

/** Dispatch companies of the dispatchers (fictional). */
export const DISPATCH_COMPANIES = ["Ridgeline Freight", "Tri-County Logistics", "Northstar Haulers", "Cedar Point Transport", "Red Mesa Carriers", "Blue Heron Logistics", "Ironwood Freight Lines"] as const;

/** The statuses of a call still under way (test_calls.status); every other status is a finished call. */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(["initiated", "ringing", "in_progress"]);

/** Why a Retell call failed: the error_message a backend records (seconds into the dial in {s}). */
export const FAILURES = [
  "Retell call ended with disconnection_reason=dial_failed: carrier returned SIP 503 Service Unavailable for {phone} after {s}s ({attempt})",
  "Retell call ended with disconnection_reason=error_llm_websocket_open: the LLM websocket did not open within {s}s ({attempt}, to {phone})",
  "Retell call ended with disconnection_reason=error_no_audio_received: no audio from {phone} for {s}s ({attempt})",
  "Retell API error 429 on create-phone-call to {phone}: concurrency limit reached, gave up after {s}s ({attempt})",
  "Retell call ended with disconnection_reason=error_retell: internal error at {s}s, call to {phone} not connected ({attempt})",
  "Retell call ended with disconnection_reason=dial_failed: {phone} not reachable (SIP 404) after {s}s ({attempt})",
] as const;
