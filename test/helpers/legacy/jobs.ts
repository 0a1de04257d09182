// jobs.md's application (the AI Agent Template's job queue) as it ran: 25 users and 200 jobs
// written the way its backend writes them ("Creating Jobs", "Updating Job Status"): pending jobs
// have no times, running ones a start, completed/failed ones a start, a completion and a result.
// A cancelled job (the frontend's own update, which sets status only) has no completed_at: the
// module's jobs_finished_completed CHECK rejects those 4 of the 200 rows, as issue 24 says.
import { iso, legacyRng, daysAgo, MINUTE, SECOND, type LegacyGenerator } from "./types";
import { legacyUsers } from "./people";

const AGENTS = ["document-summarizer", "translator", "email-drafter", "data-extractor", "meeting-notes"] as const;
const DOCS = ["annual-report-2025.pdf", "q3-board-deck.pptx", "vendor-contract.docx", "support-faq.md", "roadmap-2026.pdf"] as const;

export const generate: LegacyGenerator = (seed) => {
  const rng = legacyRng("jobs", seed);
  const users = legacyUsers(rng, seed, "jobs", 25);
  const jobs = Array.from({ length: 200 }, (_, i) => {
    const agent = rng.pick(AGENTS);
    const created = daysAgo(rng, 0, 90);
    // Every 50th job (4 of 200) was cancelled by its user; the others by weight.
    const status = i % 50 === 7 ? "cancelled" : rng.weighted([["completed", 120], ["failed", 28], ["running", 16], ["pending", 32]] as const);
    const started = status === "pending" ? null : created + rng.int(1, 300) * SECOND;
    const completed = status === "completed" || status === "failed" ? (started as number) + rng.int(5, 900) * SECOND : null;
    const updated = completed ?? (status === "cancelled" ? created + rng.int(1, 120) * MINUTE : started ?? created);
    const doc = rng.pick(DOCS);
    return {
      id: rng.uuid(),
      user_id: rng.pick(users).id,
      agent_identifier: agent,
      status,
      job_data: { type: agent.replace(/-/g, "_"), document_name: doc, pages: rng.int(1, 120) },
      result:
        status === "completed"
          ? { summary: `${doc}: ${rng.int(3, 12)} key points`, word_count: rng.int(80, 600) }
          : status === "failed"
            ? { error_code: rng.pick(["TIMEOUT", "UNSUPPORTED_LANGUAGE_PAIR", "DOCUMENT_TOO_LARGE"]) }
            : null,
      error_message: status === "failed" ? "The agent gave up after 3 attempts" : null,
      created_at: iso(created),
      updated_at: iso(updated),
      started_at: started === null || status === "cancelled" && rng.bool(0.5) ? null : iso(started),
      completed_at: completed === null ? null : iso(completed),
    };
  });
  return { users, tables: [{ table: "jobs", rows: jobs }] };
};
