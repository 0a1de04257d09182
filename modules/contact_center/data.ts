// contact_center vocabulary: the MCP tools agents carry (shaped as the source's "MCP Tools JSON" and
// "Tool Config JSON"), the issues customers call about (each with the facts a conversation about
// it has: amounts, order numbers, devices...), and the phrase pools the live feed, the archive
// summaries and the system prompts are composed from. Everything a line says comes from the
// interaction's own facts, so lines differ between interactions and agree with the rest of the row.
import type { Rng } from "../../seedkit/prng";

export type Family = "billing" | "orders" | "account" | "technical";

export interface ToolDef {
  name: string;
  description: string;
  requires_permission: boolean;
  path: string;
  method: "GET" | "POST" | "PATCH";
  family: Family | "common";
}

export const TOOLS: readonly ToolDef[] = [
  { name: "get_customer_details", description: "Fetch customer account information", requires_permission: false, path: "customers", method: "GET", family: "common" },
  { name: "check_account_status", description: "Check customer account status", requires_permission: false, path: "status", method: "GET", family: "common" },
  { name: "create_ticket", description: "Open a follow-up ticket for the back office", requires_permission: false, path: "tickets", method: "POST", family: "common" },
  { name: "lookup_invoice", description: "Look up invoices and payments on the account", requires_permission: false, path: "invoices", method: "GET", family: "billing" },
  { name: "issue_refund", description: "Refund a payment to the original payment method", requires_permission: true, path: "refunds", method: "POST", family: "billing" },
  { name: "retry_payment", description: "Retry a failed payment on the card on file", requires_permission: true, path: "payments/retry", method: "POST", family: "billing" },
  { name: "lookup_order", description: "Find an order and its shipment", requires_permission: false, path: "orders", method: "GET", family: "orders" },
  { name: "create_return_label", description: "Email a prepaid return label", requires_permission: false, path: "returns", method: "POST", family: "orders" },
  { name: "reship_order", description: "Ship a replacement order at no charge", requires_permission: true, path: "orders/reship", method: "POST", family: "orders" },
  { name: "reset_password", description: "Send a password reset link to the verified email", requires_permission: true, path: "auth/reset", method: "POST", family: "account" },
  { name: "unlock_account", description: "Unlock an account locked after failed sign-ins", requires_permission: true, path: "auth/unlock", method: "POST", family: "account" },
  { name: "update_address", description: "Change the service or shipping address", requires_permission: true, path: "customers/address", method: "PATCH", family: "account" },
  { name: "check_outage_map", description: "Check known outages by service area", requires_permission: false, path: "network/outages", method: "GET", family: "technical" },
  { name: "run_line_diagnostics", description: "Run remote diagnostics on the customer's equipment", requires_permission: false, path: "diagnostics", method: "POST", family: "technical" },
  { name: "schedule_technician", description: "Book a technician visit", requires_permission: true, path: "appointments", method: "POST", family: "technical" },
];
/** The Tool Config JSON of the source: endpoint, method, auth_type, params {timeout, retry_count}. */
export function toolConfig(tool: ToolDef, apiHost: string, rng: Rng): Record<string, unknown> {
  return {
    endpoint: `https://${apiHost}/v2/${tool.path}`,
    method: tool.method,
    auth_type: "bearer",
    params: { timeout: tool.method === "GET" ? rng.pick([10, 15, 20]) : rng.pick([30, 45, 60]), retry_count: tool.method === "GET" ? 3 : rng.pick([0, 1, 2]) },
  };
}

/** Fictional companies the contact center answers for; API hosts under example.com (reserved). */
export const COMPANIES = [
  { name: "Northwind Mobile", host: "api.northwind-mobile.example.com", product: "mobile plan" },
  { name: "Brightline Energy", host: "api.brightline-energy.example.com", product: "energy plan" },
  { name: "Cobalt Home Internet", host: "api.cobalt-internet.example.com", product: "internet plan" },
  { name: "Juniper Outfitters", host: "api.juniper-outfitters.example.com", product: "membership" },
] as const;
export type Company = (typeof COMPANIES)[number];

