// The rules seeded data keeps (issue 27), as pure functions over rows read once: `supastack seed
// --check` runs them on a database, the seed tests run the same functions on the generators' rows.
// A rule never connects to anything; it reads a table (its column names, optional PostgreSQL types,
// rows as arrays) and returns findings that name the table, the column and the bad value.
import { type CheckContext, type CheckedTable, type Finding, ISO_TIME, timeOf } from "../../seedkit/checks";
import { tailRatio } from "../../seedkit/distributions";
import { isFictionalPhone } from "../../seedkit/phones";

export type { CheckContext, CheckedTable, Finding };

export interface Rule {
  name: string;
  description: string;
  check(table: CheckedTable, ctx: CheckContext): Finding[];
}

/** One finding per column with at least one bad value (`bad` says why a value is bad, or null when it is fine). */
function perColumn(rule: string, table: CheckedTable, columns: number[], bad: (v: unknown) => string | null): Finding[] {
  const out: Finding[] = [];
  for (const c of columns) {
    let count = 0;
    const examples: string[] = [];
    for (const row of table.rows) {
      const v = row[c];
      if (v === null || v === undefined || v === "") continue;
      const why = bad(v);
      if (why === null) continue;
      count++;
      if (examples.length < 3) examples.push(why);
    }
    if (count > 0) out.push({ rule, table: table.name, column: table.columns[c] as string, count, examples });
  }
  return out;
}

const every = (t: CheckedTable) => t.columns.map((_, i) => i);
const named = (t: CheckedTable, re: RegExp) => every(t).filter((i) => re.test(t.columns[i] as string));

/** RFC 2606 / RFC 6761: domains that can never reach a person. */
export function isReservedEmail(text: string): boolean {
  const at = text.lastIndexOf("@");
  if (at <= 0) return false;
  const domain = text.slice(at + 1).toLowerCase();
  return ["example.com", "example.org", "example.net"].includes(domain) || /\.(test|example|invalid|localhost)$/.test(domain) || ["test", "example", "invalid", "localhost"].includes(domain);
}

/** RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and RFC 3849 (2001:db8::/32): addresses for documentation only. */
export function isDocumentationIp(text: string): boolean {
  const addr = text.split("/")[0]?.toLowerCase() ?? "";
  if (/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/.test(addr)) return Number(addr.split(".")[3]) <= 255;
  return /^2001:0?db8(:|$)/.test(addr);
}

export const noTimeAfterNow: Rule = {
  name: "no-time-after-now",
  description: "every time is at or before the seed's now (history before it, nothing after it)",
  check: (t, ctx) =>
    perColumn("no-time-after-now", t, every(t), (v) => {
      const ms = timeOf(v);
      return ms !== null && ms > ctx.now ? new Date(ms).toISOString() : null;
    }),
};

export const fictionalPhones: Rule = {
  name: "fictional-phones",
  description: "phone numbers are E.164 NANP 555-0100..0199 behind a real US area code",
  check: (t) => perColumn("fictional-phones", t, named(t, /(^|_)phone(_number)?$/), (v) => (typeof v === "string" && !isFictionalPhone(v) ? v : null)),
};

export const reservedEmails: Rule = {
  name: "reserved-emails",
  description: "email addresses are on reserved domains (example.com/.org/.net, *.test; RFC 2606)",
  check: (t) => perColumn("reserved-emails", t, named(t, /(^|_)email$/), (v) => (typeof v === "string" && !isReservedEmail(v) ? v : null)),
};

export const documentationIps: Rule = {
  name: "documentation-ips",
  description: "IP addresses are in the documentation ranges (RFC 5737, RFC 3849)",
  check: (t) => {
    const cols = every(t).filter((i) => t.types?.[i] === "inet" || /(^|_)ip(_address)?$/.test(t.columns[i] as string));
    return perColumn("documentation-ips", t, cols, (v) => (!isDocumentationIp(String(v)) ? String(v) : null));
  },
};

/** Free text: prose (with spaces, 40+ characters on average) in a column of at least 100 values. */
const FREE_TEXT_MIN_VALUES = 100;
const FREE_TEXT_MIN_LENGTH = 40;
export const FREE_TEXT_DISTINCT = 0.9;

