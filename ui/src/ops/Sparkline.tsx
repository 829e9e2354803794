// A service's p95 over the window as a tiny line in the health table, drawn with ECharts
// through the shared Chart wrapper, so a trend reads at a glance without opening the service.
import { useCallback } from "react";
import type { MetricPoint } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";

type Props = {
  series: readonly MetricPoint[];
  /** The latency objective, ms: points above it are drawn in the warning colour. */
  target: number | null;
  label: string;
};

export function Sparkline({ series, target, label }: Props) {
  const option = useCallback(
    (p: ChartPalette) => {
      const values = series.map((m) => m.p95Ms);
      const worst = values.reduce<number>((a, v) => (v === null ? a : Math.max(a, v)), 0);
      const over = target !== null && worst > target;
      return {
        animation: false,
        grid: { left: 1, right: 1, top: 2, bottom: 2 },
        xAxis: { type: "category", show: false, data: series.map((m) => m.at), boundaryGap: false },
        yAxis: { type: "value", show: false, min: 0 },
        tooltip: { show: false },
        series: [
          {
            type: "line",
            data: values,
            symbol: "none",
            connectNulls: false,
            lineStyle: { width: 1.2, color: over ? p.warn : p.accent },
            areaStyle: { color: over ? p.warn : p.accent, opacity: 0.12 },
          },
        ],
      };
    },
    [series, target],
  );
  if (series.every((m) => m.p95Ms === null)) return <span className="faint">—</span>;
  return <Chart option={option} height={22} label={label} testId="health-sparkline" />;
}
