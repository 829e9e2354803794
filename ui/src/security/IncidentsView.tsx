// Security incidents, Operations' Incidents tab (desk_security): the counts (open, open SEV1s,
// breach clocks running — red with the nearest deadline when any), a search, "Show closed", and
// the keyboard grid of incidents from the local copy (so it reads offline); Enter or a click
// opens one in the panel beside it (Esc closes it). "Open incident" (or N in the list) opens the
// open-incident form; the new incident opens in the panel once sync brings it.
import { AlarmClock, FilterX, Plus, ShieldAlert } from "lucide-react";
import { useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import type { IncidentCounts, IncidentRecord } from "../bindings";
import { FilterText } from "../components/FilterText";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { DataGrid } from "../finance/DataGrid";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { useNow } from "../lib/useNow";
import { incidentColumns } from "./incidentColumns";
import { IncidentDetail } from "./IncidentDetail";
import { OpenIncidentDialog } from "./OpenIncidentDialog";
import { useIncidents } from "./queries";
import { clockRunning, formatSpanShort, secondsUntil } from "./securityFormat";
import { useSecurityState } from "./securityState";

export function IncidentsView({ online }: { online: boolean }) {
  const { search, setSearch, showClosed, setShowClosed } = useSecurityState();
  const nav = useNav();
  const list = useIncidents({ includeFinished: showClosed, search });
  const gridHost = useRef<HTMLDivElement>(null);
  const data = list.data;
  const openId = nav.incident;
  const ticking = (data?.counts.clocksRunning ?? 0) > 0;
  const now = useNow(ticking ? 1000 : 30_000);
  const columns = useMemo(() => incidentColumns(now), [now]);

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  useEffect(() => {
    focusGrid();
  }, []);

  // Esc closes the panel (not while typing, nor with a dialog open).
  useEffect(() => {
    if (openId === null) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      nav.openIncident(null);
      focusGrid();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openId, nav]);

  // N in the list opens the form.
  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key.toLowerCase() !== "n" || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.defaultPrevented || isTypingTarget(e.target)) return;
    e.preventDefault();
    nav.setIncidentForm(true);
  };

  const openButton = (testId: string) => (
    <button type="button" className="button button-primary button-small" data-testid={testId} onClick={() => nav.setIncidentForm(true)} title="Open an incident (N in the list)">
      <Plus size={13} aria-hidden /> Open incident
    </button>
  );

  const filtered = search !== null;
  const empty = filtered ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No incident matches"
      body={showClosed ? "Try other words." : "Try other words, or show closed incidents too."}
      action={
        <button type="button" className="button" data-testid="incident-empty-clear" onClick={() => setSearch(null)}>
          Clear the search
        </button>
      }
      testId="incident-empty-filtered"
    />
  ) : (
    <ReportEmpty
      icon={<ShieldAlert size={20} aria-hidden />}
      title={showClosed ? "No incidents" : "No open incidents"}
      body={data?.held === false ? "This desk holds no incidents yet: the first sync brings them." : "An incident opened here or from a security alert shows in this list."}
      action={openButton("incident-empty-open")}
      testId="incident-empty"
    />
  );

  return (
    <div className="finance-list security-incidents" data-testid="incidents-view">
      <div className="finance-toolbar">
        <Counts counts={data?.counts} incidents={data?.incidents ?? []} now={now} />
        <FilterText value={search} onCommit={setSearch} label="Search incidents" placeholder="Search title, summary, type" testId="incident-search" icon />
        <label className="checkbox filter-check">
          <input type="checkbox" data-testid="incident-show-closed" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
          Show closed
        </label>
        {data === undefined ? null : (
          <div className="book-summary muted" data-testid="incident-summary">
            {list.isFetching ? <Spinner size={12} /> : null}
            <span className="num">
              {formatCount(data.incidents.length)} {data.incidents.length === 1 ? "incident" : "incidents"} shown
            </span>
          </div>
        )}
        <div className="finance-actions">
          <span className="faint small incident-keys">
            <Kbd>N</Kbd> new
          </span>
          {openButton("incident-open")}
        </div>
      </div>
      <RefreshBar active={list.isPlaceholderData} />
      {list.isError ? <ReportError title="The incidents could not be read." error={list.error} onRetry={() => void list.refetch()} testId="incident-error" /> : null}
      {data === undefined ? (
        list.isPending ? <ReportLoading label="Reading incidents…" testId="incident-loading" /> : null
      ) : (
        <div className={`audit-split ops-split security-split${openId === null ? "" : " has-pane"}`}>
          <div className="book-host" ref={gridHost} onKeyDown={onListKey}>
            <DataGrid
              rows={data.incidents}
              columns={columns}
              rowKey={(i) => i.id}
              onOpen={(i) => nav.openIncident(i.id)}
              onChoose={(i) => {
                if (openId !== null) nav.openIncident(i.id);
              }}
              activeKey={openId}
              label="Incidents"
              testId="incident-grid"
              rowTestId={(i) => `incident-row-${i.id}`}
              rowStatus={(i) => i.status}
              rowClass={(i) => rowClass(i)}
              minWidth={openId === null ? 940 : 720}
              empty={empty}
            />
          </div>
          {openId === null ? null : (
            <IncidentDetail
              key={openId}
              id={openId}
              online={online}
              onClose={() => {
                nav.openIncident(null);
                focusGrid();
              }}
            />
          )}
        </div>
      )}
      <OpenIncidentDialog
        open={nav.incidentForm}
        online={online}
        seed={null}
        onOpenChange={(o) => {
          nav.setIncidentForm(o);
          if (!o) focusGrid();
        }}
        onOpened={(id) => {
          nav.setIncidentForm(false);
          nav.openIncident(id);
        }}
      />
    </div>
  );
}

