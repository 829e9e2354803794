// Deployment success and rollback rates per service and month (finished deployments only), as a
// table, with a bar chart of one service's success rate by month when a service is chosen.
import { useCallback, useMemo } from "react";
import type { DeployRate } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { Chart, type ChartPalette } from "../components/Chart";
import { formatCount } from "../lib/format";
import { formatPercent, monthLabel } from "./opsFormat";

type Props = {
  rates: readonly DeployRate[];
  /** The service charted, or null (the table only). */
  service: string | null;
};

export function DeployRates({ rates, service }: Props) {
  const charted = useMemo(() => (service === null ? [] : rates.filter((r) => r.service === service).reverse()), [rates, service]);
  return (
    <Card title="Success and rollback rates" meta="finished deployments, by month" testId="deployment-rates">
      {rates.length === 0 ? (
        <CardEmpty>No deployment has finished yet.</CardEmpty>
      ) : (
        <div className="ops-rates">
          <div className="ops-rates-table">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Finished
                  </th>
                  <th scope="col" className="num">
                    Success
                  </th>
                  <th scope="col" className="num">
                    Rolled back
                  </th>
                </tr>
              </thead>
              <tbody>
                {rates.map((r) => (
                  <tr key={`${r.service}-${r.month}`} data-testid="deployment-rate" data-service={r.service} data-month={r.month}>
                    <td className="mono-small">{r.service}</td>
                    <td>{monthLabel(r.month)}</td>
                    <td className="num">{formatCount(r.finished)}</td>
                    <td className={`num${r.successRate !== null && r.successRate < 90 ? " negative" : ""}`}>{formatPercent(r.successRate, 0)}</td>
                    <td className={`num${(r.rollbackRate ?? 0) > 0 ? " attention" : " faint"}`}>{formatPercent(r.rollbackRate, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {service === null ? (
            <p className="field-hint">Choose a service to chart its success rate by month.</p>
          ) : charted.length === 0 ? (
            <p className="field-hint">{service} has no finished deployment yet.</p>
          ) : (
            <SuccessChart service={service} rates={charted} />
          )}
        </div>
      )}
    </Card>
  );
}

function SuccessChart({ service, rates }: { service: string; rates: readonly DeployRate[] }) {
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        backgroundColor: p.panel,
        borderColor: p.border,
        textStyle: { color: p.text, fontSize: 12 },
        valueFormatter: (v: unknown) => (typeof v === "number" ? `${v} %` : "—"),
      },
      grid: { left: 40, right: 8, top: 12, bottom: 22 },
      xAxis: { type: "category", data: rates.map((r) => monthLabel(r.month)), axisLine: { lineStyle: { color: p.border } }, axisTick: { show: false }, axisLabel: { color: p.faint, fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: 100, splitLine: { lineStyle: { color: p.border, type: "dashed" } }, axisLabel: { color: p.faint, fontSize: 10, formatter: "{value} %" } },
      series: [
        {
          name: "Success",
          type: "bar",
          barMaxWidth: 26,
          data: rates.map((r) => ({ value: r.successRate === null ? null : Math.round(r.successRate * 10) / 10, itemStyle: { color: (r.successRate ?? 100) < 90 ? p.warn : p.ok } })),
        },
      ],
    }),
    [rates],
  );
  return (
    <section className="ops-chart" data-testid="deployment-rates-chart">
      <h4 className="section-label">Success rate of {service}</h4>
      <Chart option={option} height={160} label={`Success rate of ${service} by month`} testId="deployment-rates-canvas" />
    </section>
  );
}
