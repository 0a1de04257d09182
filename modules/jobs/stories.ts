// What a job's row must agree on (seed --check, issue 27): its result is computed from its input,
// its error is one its input can cause, and a running job has not run longer than runs take.
import { findRows, json, type StoryRule, timeOf } from "../../seedkit/checks";
import { extension, QUERIES, SOURCES, wordCount } from "./data";

/** Errors that only a file of one type can cause: [pattern, the extensions it needs]. */
const TYPED_ERRORS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/OCR failed|no text layer/, ["pdf"]],
  [/none of a supported type|Archive contains/, ["zip"]],
  [/header has \d+ columns/, ["csv"]],
  [/merged cells/, ["xlsx"]],
  [/tracked changes/, ["docx"]],
  [/Unsupported file type: \.pages/, ["pages"]],
];

export const JOB_STORIES: readonly StoryRule[] = [
  {
    name: "result-from-input",
    description: "a completed job's result follows from its job_data: an email's word_count counts its body, research cites sources of the question's field, key points sit on pages the document has",
    check: (t) => {
      const jobs = t.rows("jobs").filter((j) => j.status === "completed");
      return findRows("result-from-input", t.nameOf("jobs"), "result", jobs, (j) => {
        const input = json(j.job_data) ?? {};
        const result = json(j.result) ?? {};
        if (input.type === "draft_email" && typeof result.body === "string" && result.word_count !== wordCount(result.body)) {
          return `${j.id}: word_count ${result.word_count} for a ${wordCount(result.body)}-word body`;
        }
        if (input.type === "web_research") {
          const kinds = QUERIES.find(([q]) => q === input.query)?.[1];
          const allowed = new Set((kinds ?? []).flatMap((k) => SOURCES[k].map(([name]) => name)));
          const off = ((result.sources as { title?: string }[] | undefined) ?? []).find((s) => kinds && !allowed.has(String(s.title).split(":")[0] ?? ""));
          if (off) return `${j.id}: "${input.query}" cites ${off.title}`;
        }
        if (input.type === "summarize_document") {
          const pages = Number(input.pages);
          const beyond = ((result.key_points as string[] | undefined) ?? []).find((p) => Number(/\(p\. (\d+)\)/.exec(p)?.[1] ?? 0) > pages || /^Point \d+ from page/.test(p));
          if (beyond) return `${j.id}: key point "${beyond}" of a ${pages}-page document`;
        }
        return null;
      });
    },
  },
  {
    name: "error-fits-input",
    description: "a failed job's error_message is one its input can cause (OCR only on a PDF, an empty archive only for a .zip)",
    check: (t) => {
      const failed = t.rows("jobs").filter((j) => j.status === "failed" && typeof j.error_message === "string");
      return findRows("error-fits-input", t.nameOf("jobs"), "error_message", failed, (j) => {
        const input = json(j.job_data) ?? {};
        const file = input.source_file ?? input.document_name ?? input.image_url;
        const found = TYPED_ERRORS.find(([re]) => re.test(j.error_message as string));
        return found && !found[1].includes(extension(String(file ?? ""))) ? `${j.id}: "${j.error_message}" for ${String(file)}` : null;
      });
    },
  },
  {
    name: "running-within-runs",
    description: "a running job has run no longer than the longest completed run of its agent (up to the data's own newest time, so a seed checked hours later is judged at its now)",
    check: (t, ctx) => {
      const all = t.rows("jobs");
      // The data's clock: its newest time (the seed's now, give or take a minute), never after ctx.now.
      let newest = 0;
      for (const j of all) for (const c of ["created_at", "updated_at", "started_at", "completed_at"]) newest = Math.max(newest, timeOf(j[c]) ?? 0);
      const now = Math.min(ctx.now, newest || ctx.now);
      const longest = new Map<string, number>();
      for (const j of all) {
        const a = timeOf(j.started_at);
        const b = timeOf(j.completed_at);
        if (j.status !== "completed" || a === null || b === null) continue;
        const agent = String(j.agent_identifier);
        longest.set(agent, Math.max(longest.get(agent) ?? 0, b - a));
      }
      const running = all.filter((j) => j.status === "running" && longest.has(String(j.agent_identifier)));
      return findRows("running-within-runs", t.nameOf("jobs"), "started_at", running, (j) => {
        const ran = now - (timeOf(j.started_at) ?? now);
        const max = longest.get(String(j.agent_identifier)) as number;
        return ran > max ? `${j.id}: ${j.agent_identifier} running ${Math.round(ran / 1000)} s, completed runs at most ${Math.round(max / 1000)} s` : null;
      });
    },
  },
];
