import { Layers } from "lucide-react";
import { useCallback, useMemo } from "react";
import type { RevenueMonth } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";
import { formatMoney, toMajor } from "../lib/format";
import { ExportButtons } from "./ExportButtons";
import { moneyAxis, moneyTooltip, tooltipBox } from "./chartParts";
import { useFinanceState } from "./financeState";
import { MonthRangePicker } from "./MonthRangePicker";
import { formatMonth, formatMonthShort } from "./months";
import { currenciesOf, CurrencyPicker, pickCurrency, RefreshBar, ReportEmpty, ReportError, ReportProgress } from "./parts";
import { useWaterfall } from "./queries";

/**
 * Revenue recognition: what was earned each month (ratably, day by day) and what is still
 * deferred, in one currency. The core works it out from every invoice line, which takes a few
 * seconds on a large book, so the first answer shows a progress bar.
 */
export function RevenueView() {
  const { range, setRange, currency: chosen, setCurrency } = useFinanceState();
  const waterfall = useWaterfall(range);
  const all = useMemo(() => waterfall.data ?? [], [waterfall.data]);
  const currencies = useMemo(() => currenciesOf(all), [all]);
  const currency = pickCurrency(currencies, chosen.revenue);
  const months = useMemo(() => all.filter((m) => m.currency === currency), [all, currency]);
  const stale = waterfall.isPlaceholderData;

  return (
    <div className="finance-report" data-testid="revenue-view">
      <div className="finance-toolbar filter-bar">
        <MonthRangePicker range={range} onChange={setRange} testId="waterfall" />
        <CurrencyPicker currencies={currencies} value={currency} onChange={(c) => setCurrency("revenue", c)} testId="waterfall-currency" />
        <div className="finance-actions">
          <ExportButtons request={{ report: "waterfall", from: range.from, to: range.to }} disabled={all.length === 0 || stale} />
        </div>
      </div>
      <RefreshBar active={waterfall.isFetching && waterfall.data !== undefined} />
      {waterfall.isError ? (
        <ReportError title="The revenue waterfall could not be worked out." error={waterfall.error} onRetry={() => void waterfall.refetch()} testId="waterfall-error" />
      ) : null}
      {waterfall.data === undefined ? (
        waterfall.isFetching ? (
          <ReportProgress
            label="Working out the revenue waterfall…"
            detail="Every invoice line is earned day by day over its service period; on a large book this takes a few seconds."
            testId="waterfall-progress"
          />
        ) : null
      ) : currency === null ? (
        <ReportEmpty
          icon={<Layers size={20} aria-hidden />}
          title="No revenue in these months"
          body="No invoice was issued or earned in this range. Choose other months, or wait for the first sync of invoices."
          testId="waterfall-empty"
        />
      ) : (
        <div className={`finance-report-body${stale ? " is-stale" : ""}`} aria-busy={stale}>
          <RevenueKpis months={months} currency={currency} />
          <section className="card">
            <header className="card-head">
              <h3 className="card-title">
                Recognised and deferred <span className="card-meta">{currency} · bars: recognised, line: deferred balance</span>
              </h3>
            </header>
            <WaterfallChart months={months} currency={currency} />
          </section>
          <section className="card">
            <WaterfallTable months={months} currency={currency} />
          </section>
        </div>
      )}
    </div>
  );
}

function RevenueKpis({ months, currency }: { months: RevenueMonth[]; currency: string }) {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return null;
  const sum = (k: "invoiced" | "credited" | "recognised") => months.reduce((n, m) => n + m[k], 0);
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div className="kpi-strip kpi-strip-4" data-testid="waterfall-kpis">
      <div className="kpi">
        <div className="kpi-label">Recognised</div>
        <div className="kpi-value num">{money(sum("recognised"))}</div>
        <div className="kpi-sub">
          {formatMonth(first.month)} – {formatMonth(last.month)}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Invoiced</div>
        <div className="kpi-value num">{money(sum("invoiced"))}</div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Credited</div>
        <div className="kpi-value num">{money(sum("credited"))}</div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Deferred, end of {formatMonth(last.month)}</div>
        <div className="kpi-value num">{money(last.deferredClosing)}</div>
        <div className="kpi-sub">from {money(first.deferredOpening)}</div>
      </div>
    </div>
  );
}

function WaterfallChart({ months, currency }: { months: RevenueMonth[]; currency: string }) {
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 8, itemGap: 12, textStyle: { color: p.muted, fontSize: 11 } },
      grid: { left: 56, right: 64, top: 34, bottom: 24 },
      tooltip: { trigger: "axis", ...tooltipBox(p), valueFormatter: moneyTooltip(currency) },
      xAxis: {
        type: "category",
        data: months.map((m) => formatMonthShort(m.month)),
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
      },
      yAxis: [moneyAxis(p), moneyAxis(p, { position: "right", grid: false })],
      series: [
        {
          name: "Recognised",
          type: "bar",
          barMaxWidth: 26,
          itemStyle: { color: p.accent, opacity: 0.7 },
          data: months.map((m) => toMajor(m.recognised, currency)),
        },
        {
          name: "Deferred balance",
          type: "line",
          yAxisIndex: 1,
          symbol: "circle",
          symbolSize: 4,
          lineStyle: { width: 2, color: p.warn },
          itemStyle: { color: p.warn },
          areaStyle: { color: p.warn, opacity: 0.06 },
          data: months.map((m) => toMajor(m.deferredClosing, currency)),
        },
      ],
    }),
    [months, currency],
  );
  return <Chart option={option} height={260} label={`Recognised revenue and deferred balance per month in ${currency}`} testId="waterfall-chart" />;
}

/** The waterfall, month by month: opening + invoiced − credited − recognised = closing. */
export function WaterfallTable({ months, currency }: { months: RevenueMonth[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  const zeroFaint = (minor: number) => (minor === 0 ? " faint" : "");
  return (
    <table className="table finance-table" data-testid="waterfall-table" data-currency={currency}>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="num">
            Deferred, opening
          </th>
          <th scope="col" className="num">
            + Invoiced
          </th>
          <th scope="col" className="num">
            − Credited
          </th>
          <th scope="col" className="num">
            − Recognised
          </th>
          <th scope="col" className="num">
            Deferred, closing
          </th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month} data-testid="waterfall-row" data-month={m.month}>
            <th scope="row">{formatMonth(m.month)}</th>
            <td className="num muted">{money(m.deferredOpening)}</td>
            <td className={`num${zeroFaint(m.invoiced)}`}>{money(m.invoiced)}</td>
            <td className={`num${zeroFaint(m.credited)}`}>{money(m.credited)}</td>
            <td className={`num strong${zeroFaint(m.recognised)}`}>{money(m.recognised)}</td>
            <td className={`num${m.deferredClosing < 0 ? " negative" : ""}`} title={m.deferredClosing < 0 ? "Earned before it was invoiced (billed in arrears)" : undefined}>
              {money(m.deferredClosing)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
