// A bar chart of escalation counts under labels (categories or weeks), repeats stacked on top of
// first-time escalations in the warning colour, drawn with ECharts through the shared wrapper.
import { useCallback } from "react";
import type { PatternCount } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";
import { formatCount } from "../lib/format";

type Props = {
  counts: readonly PatternCount[];
  /** Turns a label into its axis word (a week's Monday as "Nov 2"). */
  labelOf: (label: string) => string;
  title: string;
  testId: string;
};

export function PatternBars({ counts, labelOf, title, testId }: Props) {
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 8, textStyle: { color: p.muted, fontSize: 11 } },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        backgroundColor: p.panel,
        borderColor: p.border,
        textStyle: { color: p.text, fontSize: 12 },
        valueFormatter: (v: unknown) => (typeof v === "number" ? formatCount(v) : "—"),
      },
      grid: { left: 34, right: 8, top: 26, bottom: 36 },
      xAxis: {
        type: "category",
        data: counts.map((c) => labelOf(c.label)),
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.faint, fontSize: 10, interval: 0, rotate: counts.length > 8 ? 35 : 0 },
      },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: p.border, type: "dashed" } }, axisLabel: { color: p.faint, fontSize: 10 } },
      series: [
        { name: "First time", type: "bar", stack: "n", data: counts.map((c) => c.count - c.repeats), itemStyle: { color: p.accent }, barMaxWidth: 28 },
        { name: "Repeats", type: "bar", stack: "n", data: counts.map((c) => c.repeats), itemStyle: { color: p.warn }, barMaxWidth: 28 },
      ],
    }),
    [counts, labelOf],
  );
  return (
    <section className="ops-chart" data-testid={testId}>
      <h4 className="section-label">{title}</h4>
      {counts.length === 0 ? <p className="field-hint">No escalations yet.</p> : <Chart option={option} height={200} label={title} testId={`${testId}-canvas`} />}
    </section>
  );
}