function rowClass(i: IncidentRecord): string {
  const parts = [`status-${i.status}`];
  if (i.severity === "SEV1" && i.status !== "closed" && i.status !== "false_positive") parts.push("is-sev1");
  if (clockRunning(i)) parts.push("is-clock");
  return parts.join(" ");
}

/** Open / open SEV1 / breach clocks running (red, with the nearest deadline). */
function Counts({ counts, incidents, now }: { counts: IncidentCounts | undefined; incidents: readonly IncidentRecord[]; now: Date }) {
  if (counts === undefined) return null;
  const nearest = incidents
    .filter(clockRunning)
    .map((i) => (i.breach === null ? null : secondsUntil(i.breach.deadline, now)))
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b)[0];
  return (
    <div className="alert-counts" data-testid="incident-counts">
      <span className="alert-count" data-testid="incident-count-open">
        <span className="num strong">{formatCount(counts.open)}</span> open
      </span>
      <span className={`alert-count${counts.sev1Open > 0 ? " is-danger" : ""}`} data-testid="incident-count-sev1">
        <span className="num strong">{formatCount(counts.sev1Open)}</span> open SEV1
      </span>
      {counts.clocksRunning > 0 ? (
        <span className="breach-chip is-urgent incident-count-clocks" data-testid="incident-count-clocks" title="Confirmed breaches whose authority is still to be notified (72 hours)">
          <AlarmClock size={12} aria-hidden />
          <span className="num strong">{formatCount(counts.clocksRunning)}</span> breach {counts.clocksRunning === 1 ? "clock" : "clocks"} running{" "}
          {nearest === undefined ? null : <span className="num">· {nearest < 0 ? `overdue ${formatSpanShort(nearest)}` : `${formatSpanShort(nearest)} left`}</span>}
        </span>
      ) : (
        <span className="alert-count" data-testid="incident-count-clocks">
          <span className="num strong">0</span> breach clocks
        </span>
      )}
    </div>
  );
}
