// support: what a member-support chat is about. Each conversation gets concrete facts (an order
// number, a product and its price, dates, a carrier and its tracking number, a card's last four
// digits...) and follows one topic's script: the member's turn, then the assistant's reply to that
// turn, which repeats a fact the member just gave (never asks for it again). Every turn names at
// least one of the conversation's facts, and phrasings come in several variants, so texts are
// distinct across conversations; an escalated conversation ends with the member asking for a
// person and the assistant handing over, and its escalation quotes and summarizes it.
import { greetingFor, localHour, STATE_ZONES } from "../../seedkit/localtime";
import { US_AREA_CODES } from "../../seedkit/phones";
import type { Rng } from "../../seedkit/prng";
import { DAY } from "../../seedkit/volumes";

/** Real products a member-support desk of an online retailer sees, with prices in USD. */
/** What the store sells: name, price, and the ways each one can arrive damaged. */
export const PRODUCTS: readonly (readonly [string, number, readonly string[]])[] = [
  ["Trailhead 40L hiking backpack", 129.0, ["with a torn shoulder strap", "with a broken buckle"]],
  ["12-inch cast iron skillet", 44.95, ["with a cracked handle", "chipped on the rim"]],
  ["Merino wool crew socks (3-pack)", 38.5, ["with a hole in one heel", "with the seams coming apart"]],
  ["Noise-canceling over-ear headphones", 249.99, ["with a cracked headband", "with one ear cup that won't play"]],
  ["32 oz insulated water bottle", 34.95, ["dented near the base", "with a cracked lid"]],
  ["Queen linen duvet cover", 189.0, ["torn along one seam", "with a stain across the front"]],
  ["Cordless stick vacuum", 299.0, ["with a cracked dust bin", "with a snapped wand clip"]],
  ["Ceramic pour-over coffee set", 58.0, ["with the dripper cracked", "with a chipped carafe"]],
  ["Waterproof rain shell jacket", 159.0, ["with a torn sleeve", "with a broken zipper"]],
  ["Bamboo cutting board set", 42.0, ["with one board split", "cracked along the grain"]],
  ["Smart LED desk lamp", 79.99, ["with a cracked base", "with a flickering light"]],
  ["Kids' insulated snow boots", 64.5, ["with a torn lining", "with a sole coming off"]],
  ["Stainless steel chef's knife, 8-inch", 119.0, ["with a chipped blade", "with a loose handle"]],
  ["Yoga mat with carry strap", 68.0, ["torn at one corner", "with a ripped strap"]],
  ["Espresso grinder with 40 settings", 179.0, ["with a cracked hopper", "with a dial that won't turn"]],
  ["Wool-blend throw blanket", 95.0, ["with a snag across the middle", "with the hem coming apart"]],
  ["Trail running shoes", 139.95, ["with a split sole", "with a torn tongue"]],
  ["Cotton percale sheet set, king", 148.0, ["with a torn fitted sheet", "with a stain on the pillowcases"]],
  ["Portable Bluetooth speaker", 89.99, ["with a dented grille", "with a broken power button"]],
  ["Dutch oven, 5.5 qt", 229.95, ["with chipped enamel", "with a cracked lid"]],
  ["Electric kettle with temperature control", 99.0, ["with a cracked water window", "with a broken lid hinge"]],
  ["Down-alternative pillow (2-pack)", 74.0, ["with a split seam", "with a torn cover"]],
  ["Cycling helmet with MIPS", 109.0, ["with a cracked shell", "with a broken strap buckle"]],
  ["Air fryer, 6 qt", 129.99, ["with a cracked basket handle", "with a dented drawer"]],
  ["Leather weekender bag", 265.0, ["with a torn handle", "with a scuffed, gouged side"]],
  ["Wireless charging stand", 49.99, ["with a cracked stand", "with a frayed cable"]],
  ["Camping hammock with straps", 59.95, ["with a torn strap", "with a hole in the fabric"]],
  ["Glass food storage set (10 pieces)", 52.0, ["with two containers shattered", "with a cracked lid"]],
];

/** Carriers with their own tracking-number shapes and the hubs their parcels really pass. */
export const CARRIERS = [
  { name: "UPS", hubs: ["Louisville, KY", "Hodgkins, IL", "Ontario, CA", "Mesquite, TX"] },
  { name: "FedEx", hubs: ["Memphis, TN", "Indianapolis, IN", "Fort Worth, TX", "Oakland, CA"] },
  { name: "USPS", hubs: ["Jersey City, NJ", "Atlanta, GA", "Denver, CO", "Des Moines, IA"] },
] as const;

