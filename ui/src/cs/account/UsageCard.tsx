import { useCallback } from "react";
import type { UsagePoint } from "../../bindings";
import { Chart, type ChartPalette } from "../../components/Chart";
import { formatCompact, formatCount } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-03" → "Nov 3"; "2026-11" → "Nov ’26". */
export function periodLabel(period: string): string {
  const [y, m, d] = period.split("-");
  const month = MONTHS[Number(m) - 1] ?? m ?? "";
  return d === undefined ? `${month} ’${(y ?? "").slice(2)}` : `${month} ${Number(d)}`;
}

function baseOption(p: ChartPalette, labels: string[]) {
  return {
    animation: false,
    textStyle: { fontFamily: p.font, color: p.muted },
    legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 8, itemGap: 12, textStyle: { color: p.muted, fontSize: 11 } },
    tooltip: {
      trigger: "axis",
      backgroundColor: p.panel,
      borderColor: p.border,
      textStyle: { color: p.text, fontSize: 12 },
      valueFormatter: (v: unknown) => (typeof v === "number" ? formatCount(v) : String(v)),
    },
    xAxis: {
      type: "category",
      data: labels,
      axisLine: { lineStyle: { color: p.border } },
      axisTick: { show: false },
      axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
    },
  };
}

function valueAxis(p: ChartPalette, position: "left" | "right", grid: boolean) {
  return {
    type: "value",
    position,
    splitLine: { show: grid, lineStyle: { color: p.border, type: "dashed" } },
    axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => formatCompact(v) },
  };
}

/** Daily e-mails sent (bars) with replies and bounces (lines), and the last 12 months. */
export function UsageCard({ daily, monthly }: { daily: UsagePoint[]; monthly: UsagePoint[] }) {
  const dailyOption = useCallback(
    (p: ChartPalette) => ({
      ...baseOption(p, daily.map((u) => periodLabel(u.period))),
      grid: { left: 40, right: 40, top: 28, bottom: 22 },
      // Replies and bounces are a fraction of what is sent: their own scale, on the right.
      yAxis: [valueAxis(p, "left", true), valueAxis(p, "right", false)],
      series: [
        { name: "E-mails sent", type: "bar", data: daily.map((u) => u.emailsSent), itemStyle: { color: p.accent, opacity: 0.55 }, barCategoryGap: "25%" },
        { name: "Replies", type: "line", yAxisIndex: 1, data: daily.map((u) => u.replies), symbol: "none", lineStyle: { width: 1.6, color: p.ok }, itemStyle: { color: p.ok } },
        { name: "Bounces", type: "line", yAxisIndex: 1, data: daily.map((u) => u.bounces), symbol: "none", lineStyle: { width: 1.6, color: p.danger }, itemStyle: { color: p.danger } },
      ],
    }),
    [daily],
  );
  const monthlyOption = useCallback(
    (p: ChartPalette) => ({
      ...baseOption(p, monthly.map((u) => periodLabel(u.period))),
      grid: { left: 40, right: 40, top: 28, bottom: 22 },
      yAxis: [valueAxis(p, "left", true), valueAxis(p, "right", false)],
      series: [
        { name: "E-mails sent", type: "bar", data: monthly.map((u) => u.emailsSent), itemStyle: { color: p.accent, opacity: 0.55 }, barCategoryGap: "30%" },
        { name: "Replies", type: "line", yAxisIndex: 1, data: monthly.map((u) => u.replies), symbol: "circle", symbolSize: 4, lineStyle: { width: 1.6, color: p.ok }, itemStyle: { color: p.ok } },
      ],
    }),
    [monthly],
  );
  const sent30 = daily.slice(-30).reduce((n, u) => n + u.emailsSent, 0);
  return (
    <Card title="Usage" meta={daily.length > 0 ? `${formatCount(sent30)} e-mails in the last 30 days` : undefined} testId="usage-card">
      {daily.length === 0 && monthly.length === 0 ? (
        <CardEmpty>No usage recorded yet.</CardEmpty>
      ) : (
        <div className="usage-charts">
          <div>
            <div className="chart-caption">Daily, last 90 days</div>
            <Chart option={dailyOption} height={190} label="Daily e-mails sent, replies and bounces over the last 90 days" testId="usage-daily-chart" />
          </div>
          <div>
            <div className="chart-caption">Monthly, last 12 months</div>
            <Chart option={monthlyOption} height={190} label="Monthly e-mails sent and replies over the last 12 months" testId="usage-monthly-chart" />
          </div>
        </div>
      )}
    </Card>
  );
}
