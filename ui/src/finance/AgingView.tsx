import { CircleCheck } from "lucide-react";
import { useCallback, useMemo } from "react";
import type { AgingRow } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";
import { Spinner } from "../components/Spinner";
import { formatCount, formatMoney } from "../lib/format";
import { useNav } from "../lib/nav";
import { ExportButtons } from "./ExportButtons";
import { useFinanceState } from "./financeState";
import { ReportEmpty, ReportError, ReportLoading } from "./parts";
import { useAging } from "./queries";
import { escapeHtml, tooltipBox } from "./chartParts";

type Bucket = { key: keyof Pick<AgingRow, "currentMinor" | "days130Minor" | "days3160Minor" | "days6190Minor" | "over90Minor">; label: string };

/** The age buckets, youngest first. */
export const AGING_BUCKETS: Bucket[] = [
  { key: "currentMinor", label: "Current" },
  { key: "days130Minor", label: "1–30 days" },
  { key: "days3160Minor", label: "31–60 days" },
  { key: "days6190Minor", label: "61–90 days" },
  { key: "over90Minor", label: "90+ days" },
];

function bucketColour(p: ChartPalette, i: number): { color: string; opacity: number } {
  return [
    { color: p.ok, opacity: 0.75 },
    { color: p.accent, opacity: 0.6 },
    { color: p.warn, opacity: 0.7 },
    { color: p.danger, opacity: 0.55 },
    { color: p.danger, opacity: 0.95 },
  ][i] ?? { color: p.faint, opacity: 1 };
}

/** What is owed, by how late it is, one row per currency (never added across currencies). */
export function AgingView() {
  const aging = useAging();
  const nav = useNav();
  const { setInvoiceFilter } = useFinanceState();
  const rows = useMemo(() => aging.data ?? [], [aging.data]);

  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 8, itemGap: 12, textStyle: { color: p.muted, fontSize: 11 } },
      grid: { left: 48, right: 16, top: 28, bottom: 22 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        ...tooltipBox(p),
        formatter: (params: { dataIndex: number }[]) => {
          const row = rows[params[0]?.dataIndex ?? -1];
          if (!row) return "";
          const lines = AGING_BUCKETS.map((b) => `${b.label}: <b>${escapeHtml(formatMoney(row[b.key], row.currency))}</b>`);
          return [`<b>${escapeHtml(row.currency)}</b> · ${escapeHtml(formatMoney(row.totalMinor, row.currency))}`, ...lines].join("<br/>");
        },
      },
      // Each currency is its own bar, as shares of its own total: amounts in different
      // currencies are never drawn on one scale.
      xAxis: {
        type: "value",
        max: 100,
        splitLine: { lineStyle: { color: p.border, type: "dashed" } },
        axisLabel: { color: p.faint, fontSize: 10, formatter: (v: number) => `${v}%` },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => r.currency),
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.text, fontSize: 11 },
      },
      series: AGING_BUCKETS.map((b, i) => {
        const c = bucketColour(p, i);
        return {
          name: b.label,
          type: "bar",
          stack: "aging",
          barMaxWidth: 22,
          itemStyle: { color: c.color, opacity: c.opacity },
          data: rows.map((r) => (r.totalMinor > 0 ? (100 * r[b.key]) / r.totalMinor : 0)),
        };
      }),
    }),
    [rows],
  );

  const openInvoices = (currency: string) => {
    setInvoiceFilter((f) => ({ ...f, currency, statuses: ["open", "uncollectible"], overdueOnly: false }));
    nav.openFinance("invoices");
  };

  return (
    <div className="finance-report" data-testid="aging-view">
      <div className="finance-toolbar">
        <div className="book-summary muted">
          {aging.isFetching && aging.data !== undefined ? <Spinner size={12} /> : null}
          {aging.data === undefined ? null : (
            <span className="num">
              {formatCount(rows.reduce((n, r) => n + r.invoices, 0))} open invoices in {rows.length} {rows.length === 1 ? "currency" : "currencies"}
            </span>
          )}
        </div>
        <div className="finance-actions">
          <ExportButtons request={{ report: "aging" }} disabled={rows.length === 0} />
        </div>
      </div>
      {aging.isError ? <ReportError title="The receivables could not be read." error={aging.error} onRetry={() => void aging.refetch()} testId="aging-error" /> : null}
      {aging.data === undefined ? (
        aging.isFetching ? <ReportLoading label="Reading receivables…" testId="aging-loading" /> : null
      ) : rows.length === 0 ? (
        <ReportEmpty icon={<CircleCheck size={20} aria-hidden />} title="Nothing is owed" body="No open invoice has anything left to pay." testId="aging-empty" />
      ) : (
        <div className="finance-report-body">
          <section className="card">
            <header className="card-head">
              <h3 className="card-title">
                Receivables by age <span className="card-meta">share of each currency&apos;s total</span>
              </h3>
            </header>
            <Chart option={option} height={Math.max(110, 46 + rows.length * 34)} label="Receivables by age per currency, as shares of each total" testId="aging-chart" />
          </section>
          <section className="card">
            <table className="table finance-table" data-testid="aging-table">
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  {AGING_BUCKETS.map((b) => (
                    <th key={b.key} scope="col" className="num">
                      {b.label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col" className="num">
                    Invoices
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.currency} className="is-clickable" data-testid="aging-row" data-currency={r.currency} onClick={() => openInvoices(r.currency)} title={`Open ${r.currency} invoices`}>
                    <th scope="row" className="mono">
                      {r.currency}
                    </th>
                    {AGING_BUCKETS.map((b, i) => (
                      <td key={b.key} className={`num${r[b.key] === 0 ? " faint" : i >= 3 ? " negative" : ""}`}>
                        {formatMoney(r[b.key], r.currency)}
                      </td>
                    ))}
                    <td className="num strong">{formatMoney(r.totalMinor, r.currency)}</td>
                    <td className="num">{formatCount(r.invoices)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  );
}