const STREETS = ["Maple Ave", "Oak Street", "Cedar Lane", "Elm Street", "Lakeview Drive", "Willow Court", "Park Avenue", "Pine Ridge Road", "Highland Ave", "Sunset Blvd", "Chestnut Street", "Riverside Drive", "Birch Way", "Hillcrest Road", "Magnolia Court", "Spruce Street", "Meadow Lane", "Walnut Ave"];
/** Membership plans of the retailer's program and their yearly fee. */
const PLANS = [
  ["Plus", 59.0],
  ["Premier", 99.0],
  ["Family", 129.0],
] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Oct 3" in UTC, independent of the machine's locale. */
export function day(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

const money = (n: number) => `$${n.toFixed(2)}`;
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(r.int(0, 9))).join("");
const ALNUM = "ABCDEFGHJKLMNPRSTUVWXY0123456789";
const alnum = (r: Rng, n: number) => Array.from({ length: n }, () => ALNUM[r.int(0, ALNUM.length - 1)]).join("");

function tracking(r: Rng, carrier: string): string {
  if (carrier === "UPS") return `1Z${alnum(r, 6)}${digits(r, 10)}`;
  if (carrier === "FedEx") return digits(r, 12);
  return `9400${digits(r, 18)}`;
}

/** The member a conversation belongs to, as far as its text needs them: the same in all their conversations. */
export interface MemberFacts {
  first: string;
  fullName: string;
  email: string;
  phone: string | null;
  street: string;
  zip: string;
  /** Last four digits of the card on file. */
  last4: string;
  plan: string;
  fee: string;
}

/** The time zone of a ZIP code's first digit (USPS national areas, by their main zone). */
const ZIP_ZONES = ["America/New_York", "America/New_York", "America/New_York", "America/New_York", "America/New_York", "America/Chicago", "America/Chicago", "America/Chicago", "America/Denver", "America/Los_Angeles"] as const;

/** A member's time zone: their number's area code's state, else their ZIP's region. */
export function zoneOf(phone: string | null, zip: string | null): string {
  const state = phone ? US_AREA_CODES[phone.slice(2, 5)] : undefined;
  return (state && STATE_ZONES[state]) || (zip ? ZIP_ZONES[Number(zip[0])] : undefined) || "America/Chicago";
}

/** What a member keeps across conversations: address, card, membership plan. */
export function memberFacts(r: Rng): Pick<MemberFacts, "street" | "zip" | "last4" | "plan" | "fee"> {
  const [plan, fee] = r.pick(PLANS);
  return { street: `${r.int(12, 9850)} ${r.pick(STREETS)}`, zip: String(r.int(10001, 98999)).padStart(5, "0"), last4: String(r.int(1000, 9999)), plan, fee: money(fee) };
}

/** Everything a conversation's text refers to. */
export interface Facts extends MemberFacts {
  /** The member's local hour when the chat opened (their zone: seedkit/localtime.ts). */
  localHour: number;
  order: string;
  newOrder: string;
  product: string;
  /** How this item arrived damaged ("with a torn sleeve"): only ways it can be. */
  damage: string;
  price: number;
  qty: number;
  amount: string;
  orderDate: string;
  shipDate: string;
  expected: string;
  lastScan: string;
  needBy: string;
  carrier: string;
  tracking: string;
  hub: string;
  refundId: string;
  chargeDate: string;
  daysLate: number;
  /** The photos a member uploads of a damaged item. */
  photo: string;
  photo2: string;
  /** Last four digits of the phone number a member no longer has. */
  oldPhone4: string;
  /** When the member clicked an expired link ("10:18"). */
  clickedAt: string;
  preferred: "email" | "phone" | "sms";
}

export function facts(r: Rng, m: MemberFacts, startMs: number, zone: string): Facts {
  const [product, price, damages] = r.pick(PRODUCTS);
  const qty = r.weighted([
    [1, 80],
    [2, 15],
    [3, 5],
  ] as const);
  const carrier = r.pick(CARRIERS);
  const orderMs = startMs - r.int(6, 20) * DAY;
  const shipMs = orderMs + r.int(1, 2) * DAY;
  const expectedMs = shipMs + r.int(3, 5) * DAY;
  const daysLate = Math.max(1, Math.round((startMs - expectedMs) / DAY));
  return {
    localHour: localHour(zone, startMs),
    ...m,
    order: `MS-${r.int(100000, 999999)}`,
    newOrder: `MS-${r.int(100000, 999999)}`,
    product,
    damage: r.pick(damages),
    price,
    qty,
    amount: money(price * qty),
    orderDate: day(orderMs),
    shipDate: day(shipMs),
    expected: day(expectedMs),
    lastScan: day(shipMs + r.int(1, 2) * DAY),
    needBy: day(startMs + r.int(4, 9) * DAY),
    carrier: carrier.name,
    tracking: tracking(r, carrier.name),
    hub: r.pick(carrier.hubs),
    refundId: `RF-${r.int(20000, 99999)}`,
    chargeDate: day(startMs - r.int(1, 9) * DAY),
    daysLate,
    photo: `IMG_${r.int(1000, 4999)}`,
    photo2: `IMG_${r.int(5000, 9999)}`,
    oldPhone4: String(r.int(1000, 9999)),
    clickedAt: `${r.int(1, 11)}:${String(r.int(0, 59)).padStart(2, "0")}`,
    preferred: m.phone ? r.pick(["email", "phone", "sms"] as const) : "email",
  };
}

