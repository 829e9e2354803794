// A flag's week of evaluations laid out for its chart: the core sends each variant's hours
// sparsely (only hours with evaluations), the chart needs one column per hour with a value for
// every variant — zero evaluations where none were counted, no error rate where nothing ran.
// "off" (the tenants the flag answered off for) comes last. No React here (see the tests).
import type { VariantSeries } from "../bindings";
import { errorRate } from "./flagsFormat";

const HOUR_MS = 3_600_000;

/** One variant's line per hour: evaluations, and error rate in percent (null: none ran). */
export type VariantLine = { variant: string; evaluations: number[]; errorRatePct: (number | null)[] };

/** The chart's hours (ms since the epoch, oldest first) and each variant's line over them. */
export type HourGrid = { hours: number[]; lines: VariantLine[] };

/** The variants in the order they are drawn and listed: by name, "off" last. */
export function orderSeries(series: readonly VariantSeries[]): VariantSeries[] {
  return [...series].sort((a, b) => (a.variant === "off" ? 1 : 0) - (b.variant === "off" ? 1 : 0) || a.variant.localeCompare(b.variant));
}

/** Every hour from the first to the last evaluated, each variant's values on it. */
export function hourGrid(series: readonly VariantSeries[]): HourGrid {
  const ordered = orderSeries(series);
  let first = Infinity;
  let last = -Infinity;
  for (const s of ordered) {
    for (const h of s.hours) {
      const t = Date.parse(h.hour);
      if (Number.isNaN(t)) continue;
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  }
  if (!Number.isFinite(first)) return { hours: [], lines: [] };
  const hours: number[] = [];
  for (let t = first; t <= last; t += HOUR_MS) hours.push(t);
  const lines = ordered.map((s) => {
    const byHour = new Map<number, { evaluations: number; errors: number }>();
    for (const h of s.hours) byHour.set(Date.parse(h.hour), h);
    return {
      variant: s.variant,
      evaluations: hours.map((t) => byHour.get(t)?.evaluations ?? 0),
      errorRatePct: hours.map((t) => {
        const h = byHour.get(t);
        const rate = h === undefined ? null : errorRate(h.errors, h.evaluations);
        return rate === null ? null : Math.round(rate * 10_000) / 100;
      }),
    };
  });
  return { hours, lines };
}

/** Whether anything was evaluated in the window. */
export function anyEvaluations(series: readonly VariantSeries[]): boolean {
  return series.some((s) => s.evaluations > 0);
}
