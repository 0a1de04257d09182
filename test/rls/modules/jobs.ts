// The jobs module's part of the RLS access matrix: its rows (what each actor may do to one row
// that belongs to the owner), the target row id per table, and the SQL that loads those rows.
// The target is a pending job: its owner may read it, create it (pending), change it while pending
// (or cancel it) and delete it; the backend (service_role) runs it.
import { ACTORS_IDS, type Row, ownerOnly } from "../actors";

const O = ACTORS_IDS.owner;
const X = ACTORS_IDS.other;

export const matrix: Record<string, Row> = {
  "jobs.jobs": ownerOnly("SIUD"),
};

export const targets: Record<string, string> = {
  "jobs.jobs": "20000000-0000-4000-8000-000000000001",
};

const t = (table: string) => `'${targets[table]}'`;

export const fixtureSql = `
INSERT INTO jobs.jobs (id, user_id, agent_identifier, status, job_data) VALUES
  (${t("jobs.jobs")}, '${O}', 'document-summarizer', 'pending',
   '{"type": "summarize_document", "document_name": "Q3-2026-board-deck.pdf", "document_url": "https://files.example.com/uploads/48213/Q3-2026-board-deck.pdf", "pages": 42, "length": "short"}');
INSERT INTO jobs.jobs (user_id, agent_identifier, status, job_data, started_at, completed_at, result) VALUES
  ('${X}', 'image-captioner', 'completed', '{"type": "caption_image", "image_url": "https://cdn.example.com/media/1234/dog-adoption-day.jpg", "style": "alt_text"}',
   now(), now(), '{"caption": "A golden retriever puppy sitting on a blue blanket"}');
`;
