// Pure rules of the KPI screen: the periods it offers (whole UTC days, as the core counts them:
// presets, or any two days checked before they are sent, and the core's refusal by field), how a figure's value reads (a rate with its share, a median with its p90, amounts per currency,
// or why there is no figure), and the families the cards are grouped in. No React here, so
// every rule is unit-tested in kpiFormat.test.ts.
import type { KpiFamily, KpiFigure, KpiPeriod, KpiValue } from "../bindings";
import { deskErrorOf } from "../lib/errors";
import { splitFieldErrors, type FieldErrors } from "../lib/fieldErrors";
import { formatCount, formatMoney, userLocale } from "../lib/format";

export const KPI_PRESETS = ["thisMonth", "lastMonth", "thisQuarter", "last30", "last90", "thisYear"] as const;
export type KpiPreset = (typeof KPI_PRESETS)[number];

export const PRESET_LABELS: Record<KpiPreset, string> = {
  thisMonth: "This month",
  lastMonth: "Last month",
  thisQuarter: "This quarter",
  last30: "Last 30 days",
  last90: "Last 90 days",
  thisYear: "This year",
};

/** What the period picker holds: a preset, or any period of whole days ("custom"). */
export type KpiChoice = KpiPreset | "custom";

export const CUSTOM_LABEL = "Custom…";

/** The fields of a period, as the core names them in a refusal. */
export const PERIOD_FIELDS = ["from", "to"] as const;

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The period a preset means on the UTC day of `now`, both ends included. */
export function presetPeriod(preset: KpiPreset, now: Date): KpiPeriod {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (preset) {
    case "thisMonth":
      return { from: day(y, m, 1), to: day(y, m + 1, 0) };
    case "lastMonth":
      return { from: day(y, m - 1, 1), to: day(y, m, 0) };
    case "thisQuarter": {
      const q = m - (m % 3);
      return { from: day(y, q, 1), to: day(y, q + 3, 0) };
    }
    case "last30":
      return { from: day(y, m, d - 29), to: day(y, m, d) };
    case "last90":
      return { from: day(y, m, d - 89), to: day(y, m, d) };
    case "thisYear":
      return { from: day(y, 0, 1), to: day(y, 11, 31) };
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written YYYY-MM-DD (what a date input gives). */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  return day(y, mo, d) === text && y >= 1;
}

/** A custom period checked before it is sent: the period, or what is wrong, by field. */
export type CustomPeriodCheck = { period: KpiPeriod; errors: null } | { period: null; errors: FieldErrors };

/** Checks the custom period's two days (both set, real days, the first not after the last). */
export function checkCustomPeriod(from: string, to: string): CustomPeriodCheck {
  const fields: Record<string, string[]> = {};
  if (from === "") fields.from = ["Choose the first day."];
  else if (!isDay(from)) fields.from = ["The first day is not a day (YYYY-MM-DD)."];
  if (to === "") fields.to = ["Choose the last day."];
  else if (!isDay(to)) fields.to = ["The last day is not a day (YYYY-MM-DD)."];
  if (fields.from === undefined && fields.to === undefined && from > to) fields.to = ["The period ends before it starts."];
  if (Object.keys(fields).length > 0) return { period: null, errors: { general: [], fields } };
  return { period: { from, to }, errors: null };
}

/**
 * The core's refusal of a period, by field (it names `from` or `to`); null for any other
 * failure (the local store, not signed in…), which is the screen's error, not the period's.
 */
export function periodRefusal(e: unknown): FieldErrors | null {
  const desk = deskErrorOf(e);
  return desk?.code === "invalidInput" ? splitFieldErrors(desk.message, PERIOD_FIELDS) : null;
}

/** A period's errors as the lines shown beside the two days: general first, then from, then to. */
export function periodErrorLines(errors: FieldErrors | null): string[] {
  if (errors === null) return [];
  return [...errors.general, ...(errors.fields.from ?? []), ...(errors.fields.to ?? [])];
}

/** Whether two periods are the same days. */
export function samePeriod(a: KpiPeriod, b: KpiPeriod): boolean {
  return a.from === b.from && a.to === b.to;
}

/** A duration in whole seconds as a short reading: "42 s", "4.5 min", "12 min", "5.2 h", "3.1 d". */
export function formatDuration(secs: number, locale = userLocale()): string {
  const n = (v: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  const a = Math.abs(secs);
  if (a < 60) return `${n(secs, 0)} s`;
  if (a < 90 * 60) return `${n(secs / 60, a < 600 ? 1 : 0)} min`;
  if (a < 48 * 3600) return `${n(secs / 3600, 1)} h`;
  return `${n(secs / 86400, 1)} d`;
}

/** A percentage with up to `digits` decimals: "97.5 %", "100 %". */
export function formatShare(percent: number, digits = 1, locale = userLocale()): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(percent)} %`;
}

/** How a figure reads on its card. */
export type FigureReading = {
  /** The big value ("97.5 %", "4.5 min"), or lines of amounts; null when there is no figure. */
  main: string[] | null;
  /** What the value is ("median"), beside it. */
  qualifier: string | null;
  /** The line under it: counts, p90. */
  detail: string;
  /** The bar's fill, 0–100, for shares; null for no bar. */
  bar: number | null;
  /** Whether the card is calm: no data, or not held for this member. */
  state: "value" | "noData" | "notAvailable";
};

/** The card's reading of a value. */
export function readFigure(value: KpiValue, locale = userLocale()): FigureReading {
  switch (value.kind) {
    case "rate":
      return {
        main: [formatShare(value.percent ?? 0, 1, locale)],
        qualifier: null,
        detail: `${formatCount(value.numerator, locale)} of ${formatCount(value.denominator, locale)}`,
        bar: clamp(value.percent ?? 0),
        state: "value",
      };
    case "percent":
      return {
        main: [formatShare(value.percent ?? 0, 2, locale)],
        qualifier: "average",
        detail: `${formatCount(value.samples, locale)} measured`,
        bar: clamp(value.percent ?? 0),
        state: "value",
      };
    case "duration":
      return {
        main: [formatDuration(value.medianSecs, locale)],
        qualifier: "median",
        detail: `p90 ${formatDuration(value.p90Secs, locale)} · ${formatCount(value.samples, locale)} measured`,
        bar: value.p90Secs > 0 ? clamp((100 * value.medianSecs) / value.p90Secs) : null,
        state: "value",
      };
    case "money":
      return {
        main: value.amounts.map((a) => formatMoney(a.minor, a.currency, locale === undefined ? {} : { locale })),
        qualifier: null,
        detail: `${formatCount(value.samples, locale)} ${value.samples === 1 ? "change" : "changes"}`,
        bar: null,
        state: "value",
      };
    case "noData":
      return { main: null, qualifier: null, detail: value.reason, bar: null, state: "noData" };
    case "notAvailable":
      return { main: null, qualifier: null, detail: value.reason, bar: null, state: "notAvailable" };
  }
}

function clamp(p: number): number {
  return Math.max(0, Math.min(100, p));
}

/** The families in screen order, with their headings. */
export const FAMILIES: { family: KpiFamily; title: string }[] = [
  { family: "people", title: "People & access" },
  { family: "operations", title: "Platform operations" },
  { family: "security", title: "Security" },
  { family: "customers", title: "Customers & revenue" },
];

/** The figures of each family, in the core's order; families without figures are left out. */
export function byFamily(figures: readonly KpiFigure[]): { family: KpiFamily; title: string; figures: KpiFigure[] }[] {
  return FAMILIES.map((f) => ({ ...f, figures: figures.filter((x) => x.family === f.family) })).filter((f) => f.figures.length > 0);
}
