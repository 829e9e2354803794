// A flag's last 7 days in one environment: evaluations per variant per hour (stacked areas,
// "off" in grey) with each variant's error rate in percent on a second axis (dashed lines), and
// under it the week's totals per variant. Drawn with ECharts through the shared Chart wrapper
// (loaded with the first chart); says so when nothing evaluated the flag.
import { useCallback, useMemo } from "react";
import type { Environment, VariantSeries } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";
import { ReportLoading } from "../finance/parts";
import { formatCompact, formatCount, userLocale } from "../lib/format";
import { anyEvaluations, hourGrid, orderSeries } from "./flagChartData";
import { ErrorRate } from "./flagsParts";

/** Colours for the variants in order ("off" is always grey). */
const EXTRA_COLOURS = ["#0ea5e9", "#a855f7", "#ec4899", "#14b8a6"];

function colourOf(variant: string, index: number, p: ChartPalette): string {
  if (variant === "off") return p.faint;
  return [p.accent, p.ok, p.warn, ...EXTRA_COLOURS][index % (3 + EXTRA_COLOURS.length)] ?? p.accent;
}

/** "Nov 2, 14:00" in the user's zone. */
function hourLabel(t: number): string {
  return new Date(t).toLocaleString(userLocale(), { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

type Props = {
  environment: Environment;
  /** The environment's week per variant, or undefined while it is read. */
  series: readonly VariantSeries[] | undefined;
};

export function FlagChart({ environment, series }: Props) {
  const grid = useMemo(() => hourGrid(series ?? []), [series]);
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      // Only the variants: each one's dashed error line shares its colour.
      legend: {
        top: 0,
        left: 0,
        data: grid.lines.map((l) => l.variant),
        itemWidth: 10,
        itemHeight: 8,
        itemGap: 10,
        textStyle: { color: p.muted, fontSize: 11 },
      },
      tooltip: {
        trigger: "axis",
        backgroundColor: p.panel,
        borderColor: p.border,
        textStyle: { color: p.text, fontSize: 12 },
      },
      grid: { left: 40, right: 40, top: 28, bottom: 22 },
      xAxis: {
        type: "category",
        data: grid.hours.map(hourLabel),
        boundaryGap: false,
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
      },
      yAxis: [
        {
          type: "value",
          splitLine: { lineStyle: { color: p.border, type: "dashed" } },
          axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => formatCompact(v) },
        },
        {
          type: "value",
          min: 0,
          splitLine: { show: false },
          axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => `${v} %` },
        },
      ],
      series: [
        ...grid.lines.map((l, i) => ({
          name: l.variant,
          type: "line",
          stack: "evaluations",
          data: l.evaluations,
          symbol: "none",
          lineStyle: { width: 1.2, color: colourOf(l.variant, i, p) },
          itemStyle: { color: colourOf(l.variant, i, p) },
          areaStyle: { color: colourOf(l.variant, i, p), opacity: l.variant === "off" ? 0.18 : 0.3 },
          tooltip: { valueFormatter: (v: unknown) => (typeof v === "number" ? formatCount(v) : "—") },
        })),
        ...grid.lines.map((l, i) => ({
          name: `${l.variant} errors %`,
          type: "line",
          yAxisIndex: 1,
          data: l.errorRatePct,
          connectNulls: false,
          symbol: "none",
          lineStyle: { width: 1, type: "dashed", color: colourOf(l.variant, i, p) },
          itemStyle: { color: colourOf(l.variant, i, p) },
          tooltip: { valueFormatter: (v: unknown) => (typeof v === "number" ? `${v} %` : "—") },
        })),
      ],
    }),
    [grid],
  );

  return (
    <section className="pane-section flag-chart" aria-label="Evaluations" data-testid="flag-chart" data-env={environment}>
      <h4 className="section-label">Evaluations in {environment}, last 7 days</h4>
      {series === undefined ? (
        <ReportLoading label="Reading the evaluations…" testId="flag-chart-loading" />
      ) : !anyEvaluations(series) ? (
        <p className="field-hint" data-testid="flag-chart-empty">
          Not evaluated in the last 7 days.
        </p>
      ) : (
        <>
          <p className="field-hint">Areas: evaluations per hour (left axis). Dashed lines: each variant's error rate (right axis).</p>
          <Chart option={option} height={200} label={`Evaluations per variant per hour in ${environment} over the last 7 days, with each variant's error rate`} testId="flag-chart-canvas" />
          <table className="table table-compact flag-variant-table" data-testid="flag-variant-table">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col" className="num">
                  Evaluations
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col" className="num">
                  Error rate
                </th>
              </tr>
            </thead>
            <tbody>
              {orderSeries(series).map((s) => (
                <tr key={s.variant} data-testid="flag-variant-stats" data-variant={s.variant}>
                  <td className={`mono-small${s.variant === "off" ? " faint" : ""}`}>{s.variant}</td>
                  <td className="num">{formatCount(s.evaluations)}</td>
                  <td className="num">{formatCount(s.errors)}</td>
                  <td className="num">
                    <ErrorRate errors={s.errors} evaluations={s.evaluations} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
