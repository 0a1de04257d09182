// The story rules of seed --check (modules/<m>/stories.ts) find nothing on the generators' rows
// (test/seed/check.test.ts runs them at every profile) and find each broken story: here every rule
// gets rows with one story made to contradict itself, the way the data read before issue 27
// (a live call on a load delivered weeks ago, FCR true beside "ticket opened", a booking posted
// before its workflow finished, a word count that is not the body's).
import { describe, expect, it } from "vitest";
import { seedersOf } from "../../modules/catalog";
import { parseNow } from "../../seedkit/clock";
import type { ModuleSeeder } from "../../seedkit/types";
import { checkSeeded } from "../../seeds/check/database";
import type { CheckedTable } from "../../seeds/check/rules";
import { greetingFor, localHour } from "../../seedkit/localtime";
import { zoneOf } from "../../modules/support/data";
import { placesOn } from "../../modules/voice/data";

const NOW = parseNow("2026-12-07T09:00:00Z");

/** The seeder's dev tables as read rows, each row an array (jsonb as text, as the generators write it). */
function tablesOf(seeder: ModuleSeeder): Map<string, CheckedTable & { rows: unknown[][] }> {
  return new Map(seeder.tables({ seed: 2, profile: "qa", scale: 1, now: NOW }).map((t) => [t.table, { name: `${t.schema}.${t.table}`, columns: t.columns, rows: [...t.rows()].map((r) => [...r]) }]));
}

/** Rule names found on the tables, keyed by schema.table. */
function findings(seeder: ModuleSeeder, tables: Map<string, CheckedTable>): string[] {
  const byName = new Map([...tables.values()].map((t) => [t.name, t]));
  return checkSeeded([seeder], byName, { now: NOW }).map((f) => f.rule).filter((r) => !["distinct-free-text", "long-tailed-durations", "times-with-seconds"].includes(r));
}

const col = (t: CheckedTable, name: string) => t.columns.indexOf(name);
const obj = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;