/** How the member wants to be reached, as the assistant says it. */
function contactPhrase(f: Facts): string {
  if (f.preferred === "phone") return `by phone at ${f.phone}`;
  if (f.preferred === "sms") return `by text at ${f.phone}`;
  return `by email at ${f.email}`;
}

/** How the member asks to be reached: the way they want (so the assistant's answer can honour it). */
function reachMe(f: Facts): string {
  return f.preferred === "phone" ? "call me" : f.preferred === "sms" ? "text me" : "email me";
}

type Say = (f: Facts, r: Rng) => string;
/** One variant of an exchange: the member's turn and the assistant's answer to exactly that turn. */
type Pair = readonly [Say, Say];
/**
 * One exchange: its variants. A conversation picks a branch once; exchange k plays variant
 * branch % variants, so variants at the same position of successive exchanges tell one story.
 */
type Exchange = readonly Pair[];

export interface Topic {
  /** escalations.issue_type when a conversation on this topic is escalated. */
  issueType: string;
  /** Exchanges in order; a conversation plays a prefix of them. */
  exchanges: readonly Exchange[];
  /** The last exchange of an escalated conversation: the member asks for a person. */
  escalation: Exchange;
  /** escalations.conversation_context: what staff read before they call. */
  context: (f: Facts, turns: number) => string;
}

/** The member's hello: a time-of-day greeting only when it fits their local hour. */
const hi = (f: Facts, r: Rng) => {
  const timely = greetingFor(f.localHour);
  return r.pick(timely ? ["Hi", "Hello", "Hey there", timely, "Hi there", timely] : ["Hi", "Hello", "Hey there", "Hi there"]);
};
const sorry = (f: Facts, r: Rng) => r.pick([`I'm sorry about that, ${f.first}.`, `Thanks for reaching out, ${f.first}, and sorry for the trouble.`, `That's frustrating, ${f.first} — let me look.`, `Sorry to hear that, ${f.first}.`]);
const handover = (f: Facts, r: Rng) =>
  r.pick([
    `a member care specialist will contact you ${contactPhrase(f)} within one business day`,
    `someone from our member care team will reach you ${contactPhrase(f)}, usually within a few hours`,
    `a specialist has your case and will follow up ${contactPhrase(f)} by the end of the next business day`,
  ]);
const item = (f: Facts) => (f.qty > 1 ? `${f.qty}x ${f.product}` : f.product);

