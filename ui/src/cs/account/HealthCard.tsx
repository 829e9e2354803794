import { useCallback } from "react";
import type { Factor, FactorScore, HealthScore, TrendPoint } from "../../bindings";
import { Chart, type ChartPalette } from "../../components/Chart";
import { formatDay } from "../../lib/format";
import { asBand, BAND_LABELS } from "../format";
import { Trend } from "../HealthScore";
import { Card } from "../../components/Card";

export const FACTOR_LABELS: Record<Factor, string> = {
  usageTrend: "Usage trend",
  deliverability: "Deliverability",
  outcome: "Replies",
  billing: "Billing",
  support: "Support",
  engagement: "Engagement",
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The score, what each factor gave and cost (and why), and the last 90 days. */
export function HealthCard({ health, delta, trend }: { health: HealthScore; delta: number; trend: TrendPoint[] }) {
  const band = asBand(health.band);
  const totalWeight = health.factors.reduce((n, f) => n + f.weight, 0) || 1;
  const maxShare = Math.max(...health.factors.map((f) => f.weight / totalWeight), 0.0001);
  return (
    <Card title="Health" meta="why the score is what it is" testId="health-card" className="health-card">
      <div className="health-layout">
        <div className={`health-big band-${band}`} data-testid="health-score">
          <span className="health-number num">{health.score}</span>
          <span className="health-band">{BAND_LABELS[band]}</span>
          <span className="health-delta">
            {delta === 0 ? (
              <span className="muted">Steady over 4 weeks</span>
            ) : (
              <>
                <Trend delta={delta} /> <span className="muted">in 4 weeks</span>
              </>
            )}
          </span>
        </div>
        <ul className="factors" aria-label="Score factors">
          {health.factors.map((f) => (
            <FactorBar key={f.factor} factor={f} share={(100 * f.weight) / totalWeight} widthShare={f.weight / totalWeight / maxShare} />
          ))}
        </ul>
      </div>
      <TrendChart trend={trend} />
    </Card>
  );
}

function FactorBar({ factor, share, widthShare }: { factor: FactorScore; share: number; widthShare: number }) {
  const value = factor.value;
  const contribution = factor.contribution ?? 0;
  const fill = share > 0 ? Math.min(1, contribution / share) : 0;
  const tone = value === null ? "none" : value >= 0.75 ? "good" : value >= 0.45 ? "fair" : "poor";
  return (
    <li className="factor" data-factor={factor.factor}>
      <div className="factor-line">
        <span className="factor-name">{FACTOR_LABELS[factor.factor]}</span>
        <span className="factor-points num">
          {value === null ? <span className="faint">no data</span> : <>{round1(contribution)}</>}
          <span className="faint"> / {round1(share)}</span>
        </span>
      </div>
      <div className="factor-track" style={{ width: `${Math.max(18, widthShare * 100)}%` }} title={`${round1(contribution)} of ${round1(share)} points`}>
        <div className={`factor-fill tone-${tone}`} style={{ width: `${fill * 100}%` }} />
      </div>
      <div className="factor-detail">{factor.detail}</div>
    </li>
  );
}

function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      grid: { left: 30, right: 10, top: 10, bottom: 22 },
      tooltip: {
        trigger: "axis",
        backgroundColor: p.panel,
        borderColor: p.border,
        textStyle: { color: p.text, fontSize: 12 },
        valueFormatter: (v: unknown) => String(v),
      },
      xAxis: {
        type: "category",
        data: trend.map((t) => formatDay(t.day).replace(/, \d{4}$/, "")),
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
      },
      // Zoomed on the scores seen (a flat line at 90 tells nothing), never beyond 0–100.
      yAxis: {
        type: "value",
        min: Math.max(0, Math.floor((Math.min(...trend.map((t) => t.score)) - 10) / 10) * 10),
        max: 100,
        splitNumber: 3,
        splitLine: { lineStyle: { color: p.border, type: "dashed" } },
        axisLabel: { color: p.faint, fontSize: 10 },
      },
      series: [
        {
          name: "Score",
          type: "line",
          data: trend.map((t) => t.score),
          smooth: 0.25,
          symbol: "circle",
          symbolSize: 5,
          lineStyle: { width: 2, color: p.accent },
          itemStyle: { color: p.accent },
          areaStyle: { color: p.accent, opacity: 0.08 },
        },
      ],
    }),
    [trend],
  );
  if (trend.length === 0) return null;
  return (
    <div className="health-trend">
      <div className="chart-caption">Score, last 90 days</div>
      <Chart option={option} height={120} label="Health score over the last 90 days" testId="health-trend-chart" />
    </div>
  );
}
