// Pure formatting for the customer-success screens: money in minor units, day counts,
// health bands. No React here, so every rule is unit-tested in format.test.ts.

const DAY_MS = 24 * 60 * 60 * 1000;

let locale: string | undefined | null = null;

/**
 * The user's locale for numbers and dates: the browser's language when Intl knows it. Intl's
 * own default is the POSIX locale (no digit grouping: "$ 39648") when the desktop session sets
 * no LANG, as under Xvfb, and the browser's language may then be "c", which Intl refuses.
 */
export function userLocale(): string | undefined {
  if (locale !== null) return locale;
  const wanted = typeof navigator === "undefined" ? [] : [...navigator.languages, navigator.language];
  for (const tag of wanted) {
    try {
      const [known] = Intl.NumberFormat.supportedLocalesOf(tag.replace(/-u-va-posix$/i, ""));
      if (known !== undefined && !/^(c|posix)$/i.test(known)) return (locale = known);
    } catch {
      // Not a BCP 47 tag ("C", "POSIX"): try the next.
    }
  }
  const fallback = new Intl.NumberFormat().resolvedOptions().locale;
  locale = /-u-va-posix$/i.test(fallback) ? "en-US" : fallback;
  return locale;
}

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (USD 2, JPY 0, BHD 3); 2 for an unknown code. */
export function fractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  const known = digitsCache.get(code);
  if (known !== undefined) return known;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Not an ISO 4217 code Intl knows: assume cents.
  }
  digitsCache.set(code, digits);
  return digits;
}

export type MoneyOptions = {
  /** Round to whole units (for ARR in a dense table). */
  whole?: boolean;
  /** Locale for tests; the user's by default. */
  locale?: string;
};

/**
 * An amount held in minor units of `currency`, formatted with its symbol: 123456 USD is
 * "$1,234.56", 5000 JPY is "¥5,000". A missing currency shows the plain number.
 */
export function formatMoney(minor: number, currency: string | null, opts: MoneyOptions = {}): string {
  const locale = opts.locale ?? userLocale();
  if (currency === null || currency === "") {
    return new Intl.NumberFormat(locale).format(minor);
  }
  const digits = fractionDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: opts.whole ? 0 : digits,
      maximumFractionDigits: opts.whole ? 0 : digits,
    }).format(major);
  } catch {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(major)} ${currency}`;
  }
}

/** Midnight UTC of a YYYY-MM-DD day, or NaN. */
function dayValue(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The user's local calendar day of `now`, as midnight UTC (to compare with dayValue). */
function today(now: Date): number {
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Whole days from the user's today to `day` (negative: in the past); null if unparsable. */
export function daysFromToday(day: string, now: Date): number | null {
  const d = dayValue(day);
  if (Number.isNaN(d)) return null;
  return Math.round((d - today(now)) / DAY_MS);
}

/** "today", "yesterday", "12 d ago" for a past day; "never" for none. */
export function formatDaysAgo(day: string | null, now: Date): string {
  if (day === null) return "never";
  const n = daysFromToday(day, now);
  if (n === null) return "unknown";
  if (n > 0) return `in ${n} d`;
  if (n === 0) return "today";
  if (n === -1) return "yesterday";
  return `${-n} d ago`;
}

/** "in 19 days", "tomorrow", "today", "3 days ago" for a coming day. */
export function formatDaysUntil(day: string, now: Date): string {
  const n = daysFromToday(day, now);
  if (n === null) return "";
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  if (n < 0) return `${-n} days ago`;
  return `in ${n} days`;
}

/** A day (YYYY-MM-DD or an ISO timestamp) as "Dec 14, 2026", in the user's locale. */
export function formatDay(day: string | null, locale = userLocale()): string {
  if (day === null) return "—";
  const d = dayValue(day);
  if (Number.isNaN(d)) return day;
  return new Date(d).toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** A timestamp as "Nov 25, 2026, 14:05" in the user's zone. */
export function formatDateTime(iso: string | null, locale = userLocale()): string {
  if (iso === null) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

export type Band = "healthy" | "watch" | "atRisk";

export const BAND_LABELS: Record<Band, string> = {
  healthy: "Healthy",
  watch: "Watch",
  atRisk: "At risk",
};

/** A band name from the core, or "watch" for anything unknown. */
export function asBand(band: string): Band {
  return band === "healthy" || band === "atRisk" ? band : "watch";
}

/** "▲ 4", "▼ 12" or "–" for a score change. */
export function formatDelta(delta: number): { arrow: "up" | "down" | "flat"; text: string } {
  if (delta > 0) return { arrow: "up", text: `▲ ${delta}` };
  if (delta < 0) return { arrow: "down", text: `▼ ${-delta}` };
  return { arrow: "flat", text: "–" };
}

/** "Enterprise (annual)" → { name: "Enterprise", term: "annual" }; a name without a term stays whole. */
export function splitPlanName(planName: string): { name: string; term: string | null } {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(planName.trim());
  return m?.[1] !== undefined && m[2] !== undefined ? { name: m[1], term: m[2] } : { name: planName, term: null };
}

/** A snake_case or camelCase word from the core as a label: "past_due" → "Past due". */
export function humanize(word: string): string {
  const spaced = word.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A count with the user's grouping ("12,400"). */
export function formatCount(n: number, locale = userLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A compact count for chart axes ("12K", "1.2M"). */
export function formatCompact(n: number, locale = userLocale()): string {
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(n);
}