export const AGENT_NAMES = ["Ava", "Nova", "Milo", "Iris", "Leo", "Aria", "Theo", "Luna", "Ezra", "Maya", "Orion", "Skye", "Remy", "Juno", "Kai", "Sage"] as const;
export const FAMILY_LABEL: Record<Family, string> = { billing: "Billing", orders: "Orders & Returns", account: "Account Access", technical: "Tech Support" };

/** An LLM system message for an agent, from its name, channel, company, families and tools. */
export function systemPrompt(rng: Rng, name: string, type: "voice" | "chat", company: Company, families: Family[], tools: ToolDef[]): string {
  const scope = families.map((f) => FAMILY_LABEL[f].toLowerCase()).join(" and ");
  const style =
    type === "voice"
      ? rng.pick([
          "You are speaking on the phone: keep every turn under two sentences, spell out numbers slowly, and confirm what you heard before acting.",
          "This is a live phone call. Speak naturally and briefly, avoid lists, and read back order numbers and amounts digit by digit.",
          "Callers hear you through a phone line: be warm, concise and never talk over the caller; pause after questions.",
        ])
      : rng.pick([
          "This is a web chat: answer in short paragraphs, use the customer's first name, and never paste raw API output.",
          "You are chatting in the help widget. Keep replies under 60 words and ask one question at a time.",
          "Chat replies should be friendly and scannable; confirm each change in writing before you make it.",
        ]);
  const guarded = tools.filter((t) => t.requires_permission).map((t) => t.name);
  const open = tools.filter((t) => !t.requires_permission).map((t) => t.name);
  return [
    `You are ${name}, a ${type} support agent for ${company.name}, handling ${scope} questions.`,
    style,
    "Before looking up an account, ask for the phone number on the account and the customer's full name, and verify them with get_customer_details.",
    `You may use ${open.join(", ")} at any time.`,
    guarded.length > 0 ? `Ask your supervisor for permission before calling ${guarded.join(", ")}, tell the customer you are checking, and never proceed if the request is denied or times out.` : "",
    rng.pick([
      "Never promise credits you have not applied. If you cannot resolve the issue, open a ticket with create_ticket and give the customer its number.",
      "Do not share internal notes or other customers' data. If the issue needs the back office, create a ticket and explain the next step and its timeframe.",
      "If the customer is upset, acknowledge it once, then move to the fix. Escalate with create_ticket when the fix is outside your tools.",
    ]),
    "End by summarizing what you did and asking whether anything else is needed.",
  ]
    .filter((s) => s.length > 0)
    .join(" ");
}

/** What a conversation about one issue is about, in phrases the feed and the summary reuse. */
export interface IssueFacts {
  key: string;
  family: Family;
  /** issues[].issue in the archive */
  label: string;
  tag: string;
  topic: string;
  priority: "low" | "medium" | "high";
  /** "a duplicate charge of $42.17 on Sep 3" */
  about: string;
  /** "says they were charged twice for $42.17 on Sep 3" */
  says: string;
  /** what the agent checks: "the payments on invoice INV-204418" */
  check: string;
  /** what the agent finds */
  finds: string;
  /** the fix, as an action: "refund the duplicate $42.17 charge" */
  fix: string;
  /** the fix, done: "refunded the duplicate $42.17 charge" */
  fixed: string;
  /** the tool that performs the fix */
  tool: string;
  /** what the permission request says */
  toolDescription: string;
  /** a detail the customer adds */
  detail: string;
}

const money = (rng: Rng, min: number, max: number) => `$${rng.int(min, max)}.${String(rng.int(0, 99)).padStart(2, "0")}`;
const MONTHS = ["Aug", "Sep"] as const;
const day = (rng: Rng) => `${rng.pick(MONTHS)} ${rng.int(1, 28)}`;
const CARRIERS = ["UPS", "FedEx", "USPS"] as const;
const DEVICES = ["iPhone 15", "Pixel 8", "Galaxy S23", "iPad Air", "Moto G Power"] as const;
const ROUTERS = ["AX3000 gateway", "Nighthawk RAX50", "eero 6+", "TP-Link Archer AX55"] as const;
const PRODUCTS = ["trail running shoes", "rain shell jacket", "40L hiking pack", "insulated bottle", "down vest", "camp stove"] as const;

