// Seed data of the jobs module against a real PostgreSQL with the module's tables, constraints
// and triggers: agents from the pool, job_data shaped by the agent's job type, results for
// completed jobs only, errors for failed ones, times that agree with the status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESERVED_DOMAINS } from "../../seedkit/auth";
import { AGENTS } from "../../modules/jobs/data";
import { jobsSeeder } from "../../modules/jobs/seed";
import { EPOCH } from "../../seedkit/volumes";
import { seededModule, type SeededModule } from "./helpers";
import { builtinModule } from "../../modules/catalog";
import { seedTarget } from "../../modules/define";

/** The module's tables as its SQL files create them, in its own schema. */
const target = await seedTarget(builtinModule("jobs"));

let s: SeededModule;
const q = (sql: string, params: unknown[] = []) => s.q(sql, params);

beforeAll(async () => {
  s = await seededModule("jobs");
});
afterAll(async () => {
  await s?.drop();
});

/** The job type each agent receives, and the keys its result carries. */
const SHAPES: Record<string, { type: string; input: string[]; result: string[] }> = {
  "research-agent": { type: "web_research", input: ["query", "max_sources", "depth"], result: ["summary", "sources", "tokens_used"] },
  "document-summarizer": { type: "summarize_document", input: ["document_name", "document_url", "pages", "length"], result: ["summary", "key_points", "word_count"] },
  "email-drafter": { type: "draft_email", input: ["recipient_name", "recipient_email", "purpose", "tone"], result: ["subject", "body", "word_count"] },
  "data-extractor": { type: "extract_fields", input: ["source_file", "fields", "output_format"], result: ["records_extracted", "fields", "output_file"] },
  translator: { type: "translate", input: ["source_language", "target_language", "document_name", "characters"], result: ["translated_characters", "output_url"] },
  "image-captioner": { type: "caption_image", input: ["image_url", "style"], result: ["caption", "alt_text", "labels"] },
};

describe("jobs seed data", () => {
  it("users are on reserved domains and own their jobs", async () => {
    const users = await q("SELECT DISTINCT a.email FROM jobs.jobs j JOIN auth.users a ON a.id = j.user_id");
    expect(users.length).toBeGreaterThanOrEqual(20);
    for (const u of users) expect(RESERVED_DOMAINS.some((d) => (u.email as string).endsWith(`@${d}`)), u.email).toBe(true);
    const [orphans] = await q("SELECT count(*)::int AS n FROM jobs.jobs WHERE user_id IS NULL");
    expect(orphans?.n).toBe(0);
  });

  it("agent_identifier from the pool; job_data shaped by the agent's job type; result shaped by it for completed jobs only", async () => {
    const rows = await q("SELECT agent_identifier, status, job_data, result, error_message FROM jobs.jobs");
    expect(rows.length).toBeGreaterThan(150);
    expect(new Set(rows.map((r) => r.agent_identifier))).toEqual(new Set(AGENTS.map((a) => a.id)));
    for (const r of rows) {
      const shape = SHAPES[r.agent_identifier] as (typeof SHAPES)[string];
      expect(r.job_data.type, r.agent_identifier).toBe(shape.type);
      for (const k of shape.input) expect(r.job_data, `${r.agent_identifier} job_data.${k}`).toHaveProperty(k);
      if (r.status === "completed") for (const k of shape.result) expect(r.result, `${r.agent_identifier} result.${k}`).toHaveProperty(k);
      else expect(r.result).toBeNull();
      expect(r.error_message === null).toBe(r.status !== "failed");
    }
    // Results agree with their inputs.
    const [mismatch] = await q(`
      SELECT count(*)::int AS n FROM jobs.jobs WHERE status = 'completed' AND (
           (agent_identifier = 'research-agent' AND (jsonb_array_length(result->'sources') > (job_data->>'max_sources')::int OR result->>'summary' NOT LIKE '%' || (job_data->>'query') || '%'))
        OR (agent_identifier = 'document-summarizer' AND result->>'summary' NOT LIKE (job_data->>'document_name') || '%')
        OR (agent_identifier = 'data-extractor' AND result->'fields' <> job_data->'fields')
        OR (agent_identifier = 'translator' AND result->>'output_url' NOT LIKE '%/' || (job_data->>'target_language') || '/' || (job_data->>'document_name'))
        OR (agent_identifier = 'image-captioner' AND result->>'caption' IS NULL))`);
    expect(mismatch?.n).toBe(0);
  });

  it("times agree with the status; run times are plausible; only recent jobs are still queued or running", async () => {
    const bad = await q(`
      SELECT id, status FROM jobs.jobs WHERE
           (status = 'pending' AND (started_at IS NOT NULL OR completed_at IS NOT NULL))
        OR (status = 'running' AND (started_at IS NULL OR completed_at IS NOT NULL))
        OR (status IN ('completed', 'failed') AND (started_at IS NULL OR completed_at IS NULL))
        OR (status = 'cancelled' AND completed_at IS NULL)
        OR started_at < created_at OR completed_at < coalesce(started_at, created_at)
        OR updated_at <> coalesce(completed_at, started_at, created_at)`);
    expect(bad).toEqual([]);
    const [recent] = await q("SELECT min(created_at) AS oldest, count(*)::int AS n FROM jobs.jobs WHERE status IN ('pending', 'running')");
    expect(recent?.n).toBeGreaterThan(0);
    expect(recent?.oldest.getTime()).toBeGreaterThan(EPOCH - 3600_000);
    const [runs] = await q("SELECT min(extract(epoch FROM completed_at - started_at))::float AS lo, max(extract(epoch FROM completed_at - started_at))::float AS hi FROM jobs.jobs WHERE status = 'completed'");
    expect(runs?.lo).toBeGreaterThanOrEqual(2);
    expect(runs?.hi).toBeLessThanOrEqual(600);
    const statuses = await q("SELECT status, count(*)::int AS n FROM jobs.jobs GROUP BY status");
    expect(statuses.map((r) => r.status).sort()).toEqual(["cancelled", "completed", "failed", "pending", "running"]);
  });

  it("the qa persona owns jobs in several statuses", async () => {
    const [p] = jobsSeeder(target).personas?.({ seed: 7, profile: "qa", scale: 1 }) ?? [];
    expect(p?.name).toBe("job-owner");
    const rows = await q("SELECT DISTINCT status FROM jobs.jobs WHERE user_id = $1", [p?.userId]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(p?.refs ?? {}).length).toBe(rows.length);
  });
});
