// What AgentFlow's rows must agree on (seed --check, issue 27): a chat announces a booking only
// once the scheduling workflow has finished it, and a quoted amount stays within the lead's budget.
import { findRows, type StoryRule, timeOf } from "../../seedkit/checks";
import { budgetTop } from "./data";

/** A scheduling agent's message saying the meeting is booked. */
const BOOKED = /^(Booked:|Confirmed for|All set —)/;

export const AGENTFLOW_STORIES: readonly StoryRule[] = [
  {
    name: "announces-finished-work",
    description: "a message announcing a booking comes after its conversation's meeting_scheduling workflow completed",
    check: (t) => {
      const done = new Map<string, number>();
      for (const w of t.rows("workflow_executions")) {
        const at = timeOf(w.completed_at);
        if (w.workflow_type === "meeting_scheduling" && w.current_state === "completed" && at !== null) done.set(String(w.conversation_id), Math.min(done.get(String(w.conversation_id)) ?? at, at));
      }
      const announcements = t.rows("messages").filter((m) => typeof m.content === "string" && BOOKED.test(m.content));
      return findRows("announces-finished-work", t.nameOf("messages"), "content", announcements, (m) => {
        const completed = done.get(String(m.conversation_id));
        const at = timeOf(m.created_at) ?? 0;
        if (completed === undefined) return `${m.id}: "${String(m.content).slice(0, 40)}..." with no completed meeting_scheduling workflow`;
        return completed > at ? `${m.id}: announced ${Math.round((completed - at) / 1000)} s before the workflow completed` : null;
      });
    },
  },
  {
    name: "deal-within-budget",
    description: "an amount a lead's notes quote ($N/month) is within the lead's budget_range",
    check: (t) =>
      findRows("deal-within-budget", t.nameOf("leads"), "notes", t.rows("leads"), (l) => {
        const amount = typeof l.notes === "string" ? /\$([\d,]+)\/month/.exec(l.notes)?.[1] : undefined;
        const top = budgetTop(l.budget_range);
        if (amount === undefined || top === null) return null;
        const n = Number(amount.replace(/,/g, ""));
        return n > top ? `${l.id}: $${amount}/month on a ${l.budget_range} budget` : null;
      }),
  },
];
