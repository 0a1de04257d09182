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
  errors: readonly string[];
}

const QUERIES = [
  "heat pump rebates available in Massachusetts for 2026",
  "compare PostgreSQL logical replication with Debezium CDC",
  "best practices for onboarding remote engineering hires",
  "EU AI Act obligations for general-purpose model providers",
  "average cost of commercial solar installation per kW in Texas",
  "how do credit unions handle chargeback disputes",
  "state of the art in retrieval-augmented generation evaluation",
  "supply chain risks for lithium-ion battery cells",
  "USDA organic certification steps for small farms",
  "market size of B2B invoice automation software",
  "comparison of vector databases for semantic search",
  "municipal bond yields trend over the last 12 months",
  "remote patient monitoring reimbursement codes under Medicare",
  "carbon accounting standards for scope 3 emissions",
  "typical churn rates for SaaS companies under $10M ARR",
  "food truck permit requirements in Portland, Oregon",
];
const SOURCES = [
  ["Wikipedia", "https://en.wikipedia.org/wiki/"],
  ["Reuters", "https://www.reuters.com/business/"],
  ["NIST", "https://www.nist.gov/publications/"],
  ["Energy.gov", "https://www.energy.gov/articles/"],
  ["Harvard Business Review", "https://hbr.org/2025/"],
  ["arXiv", "https://arxiv.org/abs/"],
  ["Federal Register", "https://www.federalregister.gov/documents/"],
  ["PostgreSQL docs", "https://www.postgresql.org/docs/17/"],
] as const;
const DOCUMENTS = [
  ["Q3-2026-board-deck.pdf", 42],
  ["master-services-agreement-acme.pdf", 18],
  ["employee-handbook-v7.docx", 64],
  ["incident-report-2026-09-14.pdf", 9],
  ["vendor-security-questionnaire.xlsx", 6],
  ["grant-proposal-draft-3.docx", 27],
  ["customer-interviews-september.pdf", 31],
  ["lease-renewal-5th-ave.pdf", 14],
  ["annual-report-2025.pdf", 88],
  ["product-requirements-checkout-v2.docx", 22],
] as const;
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
const words = (r: Rng, min: number, max: number) => r.int(min, max);

export const AGENTS: readonly Agent[] = [
  {
    id: "research-agent",
    seconds: [25, 240],
    input: (r) => ({ type: "web_research", query: r.pick(QUERIES), max_sources: r.pick([5, 8, 10]), depth: r.pick(["quick", "standard", "deep"]) }),
    output: (r, input, seconds) => {
      const n = Math.min(input.max_sources as number, r.int(3, 8));
      const sources = Array.from({ length: n }, (_, k) => {
        const [name, base] = r.pick(SOURCES);
        return { title: `${name}: ${(input.query as string).split(" ").slice(0, 4).join(" ")}${k ? ` (${k + 1})` : ""}`, url: `${base}${slug(input.query as string).slice(0, 40)}-${r.int(100, 999)}` };
      });
      return { summary: `Found ${n} sources on "${input.query}"; ${r.pick(["findings broadly agree", "sources disagree on the figures", "most recent data is from 2025"])}.`, sources, model: "gemini-2.5-pro", tokens_used: r.int(8000, 60000), duration_seconds: seconds };
    },
    errors: ["Gemini API quota exceeded (429 RESOURCE_EXHAUSTED)", "Timed out after 300 s waiting for search results", "Search provider returned 503 Service Unavailable", "No sources found for the query after 3 attempts"],
  },
  {
    id: "document-summarizer",
    seconds: [8, 120],
    input: (r) => {
      const [name, pages] = r.pick(DOCUMENTS);
      return { type: "summarize_document", document_name: name, document_url: `https://files.example.com/uploads/${r.int(10000, 99999)}/${name}`, pages, length: r.pick(["short", "medium", "long"]) };
    },
    output: (r, input, seconds) => ({
      summary: `${input.document_name} (${input.pages} pages): ${r.pick(["three decisions are pending sign-off", "costs rose 12% against plan", "the renewal terms change in section 4", "the main risk is vendor concentration", "action items are assigned to four owners"])}.`,
      key_points: Array.from({ length: r.int(3, 6) }, (_, k) => `Point ${k + 1} from page ${r.int(1, input.pages as number)}`),
      word_count: input.length === "short" ? words(r, 80, 150) : input.length === "medium" ? words(r, 200, 400) : words(r, 500, 900),
      model: "gemini-2.5-flash",
      duration_seconds: seconds,
    }),
    errors: ["Unsupported file type: .pages", "Document is password-protected", "Input exceeds the model's 1,048,576-token context window", "Download failed: 403 Forbidden from files.example.com"],
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
    output: (r, input, seconds) => {
      const subject = PURPOSES.find(([p]) => p === input.purpose)?.[1] ?? "Following up";
      return { subject, body: `Hi ${(input.recipient_name as string).split(" ")[0]},\n\nI wanted to ${input.purpose}. ${r.pick(["Let me know if Tuesday works.", "Happy to answer any questions.", "Thanks again for your time."])}\n\nBest regards`, word_count: r.int(60, 180), tone: input.tone, duration_seconds: seconds };
    },
    errors: ["Safety filter blocked the draft (SAFETY)", "Recipient address failed validation", "Gemini API returned 500 INTERNAL"],
  },
  {
    id: "data-extractor",
    seconds: [15, 600],
    input: (r) => {
      const fields = r.pick(FIELDS);
      return { type: "extract_fields", source_file: `s3://agent-inputs/${r.int(2025, 2026)}/${r.pick(["invoices", "claims", "orders", "contracts"])}/batch-${r.int(100, 999)}.${r.pick(["pdf", "csv", "zip"])}`, fields: [...fields], output_format: r.pick(["csv", "json"]) };
    },
    output: (r, input, seconds) => ({ records_extracted: r.int(12, 4800), fields: input.fields, output_file: `${(input.source_file as string).replace("agent-inputs", "agent-outputs").replace(/\.\w+$/, "")}.${input.output_format}`, low_confidence_records: r.int(0, 40), duration_seconds: seconds }),
    errors: ["OCR failed on page 14: image resolution too low", "Archive contains no supported files", "Timed out after 600 s", "Field 'total_amount' not found in 92% of records"],
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
    errors: ["Unsupported language pair", "Document contains no extractable text", "Gemini API quota exceeded (429 RESOURCE_EXHAUSTED)"],
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
    errors: ["Image could not be downloaded (404)", "Image exceeds 20 MB limit", "Unsupported image format: .tiff"],
  },
];
