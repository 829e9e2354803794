// One of a service's charts over the window (p95, error rate or throughput): a line in the
// theme's colours with the objective as a dashed markLine when there is one, drawn with ECharts
// through the shared Chart wrapper; says so in words when the window has no data.
import { useCallback } from "react";
import { Chart, type ChartPalette } from "../components/Chart";
import { formatCompact, userLocale } from "../lib/format";

type Props = {
  title: string;
  /** The points' times (ISO) and values (null: nothing recorded). */
  at: readonly string[];
  values: readonly (number | null)[];
  /** Formats a value for the axis and tooltip. */
  format: (v: number) => string;
  /** The objective, drawn as a markLine. */
  target?: { value: number; label: string } | null;
  /** The warning colour (errors) instead of the accent. */
  tone?: "accent" | "danger";
  area?: boolean;
  testId: string;
};

function timeLabel(iso: string): string {
  return new Date(iso).toLocaleString(userLocale(), { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function MetricChart({ title, at, values, format, target = null, tone = "accent", area = false, testId }: Props) {
  const option = useCallback(
    (p: ChartPalette) => {
      const colour = tone === "danger" ? p.danger : p.accent;
      return {
        animation: false,
        textStyle: { fontFamily: p.font, color: p.muted },
        tooltip: {
          trigger: "axis",
          backgroundColor: p.panel,
          borderColor: p.border,
          textStyle: { color: p.text, fontSize: 12 },
          valueFormatter: (v: unknown) => (typeof v === "number" ? format(v) : "—"),
        },
        grid: { left: 52, right: 14, top: 14, bottom: 22 },
        xAxis: {
          type: "category",
          data: at.map(timeLabel),
          boundaryGap: false,
          axisLine: { lineStyle: { color: p.border } },
          axisTick: { show: false },
          axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
        },
        yAxis: {
          type: "value",
          min: 0,
          splitLine: { lineStyle: { color: p.border, type: "dashed" } },
          axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => format(v) },
        },
        series: [
          {
            name: title,
            type: "line",
            data: values,
            symbol: "none",
            connectNulls: false,
            lineStyle: { width: 1.4, color: colour },
            itemStyle: { color: colour },
            ...(area ? { areaStyle: { color: colour, opacity: 0.12 } } : {}),
            ...(target === null
              ? {}
              : {
                  markLine: {
                    silent: true,
                    symbol: "none",
                    lineStyle: { color: p.warn, type: "dashed", width: 1 },
                    label: { color: p.warn, fontSize: 10, formatter: target.label, position: "insideEndTop" },
                    data: [{ yAxis: target.value }],
                  },
                }),
          },
        ],
      };
    },
    [at, values, format, target, tone, area, title],
  );
  const empty = values.every((v) => v === null || v === 0);
  return (
    <section className="ops-chart" data-testid={testId}>
      <h4 className="section-label">{title}</h4>
      {empty ? (
        <p className="field-hint" data-testid={`${testId}-empty`}>
          Nothing recorded in this window.
        </p>
      ) : (
        <Chart option={option} height={150} label={title} testId={`${testId}-canvas`} />
      )}
    </section>
  );
}

/** Axis words for a chart of counts. */
export const compact = (v: number) => formatCompact(v);
