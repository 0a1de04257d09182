// The jobs module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, the SQL that loads those rows, and the
// column write rules (issue 11) with a probe value per column.
// The target is a pending job: its owner may read it, create jobs (pending), cancel it and delete
// it; the backend (service_role) runs jobs and records their results.
//
// In `matrix`, I and U are whole-row operations (INSERT of every column of the target row; UPDATE
// SET id = id): a user holds column-level INSERT/UPDATE only (no result, error_message or times; no
// id change), so those are denied even on their own job; `columnRules` says what each actor may
// write column by column (test/rls/columns.test.ts).
import { ACTORS_IDS, type ColumnProbes, type ColumnRules, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;
/** A user of the project who is none of the actors (a valid auth.users id to move a job to). */
const NOBODY = "00000000-0000-4000-8000-00000000f1e1";

export const matrix: Record<string, Row> = {
  "jobs.jobs": ownerOnly("S--D"),
};

export const targets: Record<string, string> = {
  "jobs.jobs": "20000000-0000-4000-8000-000000000001",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO auth.users (id, email, role, aud) VALUES ('${NOBODY}', 'nobody-jobs@example.com', 'authenticated', 'authenticated');
INSERT INTO jobs.jobs (id, user_id, agent_identifier, status, job_data) VALUES
  (${t("jobs.jobs")}, '${O}', 'document-summarizer', 'pending',
   '{"type": "summarize_document", "document_name": "Q3-2026-board-deck.pdf", "document_url": "https://files.example.com/uploads/48213/Q3-2026-board-deck.pdf", "pages": 42, "length": "short"}');
INSERT INTO jobs.jobs (user_id, agent_identifier, status, job_data, started_at, completed_at, result) VALUES
  ('${X}', 'image-captioner', 'completed', '{"type": "caption_image", "image_url": "https://cdn.example.com/media/1234/dog-adoption-day.jpg", "style": "alt_text"}',
   now(), now(), '{"caption": "A golden retriever puppy sitting on a blue blanket"}');
`;

const ownJobs = { insert: ["id", "agent_identifier", "job_data"], update: [] as string[] };

export const columnRules: ColumnRules = {
  "jobs.jobs": {
    // Anyone signed in may queue jobs of their own (user_id defaults to their uid, status to pending).
    owner: { insert: ownJobs.insert, update: ["status"] },
    other: ownJobs,
    supervisor: ownJobs,
    admin: ownJobs,
    // The backend: everything, but the clock keeps updated_at and a pending job has no start or end.
    service_role: {
      insert: ["id", "user_id", "agent_identifier", "status", "job_data", "result", "error_message", "created_at", "updated_at"],
      update: ["id", "user_id", "agent_identifier", "status", "job_data", "result", "error_message", "created_at"],
    },
  },
};

export const probes: ColumnProbes = {
  "jobs.jobs.id": "20000000-0000-4000-8000-0000000000ff",
  "jobs.jobs.user_id": NOBODY,
  "jobs.jobs.agent_identifier": "research-agent",
  // The one change a user may make to their job; from pending it is valid for everyone.
  "jobs.jobs.status": "cancelled",
  "jobs.jobs.job_data": { type: "web_research", query: "heat pump rebates in Massachusetts", max_sources: 5, depth: "quick" },
  "jobs.jobs.result": { summary: "Forged result", sources: [] },
  "jobs.jobs.error_message": "Timed out after 300 s waiting for search results",
  "jobs.jobs.created_at": "2026-01-01T00:00:00Z",
  "jobs.jobs.updated_at": "2030-01-01T00:00:00Z",
  "jobs.jobs.started_at": "2026-06-01T00:00:00Z",
  "jobs.jobs.completed_at": "2026-06-01T00:05:00Z",
};