export const TOPICS: readonly Topic[] = [
  {
    issueType: "missing_delivery",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, my order ${f.order} still hasn't shown up. It was supposed to arrive by ${f.expected}.`,
          (f, r) => `${sorry(f, r)} Order ${f.order} (${item(f)}) shipped with ${f.carrier} on ${f.shipDate}, tracking number ${f.tracking}. Is the delivery address still ${f.street}?`,
        ],
        [
          (f, r) => `${hi(f, r)} — I ordered the ${f.product} on ${f.orderDate} (order ${f.order}) and it never came.`,
          (f, r) => `${sorry(f, r)} I found order ${f.order} from ${f.orderDate}: it left our warehouse with ${f.carrier} on ${f.shipDate}, tracking ${f.tracking}. Can you confirm it should go to ${f.street}, ${f.zip}?`,
        ],
        [
          (f, r) => `Order ${f.order} was due ${f.expected} and there's still nothing at my door. Can you check where it is?`,
          (f, r) => `${sorry(f, r)} ${f.order} was due ${f.expected}; ${f.carrier} has it under tracking ${f.tracking}. Just to be sure, is ${f.street} the right address?`,
        ],
      ],
      [
        [
          (f, r) => `Yes, ${f.street} is right. I've been home most days since ${f.expected}.`,
          (f, r) => `Thanks for confirming ${f.street}. ${f.carrier}'s last scan of ${f.tracking} was in ${f.hub} on ${f.lastScan}, ${r.pick(["and it hasn't moved since.", "with no update after that."])}`,
        ],
        [
          (f, r) => `Yes, ${f.street}, ${f.zip}. The neighbors haven't seen it either.`,
          (f, r) => `${f.zip} matches, thanks. The parcel was last scanned in ${f.hub} on ${f.lastScan}, ${r.pick(["which usually means it was held or mis-sorted.", "and has had no movement since."])}`,
        ],
        [
          (f, r) => `That's the correct address, ${f.street}. Nothing from ${f.carrier} has come since I ordered on ${f.orderDate}.`,
          (f, r) => `Understood. ${f.carrier} last scanned it in ${f.hub} on ${f.lastScan}, ${r.pick([`after it shipped on ${f.shipDate}, and nothing since.`, "and nothing since."])}`,
        ],
      ],
      [
        [
          (f, r) => `So it's been stuck since ${f.lastScan}? Can you send a new one or refund the ${f.amount}?`,
          (f, r) => `${r.pick(["Either works.", "I can do both from here."])} A replacement ${f.product} would ship today by ${f.carrier} 2-day, or I can refund ${f.amount} to your card ending ${f.last4}. Which do you prefer?`,
        ],
        [
          (f, r) => `${f.daysLate} days late and stuck in ${f.hub}. I'd like a replacement or my ${f.amount} back.`,
          (f, r) => `Fair enough after ${f.daysLate} days. I can ship a new ${f.product} today or refund ${f.amount} to the card ending ${f.last4} — ${r.pick(["which would you like?", "your call."])}`,
        ],
        [
          (f, r) => `Stuck in ${f.hub} since ${f.lastScan} is ridiculous. What can you do about the ${f.amount} I paid?`,
          (f, r) => `You won't lose the ${f.amount}. I can refund it to the card ending ${f.last4} or send a replacement by ${f.carrier} 2-day${r.pick(["", " at no cost"])}. What would you prefer?`,
        ],
      ],
      [
        [
          (f, r) => `Please refund the ${f.amount} to the card ending ${f.last4}.`,
          (f, r) => `Done: refund ${f.refundId} for ${f.amount} is on its way to the card ending ${f.last4}; ${r.pick(["banks usually show it in 3-5 business days.", "you'll see it within a week."])}`,
        ],
        [
          (f, r) => `A replacement please, I need it before ${f.needBy}.`,
          (f, r) => `All set. Replacement order ${f.newOrder} ships today and ${f.carrier} expects it by ${f.needBy}. ${r.pick(["If the first parcel turns up, just refuse it.", "I'll cancel the lost one."])}`,
        ],
        [
          (f, r) => `Refund to the card ending ${f.last4}, thanks. I'll reorder the ${f.product} later.`,
          (f, r) => `I've issued refund ${f.refundId} (${f.amount}) to the card ending ${f.last4}. ${r.pick([`A confirmation is going to ${f.email}.`, `You'll get an email at ${f.email} when it's processed.`])}`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `This is the second time an order hasn't arrived. I want to speak to a person about ${f.order}, not a bot.`,
        (f, r) => `Of course, ${f.first}. I've passed order ${f.order} to our member care team as a missing delivery; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `Honestly I'd rather talk to someone. ${f.order} was a gift and I needed it by ${f.needBy}.`,
        (f, r) => `I understand it had to be there by ${f.needBy}. I've escalated ${f.order}; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `Can a real person look into ${f.order}? ${f.carrier} says one thing and your site says another.`,
        (f, r) => `Yes. I've sent ${f.order} and the ${f.carrier} tracking history to member care; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName} reports order ${f.order} (${f.qty} x ${f.product}, ${f.amount}) not delivered; expected ${f.expected}. ${f.carrier} tracking ${f.tracking} last scanned in ${f.hub} on ${f.lastScan}. Address ${f.street} ${f.zip} confirmed. Asked for a person after ${n} messages.`,
  },
  {
    issueType: "damaged_item",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, the ${f.product} from order ${f.order} arrived ${f.damage}.`,
          (f, r) => `${sorry(f, r)} I have order ${f.order} here, delivered by ${f.carrier} on ${f.expected}. Could you send a photo of the ${f.product} and the box?`,
        ],
        [
          (f, r) => `My ${f.product} came damaged — the box was crushed. Order ${f.order}.`,
          (f, r) => `${sorry(f, r)} A crushed box on ${f.order} sounds like carrier damage. Can you upload a picture of the ${f.product} and the packaging?`,
        ],
        [
          (f, r) => `${hi(f, r)}. Order ${f.order} arrived on ${f.expected} and the ${f.product} came ${f.damage}.`,
          (f, r) => `${sorry(f, r)} The ${f.product} should never arrive ${f.damage}. A photo of the damage would help — you can attach it right here.`,
        ],
      ],
      [
        [
          (f, r) => `Sure, photo attached (${f.photo}.jpg). You can see the corner is split.`,
          (f, r) => `Got ${f.photo}.jpg for ${f.order}, thank you — that is clearly shipping damage, so you won't need to send the ${f.product} back. Would you like a replacement or a refund of ${f.amount}?`,
        ],
        [
          (f, r) => `Here it is: ${f.photo}.heic. The damage is on the left side.`,
          (f, r) => `Thanks, I can see the damage on the left side. No need to return it. I can replace the ${f.product} or refund ${f.amount} — ${r.pick(["your choice.", "which do you prefer?"])}`,
        ],
        [
          (f, r) => `Uploaded two photos, ${f.photo} and ${f.photo2}.`,
          (f, r) => `Both photos (${f.photo} and ${f.photo2}) came through. That's shipping damage on ${f.order}; I can send a new ${f.product} or refund ${f.amount}.`,
        ],
      ],
      [
        [
          (f, r) => `A replacement please. Same address, ${f.street}.`,
          (f, r) => `Replacement order ${f.newOrder} is placed for ${f.street}; ${f.carrier} should have it to you by ${f.needBy}.`,
        ],
        [
          (f, r) => `Just refund the ${f.amount}, please.`,
          (f, r) => `Refund ${f.refundId} for ${f.amount} has been sent to the card ending ${f.last4}.`,
        ],
        [
          (f, r) => `Replacement, but can it arrive before ${f.needBy}?`,
          (f, r) => `Yes — I upgraded replacement ${f.newOrder} to express, so it arrives by ${f.needBy} at the latest.`,
        ],
      ],
      [
        [
          (f, r) => `Great, thanks. Will I get a tracking number for ${f.newOrder}?`,
          (f, r) => `Yes, ${f.newOrder}'s tracking number will be emailed to ${f.email} as soon as ${f.carrier} scans it.`,
        ],
        [
          (f, r) => `Thanks. Do I need to keep the broken ${f.product}?`,
          (f, r) => `No need to keep the ${f.product}; please recycle it. Anything else I can help with, ${f.first}?`,
        ],
        [
          (f, r) => `Perfect. I'll look out for the email about ${f.newOrder}.`,
          (f, r) => `The confirmation for ${f.newOrder} is on its way to ${f.email} now. Thanks for your patience, ${f.first}.`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `This is the third damaged delivery this year. I want someone to ${reachMe(f)} about ${f.order}.`,
        (f, r) => `That's not acceptable, ${f.first}. I've escalated ${f.order} to member care as a damaged item; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `The ${f.product} cut my hand when I opened it. I need to report this to a person, order ${f.order}.`,
        (f, r) => `I'm sorry you were hurt. I've escalated ${f.order} and the ${f.product} as a safety report; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `I don't want another replacement of ${f.order}, I want to talk to a manager.`,
        (f, r) => `Understood, no more replacements for ${f.order}. I've asked a manager to take it; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName}: ${f.product} from order ${f.order} (${f.amount}) arrived damaged via ${f.carrier}. Photos received in chat. Replacement or refund offered; member asked for a person after ${n} messages.`,
  },
  {
    issueType: "refund_request",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, I returned the ${f.product} from order ${f.order} two weeks ago and haven't been refunded.`,
          (f, r) => `${sorry(f, r)} Order ${f.order} shows the return label used with ${f.carrier}, tracking ${f.tracking}. Did you drop it off or schedule a pickup?`,
        ],
        [
          (f, r) => `When will I get my ${f.amount} back for order ${f.order}? I sent it back on ${f.shipDate}.`,
          (f, r) => `${sorry(f, r)} The return of ${f.order} sent on ${f.shipDate} went with ${f.carrier}, tracking ${f.tracking}. Do you still have the drop-off receipt?`,
        ],
        [
          (f, r) => `${hi(f, r)}. I'm still waiting on a refund for order ${f.order} (${f.product}), and the card I paid with is closed now.`,
          (f, r) => `${sorry(f, r)} I see the return for ${f.order} on ${f.carrier} tracking ${f.tracking}. Was it picked up from your address?`,
        ],
      ],
      [
        [
          (f, r) => `I dropped it at the ${f.carrier} store on ${f.shipDate}, I have the receipt.`,
          (f, r) => `Thanks, that matches: dropped off ${f.shipDate}, and ${f.carrier} delivered it to our returns center on ${f.lastScan}. It's been inspected, so I can release the refund. It goes back to the card ending ${f.last4} — is that still valid?`,
        ],
        [
          (f, r) => `Yes, the receipt says ${f.tracking.slice(-6)} at the bottom.`,
          (f, r) => `${f.tracking.slice(-6)} matches, thank you. It reached our returns center on ${f.lastScan} and passed inspection. Shall I send it to the card ending ${f.last4}?`,
        ],
        [
          (f, r) => `Yes, pickup from ${f.street} on ${f.shipDate}.`,
          (f, r) => `Right, picked up at ${f.street} on ${f.shipDate} and received on ${f.lastScan}. Since the card ending ${f.last4} is closed, would store credit or a new card work?`,
        ],
      ],
      [
        [
          (f, r) => `Yes, the card ending ${f.last4} is fine.`,
          (f, r) => `Refund ${f.refundId} for ${f.amount} is issued to the card ending ${f.last4}; expect it in 3-5 business days.`,
        ],
        [
          (f, r) => `Yes, ${f.last4} works.`,
          (f, r) => `Done. ${f.amount} is on its way to the card ending ${f.last4} under refund ${f.refundId}.`,
        ],
        [
          (f, r) => `Store credit is fine, on ${f.email}.`,
          (f, r) => `No problem. I've added ${f.amount} as store credit to ${f.email}'s account (reference ${f.refundId}).`,
        ],
      ],
      [
        [
          (f, r) => `Thanks. Will I get an email confirming ${f.refundId}?`,
          (f, r) => `Yes, the confirmation for ${f.refundId} is on its way to ${f.email}.`,
        ],
        [
          (f, r) => `OK, so by ${f.needBy} at the latest?`,
          (f, r) => `Yes, ${f.needBy} at the latest; if it isn't there by then, reply here with ${f.refundId}.`,
        ],
        [
          (f, r) => `Thank you! Can you also check I wasn't charged shipping on ${f.order}?`,
          (f, r) => `Order ${f.order} had free shipping with your ${f.plan} membership, so there's nothing else to refund.`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `I've been told "3-5 business days" twice already for ${f.order}. Please get me someone who can actually fix it.`,
        (f, r) => `You're right to push, ${f.first}. I've escalated the refund for ${f.order} (${f.amount}); ${handover(f, r)}.`,
      ],
      [
        (f, r) => `It's been over a month since I returned ${f.order}. I want to speak to a supervisor.`,
        (f, r) => `A month is far too long. I've asked a supervisor to take the ${f.order} refund; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `Your returns center says they never got it, but ${f.carrier} says delivered. I need a human for ${f.order}.`,
        (f, r) => `That needs someone to trace it with ${f.carrier}. I've escalated ${f.order}; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName}: refund of ${f.amount} for returned order ${f.order} (${f.product}) not received. Return shipped ${f.shipDate} via ${f.carrier} ${f.tracking}; card ending ${f.last4}. Member asked for a supervisor after ${n} messages.`,
  },
  {
    issueType: "billing_dispute",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, I was charged ${f.fee} twice for my ${f.plan} membership on ${f.chargeDate}.`,
          (f, r) => `${sorry(f, r)} I can see a ${f.plan} renewal of ${f.fee} on ${f.chargeDate} on the card ending ${f.last4}. Let me check whether a second ${f.fee} charge went through — what does your bank show?`,
        ],
        [
          (f, r) => `There's a ${f.fee} charge from you on ${f.chargeDate} I don't recognize. Card ending ${f.last4}.`,
          (f, r) => `${sorry(f, r)} The ${f.fee} on ${f.chargeDate} to the card ending ${f.last4} is the yearly ${f.plan} membership renewal. Which email is the account under, so I can check its settings?`,
        ],
        [
          (f, r) => `Why did my ${f.plan} membership renew on ${f.chargeDate}? I turned off auto-renew.`,
          (f, r) => `${sorry(f, r)} The ${f.plan} renewal did run on ${f.chargeDate} for ${f.fee}. When did you switch auto-renew off?`,
        ],
      ],
      [
        [
          (f, r) => `My bank shows two ${f.fee} pending charges from ${f.chargeDate}.`,
          (f, r) => `You're right: two ${f.fee} authorizations were made on ${f.chargeDate}; one was a retry after a timeout. I'll refund it rather than wait for it to drop off.`,
        ],
        [
          (f, r) => `It's under ${f.email}.`,
          (f, r) => `Thanks, I found ${f.email}. Auto-renew was on, so ${f.plan} renewed on ${f.chargeDate}. Would you like to cancel and get the ${f.fee} back?`,
        ],
        [
          (f, r) => `I switched it off right after I paid on ${f.orderDate}, I'm sure of it.`,
          (f, r) => `I see the change on ${f.orderDate}, then auto-renew came back on when the card ending ${f.last4} was updated. That's on us.`,
        ],
      ],
      [
        [
          (f, r) => `Thanks. So I'll see one ${f.fee} refunded?`,
          (f, r) => `Yes. Refund ${f.refundId} for ${f.fee} is issued to the card ending ${f.last4}, and ${f.plan} stays active.`,
        ],
        [
          (f, r) => `Yes, cancel it and refund the ${f.fee}.`,
          (f, r) => `Done: the renewal is canceled and ${f.fee} is refunded under ${f.refundId}.`,
        ],
        [
          (f, r) => `So can I get the ${f.fee} back and keep auto-renew off this time?`,
          (f, r) => `Yes: ${f.fee} is refunded as ${f.refundId} and auto-renew is off for good on ${f.email}.`,
        ],
      ],
      [
        [
          (f, r) => `Thanks for sorting it out. How long will ${f.refundId} take?`,
          (f, r) => `${f.refundId} usually shows within 3-5 business days, ${f.first}.`,
        ],
        [
          (f, r) => `Great. And I won't be charged again next ${f.chargeDate.split(" ")[0]}?`,
          (f, r) => `Correct, nothing will be charged next ${f.chargeDate.split(" ")[0]}; the membership is canceled.`,
        ],
        [
          (f, r) => `Appreciated. Will I see it before ${f.needBy}?`,
          (f, r) => `It should be there well before ${f.needBy}.`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `I want this charge of ${f.fee} disputed properly. Please have someone from billing ${reachMe(f)}.`,
        (f, r) => `I've escalated the ${f.fee} charge of ${f.chargeDate} to our billing team, ${f.first}; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `This has happened on the card ending ${f.last4} before. I need a person from billing, not a refund promise.`,
        (f, r) => `Understood. Billing will review every charge on the card ending ${f.last4}; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `I'll file a chargeback for ${f.fee} unless someone from billing contacts me today.`,
        (f, r) => `Please hold off on the chargeback for now — I've escalated the ${f.fee} charge to billing; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName} disputes ${f.plan} membership charge of ${f.fee} on ${f.chargeDate} (card ending ${f.last4}); says charged twice or auto-renew was off. Asked for billing staff after ${n} messages.`,
  },
  {
    issueType: "account_access",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, I can't log in. The reset email never arrives at ${f.email}.`,
          (f, r) => `${sorry(f, r)} I found an account for ${f.email}. Reset emails come from no-reply@example.com — could you check the spam folder?`,
        ],
        [
          (f, r) => `My account is locked after too many attempts. It's ${f.email}.`,
          (f, r) => `${sorry(f, r)} ${f.email} was locked after five failed attempts; it unlocks by itself after 30 minutes, or I can send a sign-in link now.`,
        ],
        [
          (f, r) => `${hi(f, r)} — I changed phones and the login code goes to my old number ending ${f.oldPhone4}.`,
          (f, r) => `${sorry(f, r)} To remove the number ending ${f.oldPhone4}, I first need to verify it's you: what was your last order number?`,
        ],
      ],
      [
        [
          (f, r) => `Nothing in spam for ${f.email} either.`,
          (f, r) => `Thanks for checking ${f.email}. I've sent a fresh reset link from a different sender; it's valid for 60 minutes.`,
        ],
        [
          (f, r) => `Please send a link. Order ${f.order} is stuck in my cart.`,
          (f, r) => `I've unlocked the account and sent a sign-in link to ${f.email}. Your cart with ${f.order} is still saved.`,
        ],
        [
          (f, r) => `The last order was ${f.order}, the ${f.product}.`,
          (f, r) => `${f.order} matches, thank you. I've removed the old number, so you can add your new one under Settings > Security.`,
        ],
      ],
      [
        [
          (f, r) => `Got the link at ${f.email}, I'm in. Thanks!`,
          (f, r) => `Glad you're back in, ${f.first}. I'd suggest turning on two-step sign-in for ${f.email} under Settings > Security.`,
        ],
        [
          (f, r) => `The link says expired already. I clicked it at ${f.clickedAt}.`,
          (f, r) => `Sorry, the link you opened at ${f.clickedAt} was issued before the unlock. I've sent another to ${f.email}; this one will work.`,
        ],
        [
          (f, r) => `Done, new number added and the code for ${f.order}'s checkout came through.`,
          (f, r) => `You're welcome, ${f.first}. Codes will now go to the new number, and ${f.order} can be checked out as usual.`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `I think someone else got into my account — there's an order I didn't place, ${f.newOrder}. I need a person now.`,
        (f, r) => `That needs our security team, ${f.first}. I've put a hold on ${f.newOrder} and escalated the account; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `None of your links work and I've tried five times. Please have someone contact me about ${f.email}.`,
        (f, r) => `I'm sorry, ${f.first}. I've escalated sign-in for ${f.email} to our security team; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `My email was changed to something else without me, I only know my old one ${f.email}. I want a human to lock this account.`,
        (f, r) => `I've locked the account behind ${f.email} and escalated it to security; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName} (${f.email}) cannot sign in: reset links or codes failing, or a suspected takeover (unrecognized order ${f.newOrder}). Asked for a person after ${n} messages.`,
  },
  {
    issueType: "membership_cancellation",
    exchanges: [
      [
        [
          (f, r) => `${hi(f, r)}, I'd like to cancel my ${f.plan} membership.`,
          (f, r) => `${r.pick(["I can help with that", "Sure, I can do that here"])}, ${f.first}. Your ${f.plan} membership renewed on ${f.chargeDate} for ${f.fee}, so you're eligible for a full refund if you cancel now. Shall I go ahead?`,
        ],
        [
          (f, r) => `How do I cancel ${f.plan}? I was charged ${f.fee} on ${f.chargeDate} and would rather just use it until it runs out.`,
          (f, r) => `I can do that here, ${f.first}. I can switch off renewal so the ${f.plan} membership you paid ${f.fee} for on ${f.chargeDate} runs to the end of its term. Shall I?`,
        ],
        [
          (f, r) => `${hi(f, r)}. Please cancel my membership, I'm moving abroad before ${f.needBy}.`,
          (f, r) => `No problem, ${f.first}. Since ${f.plan} renewed on ${f.chargeDate}, I can cancel it before you move on ${f.needBy} and refund the ${f.fee}. Which card should get it?`,
        ],
      ],
      [
        [
          (f, r) => `Yes, cancel now and refund the ${f.fee}.`,
          (f, r) => `Done. ${f.plan} is canceled and ${f.fee} is refunded under ${f.refundId}.`,
        ],
        [
          (f, r) => `Yes, keep it until the end of the term, just stop it renewing after ${f.chargeDate} next year.`,
          (f, r) => `Auto-renew is off; ${f.plan} stays active until the term ends and nothing more will be charged after ${f.chargeDate}.`,
        ],
        [
          (f, r) => `The card ending ${f.last4}, please.`,
          (f, r) => `Canceled, and refund ${f.refundId} (${f.fee}) goes to the card ending ${f.last4}.`,
        ],
      ],
      [
        [
          (f, r) => `Thanks. Will my open order ${f.order} still ship free?`,
          (f, r) => `Yes, ${f.order} was placed while ${f.plan} was active, so its free shipping stands.`,
        ],
        [
          (f, r) => `Do I lose my saved addresses like ${f.street}?`,
          (f, r) => `No, ${f.street} and your other saved addresses stay on the account.`,
        ],
        [
          (f, r) => `Can I get an email confirming ${f.refundId}?`,
          (f, r) => `Yes, the confirmation for ${f.refundId} is on its way to ${f.email}.`,
        ],
      ],
    ],
    escalation: [
      [
        (f, r) => `I canceled ${f.plan} last month and was still charged ${f.fee}. I want someone to ${reachMe(f)}.`,
        (f, r) => `I'm sorry, ${f.first}. I've escalated the ${f.plan} cancellation and the ${f.fee} charge; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `The site wouldn't let me cancel and now it's renewed for ${f.fee}. Please get a person on this.`,
        (f, r) => `That shouldn't happen. I've escalated the ${f.fee} renewal to member care; ${handover(f, r)}.`,
      ],
      [
        (f, r) => `I'd like a manager to explain why ${f.fee} was taken after I canceled.`,
        (f, r) => `I've asked a manager to review the ${f.fee} charge on ${f.chargeDate}; ${handover(f, r)}.`,
      ],
    ],
    context: (f, n) =>
      `Member ${f.fullName} wants ${f.plan} membership canceled; renewal ${f.fee} charged ${f.chargeDate} to card ending ${f.last4}. Asked for a person after ${n} messages.`,
  },
];

/** The turns of a conversation on `topic`: `exchanges` exchanges (the last one the escalation when escalated). */
export function dialogue(topic: Topic, f: Facts, r: Rng, exchanges: number, escalated: boolean): { role: "user" | "assistant"; content: string }[] {
  const branch = r.int(0, 5);
  const played = escalated ? [...topic.exchanges.slice(0, exchanges - 1), topic.escalation] : topic.exchanges.slice(0, exchanges);
  const turns: { role: "user" | "assistant"; content: string }[] = [];
  for (const exchange of played) {
    const [member, assistant] = exchange[branch % exchange.length] as Pair;
    turns.push({ role: "user", content: member(f, r) }, { role: "assistant", content: assistant(f, r) });
  }
  return turns;
}

/** The issue types an escalation may carry (the topics' ones). */
export const ISSUE_TYPES = TOPICS.map((t) => t.issueType);
