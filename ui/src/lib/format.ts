// Pure formatting shared by every screen: money in integer minor units of its currency, days,
// counts and words from the core. No React here, so every rule is unit-tested in format.test.ts.

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

/**
 * ISO 4217 minor-unit exponents other than 2, mirrored from the core's `money::minor_unit_exponent`
 * (crates/desk-domain/src/money.rs): amounts arrive in those minor units, so the UI must divide by
 * exactly the same power of ten. Intl's own table differs for a few codes (IQD has 0 there).
 */
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** How many minor-unit digits a currency has (USD 2, JPY 0, BHD 3), as the core counts them; 2 for any other code. */
export function fractionDigits(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** An amount in minor units as a number of major units (for chart axes, never for sums across currencies). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** fractionDigits(currency);
}

export type MoneyOptions = {
  /** Round to whole units (for ARR in a dense table). */
  whole?: boolean;
  /** Show "+" before a rise as well as "-" before a fall (movements, differences). */
  signed?: boolean;
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
      signDisplay: opts.signed ? "exceptZero" : "auto",
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

/** Two days (YYYY-MM-DD or ISO timestamps, read as UTC days) as one range: "Nov 1 – Dec 1, 2026". */
export function formatDayRange(start: string | null, end: string | null, locale = userLocale()): string {
  if (start === null || end === null) return start === null ? formatDay(end, locale) : formatDay(start, locale);
  const a = dayValue(start);
  const b = dayValue(end);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return `${formatDay(start, locale)} – ${formatDay(end, locale)}`;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).formatRange(a, b);
}
