// Calendar months as the core writes them ("YYYY-MM", UTC), for the MRR and revenue ranges.

import { userLocale } from "../lib/format";

/** The longest range the core accepts (its `MonthRange` limit). */
export const MAX_RANGE_MONTHS = 1200;

/** The range both revenue reports open with: the last 24 months, this one included. */
export const DEFAULT_RANGE_MONTHS = 24;

export type MonthRange = { from: string; to: string };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months since year 0 for a "YYYY-MM", or null when it is not one. */
function ordinal(month: string): number | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function fromOrdinal(n: number): string {
  const y = Math.floor(n / 12);
  const m = n - y * 12 + 1;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
}

/** The UTC calendar month of an instant. */
export function monthOf(now: Date): string {
  return fromOrdinal(now.getUTCFullYear() * 12 + now.getUTCMonth());
}

/** `month` moved by `n` months (negative: back). */
export function addMonths(month: string, n: number): string {
  const o = ordinal(month);
  if (o === null) throw new Error(`not a month: ${month}`);
  return fromOrdinal(o + n);
}

/** The last `months` months up to the month of `now`, both ends included. */
export function lastMonths(now: Date, months = DEFAULT_RANGE_MONTHS): MonthRange {
  const to = monthOf(now);
  return { from: addMonths(to, -(months - 1)), to };
}

/** How many months `from`..`to` spans (both included), or null when either is not a month. */
export function monthCount(range: MonthRange): number | null {
  const a = ordinal(range.from);
  const b = ordinal(range.to);
  return a === null || b === null ? null : b - a + 1;
}

/** Why the core would refuse this range (mirrors `MonthRange::new`), or null when it is fine. */
export function rangeProblem(range: MonthRange): string | null {
  if (ordinal(range.from) === null) return "Choose the first month.";
  if (ordinal(range.to) === null) return "Choose the last month.";
  const n = monthCount(range) ?? 0;
  if (n < 1) return "The first month comes after the last one.";
  if (n > MAX_RANGE_MONTHS) return `A range can span at most ${MAX_RANGE_MONTHS} months.`;
  return null;
}

/** "2026-11" → "Nov 2026" in the user's locale (the month as such, no zone shift). */
export function formatMonth(month: string, locale = userLocale()): string {
  const o = ordinal(month);
  if (o === null) return month;
  const d = new Date(Date.UTC(Math.floor(o / 12), o % 12, 1));
  return d.toLocaleDateString(locale, { year: "numeric", month: "short", timeZone: "UTC" });
}

/** "2026-11" → "Nov ’26", for chart axes. */
export function formatMonthShort(month: string, locale = userLocale()): string {
  const o = ordinal(month);
  if (o === null) return month;
  const d = new Date(Date.UTC(Math.floor(o / 12), o % 12, 1));
  const name = d.toLocaleDateString(locale, { month: "short", timeZone: "UTC" });
  return `${name} ’${String(Math.floor(o / 12)).slice(-2)}`;
}
