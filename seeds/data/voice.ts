// Logistics vocabulary: carriers, highways, delay reasons, emergencies.
export const CARRIERS = ["Swift Haulage", "Prime Freightways", "Blue Ridge Transport", "Lone Star Logistics", "Great Lakes Carriers", "Pacific Crest Trucking", "Heartland Express Lines", "Summit Freight"] as const;
export const HIGHWAYS = ["I-10", "I-20", "I-35", "I-40", "I-70", "I-75", "I-80", "I-90", "I-95", "US-287"] as const;
export const DELAY_REASONS = ["heavy traffic", "a lane closure", "weather", "a late pickup", "a mandatory rest break", "a weigh station line"] as const;
export const DRIVER_STATUSES = ["driving", "at_pickup", "at_delivery", "on_break"] as const;
export const EMERGENCIES = {
  breakdown: { says: "my truck broke down, the engine just cut out", assistance: "roadside repair" },
  accident: { says: "I've been in an accident, another car hit my trailer", assistance: "police and towing" },
  medical: { says: "I'm not feeling well, I've got chest pain", assistance: "ambulance" },
  cargo_damage: { says: "the load shifted and some pallets are damaged", assistance: "cargo inspection" },
  weather: { says: "the road is iced over and I can't keep going safely", assistance: "safe parking guidance" },
} as const;
export type EmergencyType = keyof typeof EMERGENCIES;
export const DISPATCH_DOMAINS = ["fleetdispatch.com", "haulops.io", "loadline.co"] as const;
