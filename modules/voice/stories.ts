// What a load's calls must agree on (seed --check, issue 27): a call still under way is the last
// call of its load, and the places the driver reports on consecutive check-ins are a drive apart
// that the time between the calls allows.
import { findRows, groupBy, json, type Row, type StoryRule, timeOf } from "../../seedkit/checks";
import { LIVE_STATUSES as LIVE, PLACES } from "./data";

/** Faster than this between two check-ins is not a truck on an interstate. */
export const MAX_MPH = 75;
/** A load on one interstate is delivered within a long day of its first check-in. */
export const TRIP_HOURS = 24;

/** The route mile of "Interstate 95 North, near Fayetteville, NC (...)" or "Truck stop at exit 12, I-95, Fayetteville, NC" (null when no listed place). */
function routeMile(location: unknown): { interstate: string; mile: number; text: string } | null {
  const m = typeof location === "string" ? /(?:Interstate (\d+)\b[^,]*, near|Truck stop at exit \d+, I-(\d+),) ([^,]+), ([A-Z]{2})/.exec(location) : null;
  if (!m) return null;
  const place = PLACES.find((p) => p.interstate === `I-${m[1] ?? m[2]}` && p.city === m[3] && p.state === m[4]);
  return place ? { interstate: place.interstate, mile: place.route, text: location as string } : null;
}

export const VOICE_STORIES: readonly StoryRule[] = [
  {
    name: "live-call-on-the-road",
    description: `a call still under way (initiated, ringing, in_progress) is the latest of its load, within a trip's ${TRIP_HOURS} h of the load's first call`,
    check: (t) => {
      const loads = [...groupBy(t.rows("test_calls"), (c) => String(c.load_number)).entries()];
      return findRows("live-call-on-the-road", t.nameOf("test_calls"), "status", loads, ([load, calls]) => {
        const live = calls.filter((c) => LIVE.has(String(c.status)));
        if (live.length === 0) return null;
        const at = (c: Row) => timeOf(c.created_at) ?? 0;
        const firstLive = Math.min(...live.map(at));
        const first = Math.min(...calls.map(at));
        const later = calls.find((c) => !LIVE.has(String(c.status)) && at(c) > firstLive);
        if (later) return `${load}: a ${later.status} call after a ${live[0]?.status} one`;
        const hours = (firstLive - first) / 3_600_000;
        return hours > TRIP_HOURS ? `${load}: a ${live[0]?.status} call ${Math.round(hours)} h after the load's first call` : null;
      });
    },
  },
  {
    name: "check-in-speed",
    description: `consecutive check-ins of a load report places no further apart than ${MAX_MPH} mph allows`,
    check: (t) => {
      const calls = new Map(t.rows("test_calls").map((c) => [String(c.id), c] as const));
      const reports: { load: string; at: number; where: NonNullable<ReturnType<typeof routeMile>> }[] = [];
      for (const r of t.rows("call_results")) {
        const call = calls.get(String(r.call_id)) as Row | undefined;
        const where = routeMile(json(r.structured_data)?.current_location);
        const at = timeOf(call?.started_at);
        if (call && where && at !== null) reports.push({ load: String(call.load_number), at, where });
      }
      const pairs: [string, (typeof reports)[number], (typeof reports)[number]][] = [];
      for (const [load, list] of groupBy(reports, (x) => x.load)) {
        list.sort((a, b) => a.at - b.at);
        for (let i = 1; i < list.length; i++) pairs.push([load, list[i - 1] as (typeof reports)[number], list[i] as (typeof reports)[number]]);
      }
      return findRows("check-in-speed", t.nameOf("call_results"), "structured_data", pairs, ([load, a, b]) => {
        const hours = (b.at - a.at) / 3_600_000;
        const miles = Math.abs(b.where.mile - a.where.mile);
        const mph = hours > 0 ? miles / hours : miles > 0 ? Number.POSITIVE_INFINITY : 0;
        return mph > MAX_MPH ? `${load}: ${miles} miles in ${hours.toFixed(1)} h (${Math.round(mph)} mph), "${a.where.text}" -> "${b.where.text}"` : null;
      });
    },
  },
];
