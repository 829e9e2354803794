import { ChartColumnStacked } from "lucide-react";
import { useCallback, useMemo } from "react";
import type { MrrMonth } from "../bindings";
import { Chart, type ChartPalette } from "../components/Chart";
import { formatMoney, toMajor } from "../lib/format";
import { ExportButtons } from "./ExportButtons";
import { moneyAxis, moneyTooltip, tooltipBox } from "./chartParts";
import { useFinanceState } from "./financeState";
import { MonthRangePicker } from "./MonthRangePicker";
import { formatMonth, formatMonthShort } from "./months";
import { currenciesOf, CurrencyPicker, pickCurrency, RefreshBar, ReportEmpty, ReportError, ReportLoading } from "./parts";
import { useMrr } from "./queries";

/** The movements, in the order the identity adds them; contraction and churn subtract. */
const MOVEMENTS = [
  { key: "new", label: "New", sign: 1 },
  { key: "expansion", label: "Expansion", sign: 1 },
  { key: "reactivation", label: "Reactivation", sign: 1 },
  { key: "contraction", label: "Contraction", sign: -1 },
  { key: "churn", label: "Churn", sign: -1 },
] as const;

function movementColour(p: ChartPalette, key: (typeof MOVEMENTS)[number]["key"]): { color: string; opacity: number } {
  switch (key) {
    case "new":
      return { color: p.ok, opacity: 0.85 };
    case "expansion":
      return { color: p.accent, opacity: 0.7 };
    case "reactivation":
      return { color: p.ok, opacity: 0.45 };
    case "contraction":
      return { color: p.warn, opacity: 0.75 };
    case "churn":
      return { color: p.danger, opacity: 0.8 };
  }
}

/** MRR movements per month in one currency: new, expansion, reactivation up; contraction, churn down. */
export function MrrView() {
  const { range, setRange, currency: chosen, setCurrency } = useFinanceState();
  const mrr = useMrr(range);
  const all = useMemo(() => mrr.data ?? [], [mrr.data]);
  const currencies = useMemo(() => currenciesOf(all), [all]);
  const currency = pickCurrency(currencies, chosen.mrr);
  const months = useMemo(() => all.filter((m) => m.currency === currency), [all, currency]);

  return (
    <div className="finance-report" data-testid="mrr-view">
      <div className="finance-toolbar filter-bar">
        <MonthRangePicker range={range} onChange={setRange} testId="mrr" />
        <CurrencyPicker currencies={currencies} value={currency} onChange={(c) => setCurrency("mrr", c)} testId="mrr-currency" />
        <div className="finance-actions">
          <ExportButtons request={{ report: "mrr", from: range.from, to: range.to }} disabled={all.length === 0} />
        </div>
      </div>
      <RefreshBar active={mrr.isFetching && mrr.data !== undefined} />
      {mrr.isError ? <ReportError title="The MRR movements could not be worked out." error={mrr.error} onRetry={() => void mrr.refetch()} testId="mrr-error" /> : null}
      {mrr.data === undefined ? (
        mrr.isFetching ? <ReportLoading label="Working out MRR movements…" testId="mrr-loading" /> : null
      ) : currency === null ? (
        <ReportEmpty
          icon={<ChartColumnStacked size={20} aria-hidden />}
          title="No recurring revenue in these months"
          body="No subscription had MRR in this range. Choose earlier months, or wait for the first sync of subscriptions."
          testId="mrr-empty"
        />
      ) : (
        <div className="finance-report-body">
          <MrrKpis months={months} currency={currency} />
          <section className="card">
            <header className="card-head">
              <h3 className="card-title">
                Movements <span className="card-meta">{currency} · bars: movements, line: ending MRR</span>
              </h3>
            </header>
            <MrrChart months={months} currency={currency} />
          </section>
          <section className="card">
            <MrrTable months={months} currency={currency} />
          </section>
        </div>
      )}
    </div>
  );
}

