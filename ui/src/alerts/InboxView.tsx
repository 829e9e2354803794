// The alert inbox: one row per dedup key, triggered first, most severe first, newest first (the
// core's order), filtered by the core; the open / overdue / critical counts above it. Keys on
// the chosen row: a acknowledge, r resolve, f false positive, n note, Enter open.
import { CircleCheck, FilterX } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { AlertCounts, AlertView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { formatCount } from "../lib/format";
import { isPlainShortcut, useNav } from "../lib/nav";
import { useNow } from "../lib/useNow";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { AlertList } from "./AlertList";
import { useAlertsState } from "./alertsState";
import { DEFAULT_ALERT_FILTER, hasAlertFilters } from "./format";
import { InboxFilters } from "./InboxFilters";
import { useAlertInbox } from "./queries";
import { useAlertActions } from "./useAlertActions";

type Props = {
  online: boolean;
  /** The teams the member serves. */
  teams: string[];
};

export function InboxView({ online, teams }: Props) {
  const { filter, setFilter, position } = useAlertsState();
  const inbox = useAlertInbox(filter);
  const nav = useNav();
  const now = useNow(30_000);
  const actions = useAlertActions(online);
  const gridHost = useRef<HTMLDivElement>(null);
  const alerts = inbox.data?.alerts ?? [];

  // The choice follows its alert when rows move (acknowledged alerts sink below triggered ones);
  // when the alert left the list (resolved), the row at the same place is chosen.
  const [chosen, setChosen] = useState(() => ({ id: position.alertId, index: position.selected }));
  const found = chosen.id === null ? -1 : alerts.findIndex((a) => a.id === chosen.id);
  const selected = alerts.length === 0 ? -1 : found >= 0 ? found : Math.min(chosen.index, alerts.length - 1);
  const current: AlertView | null = alerts[selected] ?? null;

  const select = (index: number) => {
    const id = alerts[index]?.id ?? null;
    setChosen({ id, index });
    position.saveSelected(index);
    position.saveAlert(id);
  };
  const open = (a: AlertView) => {
    position.saveAlert(a.id);
    nav.openAlert(a.id);
  };

  // The grid takes the keyboard as soon as the inbox shows.
  useEffect(() => {
    gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  }, []);

  // Action keys on the chosen alert, wherever the focus is (but not while typing).
  const latest = useRef({ current, actions });
  useEffect(() => {
    latest.current = { current, actions };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.shiftKey || !isPlainShortcut(e)) return;
      const { current: a, actions: act } = latest.current;
      if (a === null) return;
      const run = { a: act.acknowledge, r: act.resolve, f: act.falsePositive, n: act.note }[e.key.toLowerCase()];
      if (run === undefined) return;
      e.preventDefault();
      run(a);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const data = inbox.data;
  const empty = hasAlertFilters(filter) ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No alerts match these filters"
      body={
        data !== undefined && data.counts.open > 0
          ? `${formatCount(data.counts.open)} open ${data.counts.open === 1 ? "alert is" : "alerts are"} hidden by the filters.`
          : "Widen the status, severity or team, or clear the search."
      }
      action={
        <button type="button" className="button" data-testid="alert-empty-clear" onClick={() => setFilter(() => DEFAULT_ALERT_FILTER)}>
          Show open alerts
        </button>
      }
      testId="alert-empty-filters"
    />
  ) : (
    <ReportEmpty
      icon={<CircleCheck size={20} aria-hidden />}
      title="No open alerts — all clear"
      body="Alerts routed to your teams appear here the moment the platform raises them."
      testId="alert-empty"
    />
  );

  return (
    <div className="finance-list alerts-inbox" data-testid="alerts-inbox">
      <div className="finance-toolbar">
        <InboxCounts counts={data?.counts} onOverdue={() => setFilter((f) => ({ ...f, overdueOnly: !f.overdueOnly }))} overdueOn={filter.overdueOnly} />
        <div className="book-summary muted" data-testid="alert-summary">
          {inbox.isFetching && data !== undefined ? <Spinner size={12} /> : null}
          {data === undefined ? null : (
            <span className="num">
              {data.matched > data.alerts.length
                ? `First ${formatCount(data.alerts.length)} of ${formatCount(data.matched)} groups`
                : `${formatCount(data.matched)} ${data.matched === 1 ? "group" : "groups"}`}
            </span>
          )}
        </div>
        <div className="finance-actions alert-keys faint" aria-hidden>
          <Kbd>A</Kbd> ack <Kbd>R</Kbd> resolve <Kbd>F</Kbd> false positive <Kbd>N</Kbd> note
        </div>
      </div>
      <InboxFilters filter={filter} teams={teams} onChange={setFilter} />
      <RefreshBar active={inbox.isPlaceholderData} />
      {inbox.isError ? <ReportError title="The alerts could not be read." error={inbox.error} onRetry={() => void inbox.refetch()} testId="alert-error" /> : null}
      {data === undefined && inbox.isPending ? <ReportLoading label="Reading alerts…" testId="alert-loading" /> : null}
      {data === undefined ? null : (
        <div className="book-host" ref={gridHost}>
          <AlertList
            key={JSON.stringify(filter)}
            alerts={alerts}
            selected={selected}
            onSelect={select}
            onOpen={open}
            position={position}
            now={now}
            empty={empty}
            loading={inbox.isFetching}
          />
        </div>
      )}
      {actions.dialogs}
    </div>
  );
}

/** Open / overdue / critical over every alert the member sees; overdue toggles the filter. */
function InboxCounts({ counts, onOverdue, overdueOn }: { counts: AlertCounts | undefined; onOverdue: () => void; overdueOn: boolean }) {
  if (counts === undefined) return null;
  return (
    <div className="alert-counts" data-testid="alert-counts">
      <span className="alert-count" data-testid="alert-count-open">
        <span className="num strong">{formatCount(counts.open)}</span> open
      </span>
      <button
        type="button"
        className={`alert-count alert-count-button${counts.overdue > 0 ? " is-danger" : ""}${overdueOn ? " is-on" : ""}`}
        data-testid="alert-count-overdue"
        aria-pressed={overdueOn}
        title={overdueOn ? "Show all, not only overdue" : "Show only overdue alerts"}
        onClick={onOverdue}
      >
        <span className="num strong">{formatCount(counts.overdue)}</span> overdue
      </button>
      <span className={`alert-count${counts.critical > 0 ? " is-danger" : ""}`} data-testid="alert-count-critical">
        <span className="num strong">{formatCount(counts.critical)}</span> critical
      </span>
    </div>
  );
}