export const distinctFreeText: Rule = {
  name: "distinct-free-text",
  description: `free-text columns are at least ${FREE_TEXT_DISTINCT * 100}% distinct`,
  check: (t, ctx) => {
    const out: Finding[] = [];
    const bare = t.name.slice(t.name.indexOf(".") + 1);
    every(t).forEach((c) => {
      if (ctx.repeatedText?.has(`${bare}.${t.columns[c]}`)) return;
      if (t.types && t.types[c] !== "text" && t.types[c] !== "character varying") return;
      const values: string[] = [];
      for (const row of t.rows) {
        const v = row[c];
        if (typeof v === "string" && !ISO_TIME.test(v)) values.push(v);
      }
      if (values.length < FREE_TEXT_MIN_VALUES) return;
      const prose = values.filter((v) => v.includes(" "));
      const avg = values.reduce((n, v) => n + v.length, 0) / values.length;
      if (prose.length < values.length / 2 || avg < FREE_TEXT_MIN_LENGTH) return;
      const distinct = new Set(values).size / values.length;
      if (distinct < FREE_TEXT_DISTINCT) {
        out.push({ rule: "distinct-free-text", table: t.name, column: t.columns[c] as string, count: values.length, examples: [`${(distinct * 100).toFixed(1)}% distinct`] });
      }
    });
    return out;
  },
};

/** Enough values for a distribution to say something about the data, not about chance. */
const DISTRIBUTION_MIN_VALUES = 200;

/** Times have seconds: no more than this share of a timestamp column falls on a whole minute. */
export const WHOLE_MINUTE_SHARE = 0.1;

export const timesWithSeconds: Rule = {
  name: "times-with-seconds",
  description: `timestamps carry seconds (at most ${WHOLE_MINUTE_SHARE * 100}% of a column on a whole minute)`,
  check: (t) => {
    const out: Finding[] = [];
    every(t).forEach((c) => {
      const ms: number[] = [];
      for (const row of t.rows) {
        const v = timeOf(row[c]);
        if (v !== null) ms.push(v);
      }
      if (ms.length < DISTRIBUTION_MIN_VALUES) return;
      const whole = ms.filter((m) => m % 60_000 === 0).length;
      if (whole / ms.length > WHOLE_MINUTE_SHARE) out.push({ rule: "times-with-seconds", table: t.name, column: t.columns[c] as string, count: whole, examples: [`${((whole / ms.length) * 100).toFixed(0)}% on a whole minute`] });
    });
    return out;
  },
};

/**
 * Durations and waits are long-tailed: the 99th percentile is at least this many times the median
 * (tailRatio: a uniform spread reaches at most 2). A tail ratio, unlike skewness, also holds for a
 * mixture such as a dialer's short unanswered attempts beside its completed calls.
 */
export const MIN_TAIL_RATIO = 2.2;
const DURATION_COLUMN = /(^|_)(duration|wait|resolution_time|queue_time)(_seconds|_ms)?$/;
/** Pairs of times whose difference is a wait or a run: [from, to]. */
const SPANS: readonly (readonly [string, string])[] = [
  ["created_at", "started_at"],
  ["started_at", "completed_at"],
  ["started_at", "ended_at"],
  ["requested_at", "responded_at"],
];

export const longTailedDurations: Rule = {
  name: "long-tailed-durations",
  description: `durations and waits (columns named *duration*, *wait*, and spans such as started_at -> ended_at) are long-tailed: p99 >= ${MIN_TAIL_RATIO} x median`,
  check: (t) => {
    const out: Finding[] = [];
    const judge = (column: string, values: number[]) => {
      // A span that is always the same (a row created as it starts) is no wait at all.
      if (values.length < DISTRIBUTION_MIN_VALUES || values.every((v) => v === values[0])) return;
      const ratio = tailRatio(values);
      if (ratio < MIN_TAIL_RATIO) out.push({ rule: "long-tailed-durations", table: t.name, column, count: values.length, examples: [`p99 / median ${ratio.toFixed(2)}`] });
    };
    every(t).forEach((c) => {
      if (!DURATION_COLUMN.test(t.columns[c] as string)) return;
      judge(t.columns[c] as string, t.rows.map((row) => row[c]).filter((v): v is number => typeof v === "number"));
    });
    for (const [from, to] of SPANS) {
      const a = t.columns.indexOf(from);
      const b = t.columns.indexOf(to);
      if (a < 0 || b < 0) continue;
      const values: number[] = [];
      for (const row of t.rows) {
        const x = timeOf(row[a]);
        const y = timeOf(row[b]);
        if (x !== null && y !== null) values.push((y - x) / 1000);
      }
      judge(`${from} -> ${to}`, values);
    }
    return out;
  },
};

export const RULES: readonly Rule[] = [noTimeAfterNow, fictionalPhones, reservedEmails, documentationIps, distinctFreeText, timesWithSeconds, longTailedDurations];

/** Every rule over every table. */
export function checkTables(tables: readonly CheckedTable[], ctx: CheckContext, rules: readonly Rule[] = RULES): Finding[] {
  return tables.flatMap((t) => rules.flatMap((r) => r.check(t, ctx)));
}
