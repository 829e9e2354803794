// The KPI screen, for every member: how the platform is run over a chosen period (a preset, or
// any two UTC days; see KpiPeriodPicker), computed by the core from the local copy (so it reads offline; the line under the period says how old the
// copy is). The figures come as a dense grid of cards grouped by family; a figure whose rows the
// member's role does not sync says so calmly. Cards are keyboard-navigable (arrows, Home/End;
// Tab lands on one card), and a click or Enter opens the rows behind a figure under the cards,
// with their export; Esc closes them.
import { ChartColumn, CloudOff, RefreshCw } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { KpiId, KpiPeriod } from "../bindings";
import { Spinner } from "../components/Spinner";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatCount, formatDayRange } from "../lib/format";
import { overlayOpen } from "../lib/nav";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { KpiCard } from "./KpiCard";
import { KpiRows } from "./KpiRows";
import { byFamily, checkCustomPeriod, periodRefusal, presetPeriod, samePeriod, type KpiChoice } from "./kpiFormat";
import { KpiPeriodPicker } from "./KpiPeriodPicker";
import { useKpis } from "./queries";

type Props = {
  online: boolean;
  lastSyncAt: string | null;
};

/**
 * What the screen showed last, so coming back to it finds the same period and rows: the choice,
 * the custom period's days as typed, and the last period the core accepted (whose figures stay
 * on screen while the custom period is not acceptable).
 */
const remembered: { choice: KpiChoice; custom: KpiPeriod; good: KpiPeriod | null; open: KpiId | null } = {
  choice: "thisMonth",
  custom: { from: "", to: "" },
  good: null,
  open: null,
};

/** Back to this month with no rows open (a fresh start; the tests' reset). */
export function forgetKpiScreen(): void {
  remembered.choice = "thisMonth";
  remembered.custom = { from: "", to: "" };
  remembered.good = null;
  remembered.open = null;
}