export const ISSUE_KEYS = ["payment_failed", "duplicate_charge", "refund_request", "late_delivery", "wrong_item", "account_locked", "password_reset", "address_change", "internet_outage", "app_crash"] as const;
export type IssueKey = (typeof ISSUE_KEYS)[number];

/** The facts of one issue as one customer experiences it. */
export function issueFacts(key: IssueKey, rng: Rng, ctx: { city: string; state: string; street: string; company: Company }): IssueFacts {
  switch (key) {
    case "payment_failed": {
      const amount = money(rng, 19, 140);
      const last4 = String(rng.int(1000, 9999));
      const d = day(rng);
      return {
        key, family: "billing", label: "Payment failed", tag: "payment_failed", topic: "billing", priority: "high",
        about: `a failed ${amount} payment on ${d}`, says: `says the ${amount} autopay on ${d} was declined on the card ending ${last4}`,
        check: `the payment attempts on the card ending ${last4}`, finds: `the bank declined the ${d} charge with an expired-card code`,
        fix: `retry the ${amount} payment on the updated card ending ${last4}`, fixed: `retried the ${amount} payment successfully`,
        tool: "retry_payment", toolDescription: `Retry the declined ${amount} payment from ${d} on the card ending ${last4}`,
        detail: `the card ending ${last4} was renewed last month`,
      };
    }
    case "duplicate_charge": {
      const amount = money(rng, 12, 220);
      const inv = `INV-${rng.int(100000, 999999)}`;
      const d = day(rng);
      return {
        key, family: "billing", label: "Duplicate charge", tag: "duplicate_charge", topic: "billing", priority: "high",
        about: `a duplicate ${amount} charge on ${d}`, says: `says ${amount} was charged twice on ${d} for invoice ${inv}`,
        check: `the payments on invoice ${inv}`, finds: `two captures of ${amount} on invoice ${inv}`,
        fix: `refund the duplicate ${amount} charge`, fixed: `refunded the duplicate ${amount} charge`,
        tool: "issue_refund", toolDescription: `Refund the duplicate ${amount} capture on invoice ${inv} to the original card`,
        detail: `the second ${amount} charge shows as pending on their bank app`,
      };
    }
    case "refund_request": {
      const amount = money(rng, 25, 260);
      const order = `${rng.pick(["A", "B", "C", "W"])}${rng.int(10000, 99999)}`;
      const product = rng.pick(PRODUCTS);
      return {
        key, family: "orders", label: "Refund request", tag: "refund_request", topic: "returns", priority: "medium",
        about: `a refund for the returned ${product} on order #${order}`, says: `returned the ${product} from order #${order} two weeks ago and has not seen the ${amount} refund`,
        check: `the return scan for order #${order}`, finds: `the ${product} was received at the warehouse but the refund was never released`,
        fix: `release the ${amount} refund for order #${order}`, fixed: `released the ${amount} refund for order #${order}`,
        tool: "issue_refund", toolDescription: `Release the ${amount} refund for the returned ${product} on order #${order}`,
        detail: `they dropped the ${product} off at a ${rng.pick(CARRIERS)} store`,
      };
    }
    case "late_delivery": {
      const order = `${rng.pick(["A", "B", "C", "W"])}${rng.int(10000, 99999)}`;
      const carrier = rng.pick(CARRIERS);
      const days = rng.int(3, 9);
      return {
        key, family: "orders", label: "Late delivery", tag: "late_delivery", topic: "shipping", priority: "medium",
        about: `order #${order} running ${days} days late`, says: `says order #${order} was due ${days} days ago and tracking has not moved`,
        check: `the ${carrier} tracking for order #${order}`, finds: `the ${carrier} package has been stuck at the ${ctx.city} hub for ${days} days`,
        fix: `reship order #${order} with express shipping`, fixed: `reshipped order #${order} by express`,
        tool: "reship_order", toolDescription: `Reship order #${order} by express at no charge (lost at the ${carrier} ${ctx.city} hub)`,
        detail: `they need it before a trip this weekend`,
      };
    }
    case "wrong_item": {
      const order = `${rng.pick(["A", "B", "C", "W"])}${rng.int(10000, 99999)}`;
      const want = rng.pick(PRODUCTS);
      const size = rng.pick(["size 9", "size 10", "a medium", "a large", "size 8.5"]);
      return {
        key, family: "orders", label: "Wrong item received", tag: "wrong_item", topic: "orders", priority: "medium",
        about: `a wrong item in order #${order}`, says: `ordered the ${want} in ${size} on order #${order} but received a different size`,
        check: `the packing record of order #${order}`, finds: `the warehouse picked the wrong size for the ${want}`,
        fix: `send the ${want} in ${size} and a prepaid return label`, fixed: `sent a replacement ${want} in ${size} with a return label`,
        tool: "reship_order", toolDescription: `Ship the ${want} in ${size} as a free replacement for order #${order}`,
        detail: `the tags are still on the ${want}`,
      };
    }
    case "account_locked": {
      const attempts = rng.int(4, 9);
      return {
        key, family: "account", label: "Account access", tag: "account_locked", topic: "account", priority: "high",
        about: `a locked ${ctx.company.name} account`, says: `is locked out after ${attempts} failed sign-ins`,
        check: `the sign-in history on the account`, finds: `${attempts} failed attempts from a new ${rng.pick(DEVICES)} triggered the lock`,
        fix: `unlock the account and force a password change`, fixed: `unlocked the account`,
        tool: "unlock_account", toolDescription: `Unlock the account after ${attempts} failed sign-ins; caller verified by phone and full name`,
        detail: `they recently switched to a new phone`,
      };
    }
    case "password_reset": {
      const mins = rng.int(15, 90);
      return {
        key, family: "account", label: "Password reset not received", tag: "password_reset", topic: "account", priority: "low",
        about: `a password reset email that never arrived`, says: `has been waiting ${mins} minutes for a reset email`,
        check: `the verified email on file`, finds: `the reset emails went to an old address`,
        fix: `send a reset link to the verified email`, fixed: `sent a fresh reset link to the verified email`,
        tool: "reset_password", toolDescription: `Send a password reset link to the verified email (customer waited ${mins} minutes for the last one)`,
        detail: `they already checked the spam folder`,
      };
    }
    case "address_change": {
      const num = rng.int(12, 9800);
      return {
        key, family: "account", label: "Address update", tag: "address_change", topic: "account", priority: "low",
        about: `moving service to ${num} ${ctx.street}`, says: `is moving to ${num} ${ctx.street} in ${ctx.city}, ${ctx.state}`,
        check: `the service address on the account`, finds: `the account still lists the old address`,
        fix: `update the address to ${num} ${ctx.street}, ${ctx.city}`, fixed: `updated the address to ${num} ${ctx.street}, ${ctx.city}`,
        tool: "update_address", toolDescription: `Change the service address to ${num} ${ctx.street}, ${ctx.city}, ${ctx.state}`,
        detail: `the move date is the ${rng.int(2, 28)}th`,
      };
    }
    case "internet_outage": {
      const router = rng.pick(ROUTERS);
      const hours = rng.int(2, 30);
      return {
        key, family: "technical", label: "Service outage", tag: "service_outage", topic: "technical_support", priority: "high",
        about: `no internet for ${hours} hours in ${ctx.city}`, says: `has had no internet for ${hours} hours at home in ${ctx.city}`,
        check: `the outage map and the ${router} diagnostics`, finds: `the ${router} is online but the line shows heavy signal loss`,
        fix: `book a technician visit in ${ctx.city}`, fixed: `booked a technician visit in ${ctx.city}`,
        tool: "schedule_technician", toolDescription: `Book a technician for signal loss on the line in ${ctx.city}, ${ctx.state} (${router})`,
        detail: `they already restarted the ${router} twice`,
      };
    }
    case "app_crash": {
      const device = rng.pick(DEVICES);
      const version = `${rng.int(4, 6)}.${rng.int(0, 12)}.${rng.int(0, 9)}`;
      return {
        key, family: "technical", label: "App crash", tag: "app_crash", topic: "technical_support", priority: "medium",
        about: `the app crashing on a ${device}`, says: `says the app version ${version} closes on launch on their ${device}`,
        check: `the crash reports for version ${version}`, finds: `a known crash in ${version} on the ${device}`,
        fix: `open a ticket and walk them through reinstalling`, fixed: `walked them through a reinstall of ${version}`,
        tool: "create_ticket", toolDescription: `Open an engineering ticket for the ${version} crash on ${device}`,
        detail: `the crash started after the ${version} update`,
      };
    }
  }
}