function MrrKpis({ months, currency }: { months: MrrMonth[]; currency: string }) {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return null;
  const net = last.ending - first.starting;
  const sum = (k: (typeof MOVEMENTS)[number]["key"]) => months.reduce((n, m) => n + m[k], 0);
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <div className="kpi-strip kpi-strip-5" data-testid="mrr-kpis">
      <div className="kpi">
        <div className="kpi-label">MRR, end of {formatMonth(last.month)}</div>
        <div className="kpi-value num" data-testid="mrr-ending">
          {money(last.ending)}
        </div>
        <div className="kpi-sub">ARR {formatMoney(last.endingArr, currency, { whole: true })}</div>
      </div>
      <div className={`kpi${net < 0 ? " is-danger" : ""}`}>
        <div className="kpi-label">Net change over the range</div>
        <div className="kpi-value num">{signed(net, currency)}</div>
        <div className="kpi-sub">from {money(first.starting)}</div>
      </div>
      <div className="kpi">
        <div className="kpi-label">New + expansion + reactivation</div>
        <div className="kpi-value num">{money(sum("new") + sum("expansion") + sum("reactivation"))}</div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Contraction</div>
        <div className="kpi-value num">{signed(-sum("contraction"), currency)}</div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Churn</div>
        <div className="kpi-value num">{signed(-sum("churn"), currency)}</div>
      </div>
    </div>
  );
}

/** An amount with its sign spelled out: "+$1,200.00", "-$300.00", "$0.00". */
function signed(minor: number, currency: string): string {
  return formatMoney(minor, currency, { signed: true });
}

function MrrChart({ months, currency }: { months: MrrMonth[]; currency: string }) {
  const option = useCallback(
    (p: ChartPalette) => ({
      animation: false,
      textStyle: { fontFamily: p.font, color: p.muted },
      legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 8, itemGap: 12, textStyle: { color: p.muted, fontSize: 11 } },
      grid: { left: 56, right: 64, top: 34, bottom: 24 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, ...tooltipBox(p), valueFormatter: moneyTooltip(currency) },
      xAxis: {
        type: "category",
        data: months.map((m) => formatMonthShort(m.month)),
        axisLine: { lineStyle: { color: p.border } },
        axisTick: { show: false },
        axisLabel: { color: p.faint, fontSize: 10, hideOverlap: true },
      },
      // Movements are small beside the whole MRR: the ending line has its own scale on the right.
      yAxis: [moneyAxis(p), moneyAxis(p, { position: "right", grid: false })],
      series: [
        ...MOVEMENTS.map((mv) => {
          const c = movementColour(p, mv.key);
          return {
            name: mv.label,
            type: "bar",
            stack: "movements",
            barMaxWidth: 26,
            itemStyle: { color: c.color, opacity: c.opacity },
            data: months.map((m) => mv.sign * toMajor(m[mv.key], currency)),
          };
        }),
        {
          name: "Ending MRR",
          type: "line",
          yAxisIndex: 1,
          symbol: "circle",
          symbolSize: 4,
          lineStyle: { width: 2, color: p.text },
          itemStyle: { color: p.text },
          data: months.map((m) => toMajor(m.ending, currency)),
        },
      ],
    }),
    [months, currency],
  );
  return <Chart option={option} height={260} label={`MRR movements and ending MRR per month in ${currency}`} testId="mrr-chart" />;
}

/** The months as rows, oldest first, every movement in the chosen currency. */
export function MrrTable({ months, currency }: { months: MrrMonth[]; currency: string }) {
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <table className="table finance-table" data-testid="mrr-table" data-currency={currency}>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="num">
            Starting
          </th>
          {MOVEMENTS.map((mv) => (
            <th key={mv.key} scope="col" className="num">
              {mv.label}
            </th>
          ))}
          <th scope="col" className="num">
            Net
          </th>
          <th scope="col" className="num">
            Ending MRR
          </th>
          <th scope="col" className="num">
            ARR
          </th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => {
          const net = m.ending - m.starting;
          return (
            <tr key={m.month} data-testid="mrr-row" data-month={m.month}>
              <th scope="row">{formatMonth(m.month)}</th>
              <td className="num">{money(m.starting)}</td>
              {MOVEMENTS.map((mv) => (
                <MovementCell key={mv.key} minor={m[mv.key]} sign={mv.sign} currency={currency} />
              ))}
              <td className={`num${net < 0 ? " negative" : net > 0 ? " positive" : " faint"}`}>{signed(net, currency)}</td>
              <td className="num strong">{money(m.ending)}</td>
              <td className="num muted">{formatMoney(m.endingArr, currency, { whole: true })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A movement as it acts on MRR: "+$50.00" for a rise, "−$20.00" in red for a fall, a faint zero. */
function MovementCell({ minor, sign, currency }: { minor: number; sign: 1 | -1; currency: string }) {
  if (minor === 0) return <td className="num faint">{formatMoney(0, currency)}</td>;
  return <td className={`num${sign < 0 ? " negative" : " positive"}`}>{signed(sign * minor, currency)}</td>;
}