/** The card index an arrow, Home or End moves to, or null for another key. */
export function nextCard(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return Math.min(current + 1, count - 1);
    case "ArrowLeft":
    case "ArrowUp":
      return Math.max(current - 1, 0);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

export function KpiScreen({ online, lastSyncAt }: Props) {
  const now = useNow(30_000);
  const [choice, setChoice] = useState<KpiChoice>(remembered.choice);
  const [custom, setCustom] = useState<KpiPeriod>(remembered.custom);
  const [open, setOpen] = useState<KpiId | null>(remembered.open);
  const [focused, setFocused] = useState(0);
  const day = now.toISOString().slice(0, 10);
  // The period asked for: a preset's follows the UTC day, not every tick of the clock; a custom
  // one is checked first (null while it is not acceptable, with what is wrong).
  const check = useMemo(
    () => (choice === "custom" ? checkCustomPeriod(custom.from, custom.to) : { period: presetPeriod(choice, new Date(`${day}T12:00:00Z`)), errors: null }),
    [choice, custom.from, custom.to, day],
  );
  const wanted = check.period;
  // The last period the core accepted: its figures stay while the one asked for is refused.
  const [good, setGood] = useState<KpiPeriod>(() => wanted ?? remembered.good ?? presetPeriod("thisMonth", new Date(`${day}T12:00:00Z`)));
  const asked = useKpis(wanted ?? good);
  // Accepted: it becomes the last good period (set while rendering, as React advises for state
  // that follows other state).
  if (wanted !== null && asked.isSuccess && !asked.isPlaceholderData && !samePeriod(wanted, good)) setGood(wanted);
  const refusal = asked.isError ? periodRefusal(asked.error) : null;
  const lastGood = useKpis(good);
  const showsAsked = wanted !== null && refusal === null;
  const kpis = showsAsked ? asked : lastGood;
  const period = showsAsked ? wanted : good;
  const board = kpis.data;
  const families = useMemo(() => byFamily(board?.figures ?? []), [board]);
  const order = useMemo(() => families.flatMap((f) => f.figures.map((x) => x.id)), [families]);
  const cards = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    remembered.choice = choice;
    remembered.custom = custom;
    remembered.good = good;
    remembered.open = open;
  }, [choice, custom, good, open]);

  const choose = (next: KpiChoice) => {
    // A custom period starts from the one on screen.
    if (next === "custom" && choice !== "custom") setCustom(period);
    setChoice(next);
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || open === null || e.defaultPrevented || overlayOpen()) return;
      e.preventDefault();
      const at = order.indexOf(open);
      setOpen(null);
      if (at >= 0) cards.current[at]?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, order]);

  const onCardKey = (index: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const next = nextCard(e.key, index, order.length);
    if (next === null) return;
    e.preventDefault();
    setFocused(next);
    cards.current[next]?.focus();
  };

  const shown = board?.figures.filter((f) => f.value.kind !== "notAvailable").length ?? 0;
  return (
    <div className="book-screen kpi-screen" data-testid="kpi-screen" data-from={period.from} data-to={period.to}>
      <div className="finance-toolbar kpi-toolbar">
        <KpiPeriodPicker choice={choice} onChoice={choose} custom={custom} onCustom={setCustom} errors={check.errors ?? refusal} />
        <span className="book-summary muted" data-testid="kpi-period">
          {kpis.isFetching && board !== undefined ? <Spinner size={12} /> : null}
          <span className="num">{formatDayRange(period.from, period.to)}</span>
          <span className="faint">(UTC days)</span>
        </span>
        <div className="finance-actions">
          <span className={online ? "kpi-age muted small" : "offline-note"} data-testid="kpi-age" title={`Local copy last synced: ${formatAbsolute(lastSyncAt)}`}>
            {online ? <RefreshCw size={11} aria-hidden /> : <CloudOff size={12} aria-hidden />}
            {lastSyncAt === null
              ? "The local copy has not synced yet"
              : `${online ? "From" : "Offline: from"} the local copy synced ${formatRelative(lastSyncAt, now)}`}
          </span>
        </div>
      </div>
      <RefreshBar active={kpis.isPlaceholderData} />
      {kpis.isError ? <ReportError title="The KPIs could not be computed." error={kpis.error} onRetry={() => void kpis.refetch()} testId="kpi-error" /> : null}
      <div className={`kpi-split${open === null ? "" : " has-rows"}`}>
        <div className="finance-report-body kpi-body">
          {board === undefined ? (
            kpis.isPending ? <ReportLoading label="Computing the KPIs from the local copy…" testId="kpi-loading" /> : null
          ) : families.length === 0 ? (
            <ReportEmpty icon={<ChartColumn size={20} aria-hidden />} title="No KPIs" body="Nothing to measure yet." testId="kpi-empty" />
          ) : (
            <>
              <p className="kpi-lede muted small" data-testid="kpi-summary">
                {formatCount(shown)} of {formatCount(board.figures.length)} figures are held for your roles. Select a figure (or press Enter on it) to see the rows behind it.
              </p>
              {families.map((f) => (
                <section key={f.family} className="kpi-family" aria-label={f.title} data-testid={`kpi-family-${f.family}`}>
                  <h3 className="section-label">{f.title}</h3>
                  <div className="kpi-grid">
                    {f.figures.map((figure) => {
                      const i = order.indexOf(figure.id);
                      return (
                        <KpiCard
                          key={figure.id}
                          figure={figure}
                          active={open === figure.id}
                          tabbable={i === Math.min(focused, order.length - 1)}
                          onOpen={() => {
                            setFocused(i);
                            setOpen(open === figure.id ? null : figure.id);
                          }}
                          onKeyDown={onCardKey(i)}
                          onFocus={() => setFocused(i)}
                          buttonRef={(el) => {
                            cards.current[i] = el;
                          }}
                        />
                      );
                    })}
                  </div>
                </section>
              ))}
            </>
          )}
        </div>
        {open === null ? null : <KpiRows key={open} kpi={open} period={period} onClose={() => setOpen(null)} />}
      </div>
    </div>
  );
}