export const FAMILY_OF: Record<IssueKey, Family> = {
  payment_failed: "billing",
  duplicate_charge: "billing",
  refund_request: "orders",
  late_delivery: "orders",
  wrong_item: "orders",
  account_locked: "account",
  password_reset: "account",
  address_change: "account",
  internet_outage: "technical",
  app_crash: "technical",
};

/** Tails that give a feed line the caller's mood (chosen by the line's sentiment). */
/** What a live feed adds about the customer's mood, said of a caller on a voice line. */
const MOOD_TAILS = {
  good: ["", "; caller sounds relieved", "; customer thanks the agent", "; tone is friendly", "; customer laughs it off", "; caller is patient", "; customer is cooperative", "; caller agrees"],
  neutral: ["", "; caller listens", "; customer waits", "; tone is calm", "; caller asks a follow-up question", "; customer reads from the email", "; caller is matter-of-fact", "; customer confirms"],
  critical: ["", "; caller sounds frustrated", "; customer raises their voice", "; caller threatens to cancel", "; customer interrupts the agent", "; caller says this is the second time", "; customer sighs", "; caller asks for a manager"],
} as const;
/** The same moods as a chat shows them: nobody calls, sounds or raises a voice in a chat. */
const CHAT_MOOD_TAILS: typeof MOOD_TAILS = {
  good: ["", "; customer seems relieved", "; customer thanks the agent", "; tone is friendly", "; customer replies with a smiley", "; customer is patient", "; customer is cooperative", "; customer agrees"],
  neutral: ["", "; customer reads along", "; customer waits", "; tone is calm", "; customer types a follow-up question", "; customer pastes from the email", "; customer is matter-of-fact", "; customer confirms"],
  critical: ["", "; customer seems frustrated", "; customer writes in all caps", "; customer threatens to cancel", "; customer sends several messages at once", "; customer writes this is the second time", "; customer replies with a sigh", "; customer asks for a manager"],
} as unknown as typeof MOOD_TAILS;

