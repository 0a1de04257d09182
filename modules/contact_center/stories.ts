// What an interaction's rows must agree on (seed --check, issue 27): a supervisor's answer to a
// tool request comes while the interaction is open, and an archive's first-contact resolution
// agrees with what its summary says happened.
import { findRows, type StoryRule, timeOf } from "../../seedkit/checks";


/** What a summary says when the issue was left for later: FCR cannot be true beside it. */
const UNRESOLVED = /not resolved|Unresolved|ticket \S+ (was )?opened|logged ticket|callback on ticket|left for a follow-up/i;

export const CONTACT_CENTER_STORIES: readonly StoryRule[] = [
  {
    name: "permission-inside-interaction",
    description: "a tool permission is requested and answered (or times out) between its interaction's start and end",
    check: (t, ctx) => {
      const interactions = new Map(t.rows("interactions").map((i) => [String(i.id), i] as const));
      return findRows("permission-inside-interaction", t.nameOf("tool_permissions"), "responded_at", t.rows("tool_permissions"), (p) => {
        const i = interactions.get(String(p.interaction_id));
        if (!i) return null;
        const start = timeOf(i.started_at);
        const end = timeOf(i.ended_at) ?? ctx.now;
        const asked = timeOf(p.requested_at);
        const answered = timeOf(p.responded_at);
        if (start !== null && asked !== null && asked < start) return `${p.id}: requested before its interaction started`;
        if (answered !== null && answered > end) return `${p.id}: ${p.status} ${Math.round((answered - end) / 1000)} s after its interaction ended`;
        return null;
      });
    },
  },
  {
    name: "fcr-agrees-with-summary",
    description: "an archive with fcr_status true has a summary that says the issue was resolved, not that a ticket was opened",
    check: (t) =>
      findRows("fcr-agrees-with-summary", t.nameOf("interaction_archives"), "fcr_status", t.rows("interaction_archives"), (a) =>
        a.fcr_status === true && typeof a.summary === "string" && UNRESOLVED.test(a.summary) ? `${a.id}: FCR true, summary "${a.summary.slice(-90)}"` : null,
      ),
  },
  {
    name: "resolution-within-duration",
    description: "an archive's resolution_time_seconds is no longer than its interaction lasted",
    check: (t) => {
      const interactions = new Map(t.rows("interactions").map((i) => [String(i.id), i] as const));
      return findRows("resolution-within-duration", t.nameOf("interaction_archives"), "resolution_time_seconds", t.rows("interaction_archives"), (a) => {
        const d = interactions.get(String(a.interaction_id))?.duration_seconds;
        return typeof a.resolution_time_seconds === "number" && typeof d === "number" && a.resolution_time_seconds > d ? `${a.id}: resolved at ${a.resolution_time_seconds} s of a ${d} s interaction` : null;
      });
    },
  },
];
