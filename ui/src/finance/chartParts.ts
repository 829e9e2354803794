import type { ChartPalette } from "../components/Chart";
import { formatCompact, formatMoney, fractionDigits } from "../lib/format";

/** Text placed into a chart's HTML tooltip. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The tooltip box in the theme's colours, as the account charts draw it. */
export function tooltipBox(p: ChartPalette) {
  return {
    backgroundColor: p.panel,
    borderColor: p.border,
    textStyle: { color: p.text, fontSize: 12 },
  };
}

/** A money value axis in major units of one currency ("12K"; the card says which currency). */
export function moneyAxis(p: ChartPalette, opts: { position?: "left" | "right"; grid?: boolean } = {}) {
  return {
    type: "value",
    position: opts.position ?? "left",
    splitLine: { show: opts.grid ?? true, lineStyle: { color: p.border, type: "dashed" } },
    axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => formatCompact(v) },
  };
}

/** A tooltip value (major units) back in the currency's own words. */
export function moneyTooltip(currency: string) {
  return (v: unknown) => (typeof v === "number" ? formatMoney(Math.round(v * 10 ** fractionDigits(currency)), currency) : String(v));
}