export function moodTails(sentiment: Sentiment, voice: boolean): readonly string[] {
  return (voice ? MOOD_TAILS : CHAT_MOOD_TAILS)[sentiment];
}
export type Sentiment = keyof typeof MOOD_TAILS;

/** Real US cities with their state, and streets that sound like theirs (no invented places). */
export const CITIES = [
  { city: "Columbus", state: "OH" }, { city: "Sacramento", state: "CA" }, { city: "Raleigh", state: "NC" }, { city: "Tucson", state: "AZ" },
  { city: "Omaha", state: "NE" }, { city: "Spokane", state: "WA" }, { city: "Boise", state: "ID" }, { city: "Richmond", state: "VA" },
  { city: "Madison", state: "WI" }, { city: "Tulsa", state: "OK" }, { city: "Albuquerque", state: "NM" }, { city: "Knoxville", state: "TN" },
  { city: "Des Moines", state: "IA" }, { city: "Reno", state: "NV" }, { city: "Savannah", state: "GA" }, { city: "Grand Rapids", state: "MI" },
  { city: "Fort Collins", state: "CO" }, { city: "Lexington", state: "KY" }, { city: "Syracuse", state: "NY" }, { city: "Chattanooga", state: "TN" },
] as const;
export const STREETS = ["Maple Avenue", "Oak Street", "Cedar Lane", "Lakeview Drive", "Washington Boulevard", "Pine Ridge Road", "Elm Court", "Hillcrest Drive", "Park Place", "River Road", "Sunset Terrace", "Walnut Street"] as const;