describe("story rules find each contradiction", async () => {
  const seeders = Object.fromEntries((await seedersOf(["jobs", "voice", "contact_center", "agentflow", "support"])).map((s) => [s.module, s]));

  it("jobs: a word count that is not the body's, an error the file cannot cause, a job running longer than any run", () => {
    const s = seeders.jobs as ModuleSeeder;
    const tables = tablesOf(s);
    const jobs = tables.get("jobs")!;
    expect(findings(s, tables)).toEqual([]);
    const email = jobs.rows.find((r) => r[col(jobs, "status")] === "completed" && obj(r[col(jobs, "job_data")]).type === "draft_email")!;
    email[col(jobs, "result")] = { ...obj(email[col(jobs, "result")]), word_count: 100 };
    const failed = jobs.rows.find((r) => r[col(jobs, "status")] === "failed")!;
    failed[col(jobs, "job_data")] = { type: "extract_fields", source_file: "s3://agent-inputs/2026/orders/batch-100.csv", fields: ["order_id"] };
    failed[col(jobs, "error_message")] = "OCR failed on page 3 of s3://agent-inputs/2026/orders/batch-100.csv: image resolution too low (96 dpi)";
    const running = jobs.rows.find((r) => r[col(jobs, "status")] === "running")!;
    running[col(jobs, "started_at")] = new Date(NOW - 30 * 86_400_000).toISOString();
    expect(findings(s, tables).sort()).toEqual(["error-fits-input", "result-from-input", "running-within-runs"]);
  });

  it("voice: a call under way on a load whose first call was weeks ago, and check-ins faster than a truck", () => {
    const s = seeders.voice as ModuleSeeder;
    const tables = tablesOf(s);
    const calls = tables.get("test_calls")!;
    expect(findings(s, tables)).toEqual([]);
    const live = calls.rows.find((r) => r[col(calls, "status")] === "ringing" || r[col(calls, "status")] === "in_progress")!;
    const sibling = calls.rows.find((r) => r !== live && r[col(calls, "load_number")] === live[col(calls, "load_number")])!;
    sibling[col(calls, "created_at")] = new Date(NOW - 20 * 86_400_000).toISOString();
    const results = tables.get("call_results")!;
    const completed = new Map(calls.rows.map((r) => [r[col(calls, "id")], r]));
    // Two check-ins of one load: the second 10 minutes after the first, at the far end of the road.
    const byLoad = new Map<unknown, unknown[][]>();
    for (const r of results.rows) {
      const load = completed.get(r[col(results, "call_id")])?.[col(calls, "load_number")];
      byLoad.set(load, [...(byLoad.get(load) ?? []), r]);
    }
    const [a, b] = [...byLoad.values()].find((list) => list.length >= 2)!;
    const callA = completed.get(a![col(results, "call_id")])!;
    const callB = completed.get(b![col(results, "call_id")])!;
    callB[col(calls, "started_at")] = new Date(Date.parse(String(callA[col(calls, "started_at")])) + 10 * 60_000).toISOString();
    const road = placesOn("I-95");
    const [south, north] = [road[0]!, road[road.length - 1]!];
    a![col(results, "structured_data")] = { ...obj(a![col(results, "structured_data")]), current_location: `Interstate 95 North, near ${south.city}, ${south.state} (mile marker 5)` };
    b![col(results, "structured_data")] = { ...obj(b![col(results, "structured_data")]), current_location: `Interstate 95 North, near ${north.city}, ${north.state} (mile marker 20)` };
    expect(findings(s, tables).sort()).toEqual(["check-in-speed", "live-call-on-the-road"]);
  });

  it("contact_center: FCR true beside an opened ticket, a supervisor answering after the call ended", () => {
    const s = seeders.contact_center as ModuleSeeder;
    const tables = tablesOf(s);
    expect(findings(s, tables)).toEqual([]);
    const archives = tables.get("interaction_archives")!;
    const open = archives.rows.find((r) => r[col(archives, "fcr_status")] === false && /ticket/.test(String(r[col(archives, "summary")])))!;
    open[col(archives, "fcr_status")] = true;
    const perms = tables.get("tool_permissions")!;
    const answered = perms.rows.find((r) => r[col(perms, "responded_at")] !== null)!;
    answered[col(perms, "responded_at")] = new Date(NOW - 1000).toISOString();
    expect(findings(s, tables).sort()).toEqual(["fcr-agrees-with-summary", "permission-inside-interaction"]);
  });

  it("agentflow: a booking posted before its workflow finished, a deal above the lead's budget", () => {
    const s = seeders.agentflow as ModuleSeeder;
    const tables = tablesOf(s);
    expect(findings(s, tables)).toEqual([]);
    const messages = tables.get("messages")!;
    const booked = messages.rows.find((r) => /^Booked:/.test(String(r[col(messages, "content")])))!;
    booked[col(messages, "created_at")] = new Date(NOW - 400 * 86_400_000).toISOString();
    const leads = tables.get("leads")!;
    const quoted = leads.rows.find((r) => /\$[\d,]+\/month/.test(String(r[col(leads, "notes")])) && r[col(leads, "budget_range")] === "$1k-$3k per month")!;
    quoted[col(leads, "notes")] = String(quoted[col(leads, "notes")]).replace(/\$[\d,]+\/month/, "$9,300/month");
    expect(findings(s, tables).sort()).toEqual(["announces-finished-work", "deal-within-budget"]);
  });

  it("support: a greeting of the wrong time of day, contact promised another way than asked", () => {
    const s = seeders.support as ModuleSeeder;
    const tables = tablesOf(s);
    expect(findings(s, tables)).toEqual([]);
    const messages = tables.get("messages")!;
    const conversations = tables.get("conversations")!;
    const users = tables.get("users")!;
    const withPhone = new Set(users.rows.filter((u) => typeof u[col(users, "phone")] === "string").map((u) => u[col(users, "id")]));
    const theirs = new Set(conversations.rows.filter((c) => withPhone.has(c[col(conversations, "user_id")])).map((c) => c[col(conversations, "id")]));
    const first = messages.rows.find((m) => theirs.has(m[col(messages, "conversation_id")]) && m[col(messages, "role")] === "user")!;
    const owner = conversations.rows.find((c) => c[col(conversations, "id")] === first[col(messages, "conversation_id")])!;
    const phone = String(users.rows.find((u) => u[col(users, "id")] === owner[col(conversations, "user_id")])![col(users, "phone")]);
    const hour = localHour(zoneOf(phone, null), Date.parse(String(first[col(messages, "created_at")])));
    first[col(messages, "content")] = `${greetingFor(hour) === "Good morning" ? "Good evening" : "Good morning"}, I need help.`;
    const ask = messages.rows.findIndex((m) => /\b(call|text) me\b/.test(String(m[col(messages, "content")])));
    const reply = messages.rows.slice(ask + 1).find((m) => m[col(messages, "role")] === "assistant")!;
    reply[col(messages, "content")] = String(reply[col(messages, "content")]).replace(/by (phone|text) at \S+/, "by email at someone@example.com");
    expect(findings(s, tables).sort()).toEqual(["greeting-fits-local-hour", "reach-as-asked"]);
  });
});
