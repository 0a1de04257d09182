// jobs: the agents of the AI Agent Template's job queue, what each is asked (job_data), what it
// returns when it completes (result), how it fails (error_message) and how long it takes.
import type { Rng } from "../../seedkit/prng";

type Json = Record<string, unknown>;

export interface Agent {
  /** jobs.agent_identifier */
  id: string;
  /** Typical run time in seconds [min, max]. */
  seconds: readonly [number, number];
  input(r: Rng): Json;
  output(r: Rng, input: Json, seconds: number): Json;
  /** Why a job of this agent failed, given what it was asked (an error its input can cause). */
  error(r: Rng, input: Json, seconds: number): string;
}

/** Research questions, each with the kinds of source that cover its field. */
export const QUERIES: readonly (readonly [string, readonly SourceKind[]])[] = [
  ["heat pump rebates available in Massachusetts for 2026", ["energy", "news"]],
  ["compare PostgreSQL logical replication with Debezium CDC", ["tech", "reference"]],
  ["best practices for onboarding remote engineering hires", ["business", "reference"]],
  ["EU AI Act obligations for general-purpose model providers", ["regulation", "research", "news"]],
  ["average cost of commercial solar installation per kW in Texas", ["energy", "news"]],
  ["how do credit unions handle chargeback disputes", ["finance", "regulation"]],
  ["state of the art in retrieval-augmented generation evaluation", ["research", "tech"]],
  ["supply chain risks for lithium-ion battery cells", ["energy", "news", "research"]],
  ["USDA organic certification steps for small farms", ["agriculture", "regulation"]],
  ["market size of B2B invoice automation software", ["business", "news"]],
  ["comparison of vector databases for semantic search", ["tech", "research"]],
  ["municipal bond yields trend over the last 12 months", ["finance", "news"]],
  ["remote patient monitoring reimbursement codes under Medicare", ["health", "regulation"]],
  ["carbon accounting standards for scope 3 emissions", ["energy", "regulation", "business"]],
  ["typical churn rates for SaaS companies under $10M ARR", ["business", "news"]],
  ["food truck permit requirements in Portland, Oregon", ["local", "regulation"]],
];
export type SourceKind = "energy" | "news" | "tech" | "reference" | "business" | "regulation" | "research" | "finance" | "agriculture" | "health" | "local";
export const SOURCES: Readonly<Record<SourceKind, readonly (readonly [string, string])[]>> = {
  energy: [["Energy.gov", "https://www.energy.gov/articles/"], ["NREL", "https://www.nrel.gov/news/"], ["EIA", "https://www.eia.gov/todayinenergy/"]],
  news: [["Reuters", "https://www.reuters.com/business/"], ["AP News", "https://apnews.com/article/"]],
  tech: [["PostgreSQL docs", "https://www.postgresql.org/docs/17/"], ["Debezium docs", "https://debezium.io/documentation/reference/"], ["ACM Queue", "https://queue.acm.org/detail.cfm?id="]],
  reference: [["Wikipedia", "https://en.wikipedia.org/wiki/"]],
  business: [["Harvard Business Review", "https://hbr.org/2025/"], ["MIT Sloan Management Review", "https://sloanreview.mit.edu/article/"]],
  regulation: [["Federal Register", "https://www.federalregister.gov/documents/"], ["EUR-Lex", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri="]],
  research: [["arXiv", "https://arxiv.org/abs/"], ["NIST", "https://www.nist.gov/publications/"]],
  finance: [["Federal Reserve", "https://www.federalreserve.gov/econres/notes/"], ["NCUA", "https://ncua.gov/regulation-supervision/letters-credit-unions-other-guidance/"], ["MSRB EMMA", "https://emma.msrb.org/"]],
  agriculture: [["USDA AMS", "https://www.ams.usda.gov/services/organic-certification/"], ["eCFR Title 7 Part 205", "https://www.ecfr.gov/current/title-7/part-205#"]],
  health: [["CMS", "https://www.cms.gov/medicare/"], ["AMA CPT", "https://www.ama-assn.org/practice-management/cpt/"]],
  local: [["City of Portland", "https://www.portland.gov/bds/"], ["Multnomah County Environmental Health", "https://www.multco.us/food-safety/"]],
};
/** Documents users hand the summarizer: name, pages, and what a reader takes from them (with a page each). */
const DOCUMENTS: readonly (readonly [string, number, readonly (readonly [string, number])[]])[] = [
  ["Q3-2026-board-deck.pdf", 42, [["Revenue grew 18% quarter over quarter, led by the enterprise tier", 4], ["Hiring plan adds 12 engineers in Q4", 17], ["Two board votes are pending: the Austin office lease and the option pool refresh", 38], ["Cash runway is 26 months at the current burn", 9]]],
  ["master-services-agreement-acme.pdf", 18, [["Either party may terminate with 60 days' written notice", 11], ["Liability is capped at the fees paid in the prior 12 months", 13], ["Invoices are due net 45", 6], ["Acme owns deliverables once paid in full", 9]]],
  ["employee-handbook-v7.docx", 64, [["PTO accrues at 1.5 days per month, capped at 30 days", 22], ["Remote employees get a $600 home-office stipend", 31], ["Expense reports are due within 30 days", 40], ["Harassment reports go to HR or the anonymous hotline", 52]]],
  ["incident-report-2026-09-14.pdf", 9, [["The outage lasted 47 minutes and affected checkout in us-east", 1], ["Root cause: an expired TLS certificate on the payments gateway", 3], ["Certificate renewal is now automated and alerted", 6], ["No payment data was lost", 4]]],
  ["vendor-security-questionnaire.xlsx", 6, [["Data is encrypted at rest with AES-256", 2], ["SOC 2 Type II report is dated March 2026", 1], ["No subprocessors outside the US", 4], ["Penetration tests run twice a year", 5]]],
  ["grant-proposal-draft-3.docx", 27, [["The request is $480,000 over three years", 2], ["The evaluation plan still lacks a comparison group", 19], ["Letters of support from two school districts are attached", 25], ["Personnel costs are 62% of the budget", 21]]],
  ["customer-interviews-september.pdf", 31, [["9 of 14 customers asked for SSO", 5], ["Onboarding takes longer than two weeks for most accounts", 12], ["Pricing is seen as fair by mid-market buyers", 18], ["Three customers mentioned switching from a competitor over reporting", 27]]],
  ["lease-renewal-5th-ave.pdf", 14, [["Rent rises 4% a year over a five-year term", 3], ["The renewal notice is due 180 days before expiry", 7], ["The landlord pays for the HVAC replacement", 10], ["A one-time early termination option falls in year three", 12]]],
  ["annual-report-2025.pdf", 88, [["Net revenue was $212 million, up 9%", 6], ["Operating margin fell to 11% on higher logistics costs", 24], ["The company opened 14 new stores", 33], ["The dividend stays at $0.42 per share", 71]]],
  ["product-requirements-checkout-v2.docx", 22, [["Guest checkout becomes the default", 3], ["Apple Pay and Google Pay launch in phase one", 8], ["The address form gets autocomplete", 11], ["Success metric: cart abandonment below 60%", 19]]],
];
const PURPOSES = [
  ["follow up on the proposal we sent last week", "Following up on our proposal"],
  ["reschedule Thursday's onboarding call", "Rescheduling Thursday's onboarding call"],
  ["thank them for the referral", "Thank you for the referral"],
  ["ask for the signed NDA", "Signed NDA"],
  ["announce the new pricing starting next month", "Update to our pricing"],
  ["confirm the delivery window for the order", "Confirming your delivery window"],
  ["request a quote for 200 units", "Quote request: 200 units"],
] as const;
const FIRST = ["Priya", "Marcus", "Elena", "Tomás", "Grace", "Dmitri", "Aisha", "Liam", "Mei", "Jonah", "Fatima", "Owen"];
const LAST = ["Shah", "Okafor", "Lindqvist", "Herrera", "Kim", "Volkov", "Haddad", "Brennan", "Chen", "Alvarez", "Nakamura", "Dubois"];
const FIELDS = [
  ["invoice_number", "invoice_date", "vendor_name", "total_amount", "currency"],
  ["patient_id", "visit_date", "diagnosis_code", "provider_npi"],
  ["order_id", "sku", "quantity", "unit_price", "ship_to_zip"],
  ["contract_party", "effective_date", "term_months", "renewal_notice_days"],
] as const;
const LANGUAGES = [
  ["en", "es"],
  ["en", "fr"],
  ["en", "de"],
  ["es", "en"],
  ["en", "ja"],
  ["pt", "en"],
  ["en", "pt-BR"],
] as const;
const IMAGES = [
  ["storefront-main-street.jpg", "A brick storefront with a green awning and two bicycles parked outside", ["storefront", "awning", "bicycle", "street"]],
  ["team-offsite-2026.jpg", "Eight people smiling around a picnic table by a lake", ["people", "lake", "picnic table", "outdoors"]],
  ["product-kettle-white.png", "A white electric kettle with a temperature dial on a marble counter", ["kettle", "kitchen", "appliance"]],
  ["warehouse-aisle-7.jpg", "A warehouse aisle with pallet racks stacked with cardboard boxes", ["warehouse", "pallet rack", "boxes"]],
  ["dog-adoption-day.jpg", "A golden retriever puppy sitting on a blue blanket looking at the camera", ["dog", "puppy", "blanket"]],
  ["solar-roof-install.jpg", "Two installers fitting solar panels on a pitched shingle roof", ["solar panel", "roof", "workers"]],
] as const;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
/** The words in a text, as a word counter would count them. */
export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** A file name's extension, lower case ("Q3.PDF" -> "pdf"). */
export const extension = (name: string) => name.slice(name.lastIndexOf(".") + 1).toLowerCase();
/** How many of the document's key points a summary of each length keeps. */
const KEY_POINTS = { short: 2, medium: 3, long: 4 } as const;

export const AGENTS: readonly Agent[] = [
  {
    id: "research-agent",
    seconds: [25, 240],
    input: (r) => ({ type: "web_research", query: r.pick(QUERIES)[0], max_sources: r.pick([5, 8, 10]), depth: r.pick(["quick", "standard", "deep"]) }),
    // Sources come from the field of the question (no PostgreSQL docs for a solar rebate).
    output: (r, input, seconds) => {
      const query = input.query as string;
      const kinds = QUERIES.find(([q]) => q === query)?.[1] ?? ["reference"];
      const n = Math.min(input.max_sources as number, r.int(3, 8));
      const sources = Array.from({ length: n }, (_, k) => {
        const [name, base] = r.pick(SOURCES[r.pick(kinds)]);
        return { title: `${name}: ${query.split(" ").slice(0, 4).join(" ")}${k ? ` (${k + 1})` : ""}`, url: `${base}${slug(query).slice(0, 40)}-${r.int(100, 999)}` };
      });
      return { summary: `Found ${n} sources on "${query}"; ${r.pick(["findings broadly agree", "sources disagree on the figures", "most recent data is from 2025"])}.`, sources, model: "gemini-2.5-pro", tokens_used: r.int(8000, 60000), duration_seconds: seconds };
    },
    error: (r, input, seconds) =>
      r.pick([
        () => `Gemini API quota exceeded (429 RESOURCE_EXHAUSTED) after ${r.int(2, 5)} retries on "${input.query}"`,
        () => `Timed out after ${Math.max(1, Math.round(seconds))} s waiting for search results on "${input.query}"`,
        () => `Search provider returned 503 Service Unavailable for "${input.query}" (attempt ${r.int(1, 3)} of 3)`,
        () => `No sources found for "${input.query}" after 3 attempts at depth ${input.depth}`,
      ])(),
  },
  {
    id: "document-summarizer",
    seconds: [8, 120],
    input: (r) => {
      const [name, pages] = r.pick(DOCUMENTS);
      return { type: "summarize_document", document_name: name, document_url: `https://files.example.com/uploads/${r.int(10000, 99999)}/${name}`, pages, length: r.pick(["short", "medium", "long"]) };
    },
    // Key points are the document's own, each with the page it is on.
    output: (r, input, seconds) => {
      const points = DOCUMENTS.find(([n]) => n === input.document_name)?.[2] ?? [];
      const keep = points.slice(0, KEY_POINTS[input.length as keyof typeof KEY_POINTS]);
      const summary = `${input.document_name} (${input.pages} pages): ${(keep[0]?.[0] ?? "no key points found").replace(/^./, (c) => c.toLowerCase())}${r.pick([".", ", among other points.", "; details follow in the key points."])}`;
      const keyPoints = keep.map(([point, page]) => `${point} (p. ${page})`);
      return {
        summary,
        key_points: keyPoints,
        // What was written: the summary and its key points.
        word_count: wordCount([summary, ...keyPoints].join(" ")),
        model: "gemini-2.5-flash",
        duration_seconds: seconds,
      };
    },
    // What can go wrong depends on the file: a .docx can be password-protected, a .pdf can be a scan.
    error: (r, input) => {
      const name = input.document_name as string;
      const ext = extension(name);
      return r.pick([
        () => `${input.document_url} is password-protected (${ext.toUpperCase()} encryption); ask the owner for an unlocked copy`,
        () => `Download failed: 403 Forbidden from ${input.document_url}`,
        ...(ext === "pdf" ? [() => `${name} has no text layer on ${r.int(1, input.pages as number)} of ${input.pages} pages (scanned); OCR is not enabled for summaries`] : []),
        ...(ext === "xlsx" ? [() => `${name}: sheet "${r.pick(["Controls", "Answers", "Sheet2"])}" has merged cells the parser cannot read`] : []),
        ...(ext === "docx" ? [() => `${name}: tracked changes on ${r.int(2, input.pages as number)} pages; accept or reject them before summarizing`] : []),
      ])();
    },
  },
  {
    id: "email-drafter",
    seconds: [3, 30],
    input: (r) => {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      const [purpose] = r.pick(PURPOSES);
      return { type: "draft_email", recipient_name: `${first} ${last}`, recipient_email: `${first.toLowerCase().normalize("NFKD").replace(/[^a-z]/g, "")}.${last.toLowerCase()}@example.net`, purpose, tone: r.pick(["friendly", "formal", "concise"]) };
    },
    // word_count counts the body's words.
    output: (r, input, seconds) => {
      const subject = PURPOSES.find(([p]) => p === input.purpose)?.[1] ?? "Following up";
      const body = `Hi ${(input.recipient_name as string).split(" ")[0]},\n\nI wanted to ${input.purpose}. ${r.pick(["Let me know if Tuesday works.", "Happy to answer any questions.", "Thanks again for your time."])}\n\nBest regards`;
      return { subject, body, word_count: wordCount(body), tone: input.tone, duration_seconds: seconds };
    },
    error: (r, input, seconds) =>
      r.pick([
        () => `Safety filter blocked the draft to ${input.recipient_name} (SAFETY, ${input.tone} tone)`,
        () => `Recipient address ${input.recipient_email} failed validation: the mail server refused RCPT TO`,
        () => `Gemini API returned 500 INTERNAL after ${Math.max(1, Math.round(seconds))} s drafting for ${input.recipient_name}`,
      ])(),
  },
  {
    id: "data-extractor",
    seconds: [15, 600],
    input: (r) => {
      const fields = r.pick(FIELDS);
      return { type: "extract_fields", source_file: `s3://agent-inputs/${r.int(2025, 2026)}/${r.pick(["invoices", "claims", "orders", "contracts"])}/batch-${r.int(100, 999)}.${r.pick(["pdf", "csv", "zip"])}`, fields: [...fields], output_format: r.pick(["csv", "json"]) };
    },
    output: (r, input, seconds) => ({ records_extracted: r.int(12, 4800), fields: input.fields, output_file: `${(input.source_file as string).replace("agent-inputs", "agent-outputs").replace(/\.\w+$/, "")}.${input.output_format}`, low_confidence_records: r.int(0, 40), duration_seconds: seconds }),
    // A scan fails OCR, an archive can hold nothing readable, a CSV can lack a column.
    error: (r, input, seconds) => {
      const file = input.source_file as string;
      const fields = input.fields as string[];
      const ext = extension(file);
      const byType =
        ext === "pdf"
          ? () => `OCR failed on page ${r.int(2, 60)} of ${file}: image resolution too low (${r.int(72, 140)} dpi)`
          : ext === "zip"
            ? () => `${file} contains ${r.int(3, 40)} files and none of a supported type (.pdf, .csv)`
            : () => `Column '${r.pick(fields)}' not found in ${file} (header has ${r.int(4, 19)} columns)`;
      return r.pick([byType, () => `Timed out after ${Math.max(1, Math.round(seconds))} s extracting ${fields.length} fields from ${file}`, () => `Field '${r.pick(fields)}' empty in ${r.int(60, 99)}% of records of ${file}`])();
    },
  },
  {
    id: "translator",
    seconds: [5, 180],
    input: (r) => {
      const [from, to] = r.pick(LANGUAGES);
      const [name] = r.pick(DOCUMENTS);
      return { type: "translate", source_language: from, target_language: to, document_name: name, characters: r.int(800, 120000) };
    },
    output: (r, input, seconds) => ({ translated_characters: Math.round((input.characters as number) * (0.9 + r.float() * 0.3)), output_url: `https://files.example.com/translations/${input.target_language}/${input.document_name}`, detected_language: input.source_language, duration_seconds: seconds }),
    error: (r, input) =>
      r.pick([
        () => `Glossary for ${input.source_language}->${input.target_language} is missing ${r.int(2, 30)} required terms used in ${input.document_name}`,
        () => `${input.document_name} (${input.characters} characters) contains no extractable text in ${input.source_language}: the pages are images`,
        () => `Gemini API quota exceeded (429 RESOURCE_EXHAUSTED) at character ${r.int(100, input.characters as number)} of ${input.characters}`,
      ])(),
  },
  {
    id: "image-captioner",
    seconds: [2, 20],
    input: (r) => {
      const [file] = r.pick(IMAGES);
      return { type: "caption_image", image_url: `https://cdn.example.com/media/${r.int(1000, 9999)}/${file}`, style: r.pick(["alt_text", "social", "catalog"]) };
    },
    output: (r, input, seconds) => {
      const image = IMAGES.find(([f]) => (input.image_url as string).endsWith(f)) ?? IMAGES[0];
      return { caption: image[1], alt_text: image[1], labels: [...image[2]], confidence: Math.round((0.82 + r.float() * 0.17) * 100) / 100, duration_seconds: seconds };
    },
    error: (r, input) =>
      r.pick([
        () => `Image could not be downloaded (404): ${input.image_url}`,
        () => `Image at ${input.image_url} is ${(20 + r.int(1, 300) / 10).toFixed(1)} MB, over the 20 MB limit`,
        () => `Image at ${input.image_url} timed out after ${r.int(10, 30)} s on the CDN`,
      ])(),
  },
];
