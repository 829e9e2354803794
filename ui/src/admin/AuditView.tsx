// The audit trail viewer: every entry of the synced trail, newest first, filtered and paged by
// the core from the local copy (so it works offline), a window at a time as the list scrolls.
// Enter opens an entry in the panel beside the list; Esc closes it, filters and row kept.
import { useQuery } from "@tanstack/react-query";
import { CalendarX, FilterX, ScrollText } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { AuditEntry } from "../bindings";
import { Spinner } from "../components/Spinner";
import { ExportButtons } from "../finance/ExportButtons";
import { ReportEmpty, ReportError } from "../finance/parts";
import { formatCount } from "../lib/format";
import { isTypingTarget, overlayOpen } from "../lib/nav";
import { useAuditState } from "./auditState";
import { AuditDetail } from "./AuditDetail";
import { AuditFilters } from "./AuditFilters";
import { AUDIT_ROW_HEIGHT, AuditTable } from "./AuditTable";
import { DEFAULT_AUDIT_FILTER, datesReversed, hasAuditFilters } from "./format";
import { OfflineNote } from "./parts";
import { AUDIT_WINDOW, auditWindowKey, fetchAuditWindow } from "./queries";

type Props = {
  online: boolean;
  lastSyncAt: string | null;
};

export function AuditView({ online, lastSyncAt }: Props) {
  const { filter, setFilter, position, open, setOpen } = useAuditState();
  const gridHost = useRef<HTMLDivElement>(null);
  const reversed = datesReversed(filter);

  // The window at the saved scroll position answers first (it carries the total and the
  // menus); after a filter change the position is back at the top.
  const headWindow = Math.floor(position.scrollTop / AUDIT_ROW_HEIGHT / AUDIT_WINDOW);
  const head = useQuery({
    queryKey: auditWindowKey(filter, headWindow),
    queryFn: () => fetchAuditWindow(filter, headWindow),
    // The core refuses a first day after the last; the filter bar says so instead.
    enabled: !reversed,
  });
  const page = head.data;

  // The menus list the whole trail's actors and actions, whatever the filters: keep the last
  // ones while another filter loads (or is not asked for, days reversed).
  const [menus, setMenus] = useState<{ actors: string[]; actions: string[] }>({ actors: [], actions: [] });
  if (page !== undefined && (page.actors !== menus.actors || page.actions !== menus.actions)) {
    setMenus({ actors: page.actors, actions: page.actions });
  }

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  // The grid takes the keyboard as soon as the list shows.
  useEffect(() => {
    focusGrid();
  }, []);

  // Esc closes the panel (not while typing in a filter, nor with a menu open).
  useEffect(() => {
    if (open === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      setOpen(null);
      focusGrid();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, setOpen]);

  const empty = hasAuditFilters(filter) ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No entries match these filters"
      body="Widen the days, pick another actor or action, or clear the words."
      action={
        <button type="button" className="button" data-testid="audit-empty-clear" onClick={() => setFilter(() => DEFAULT_AUDIT_FILTER)}>
          Clear filters
        </button>
      }
      testId="audit-empty-filters"
    />
  ) : (
    <ReportEmpty
      icon={<ScrollText size={20} aria-hidden />}
      title="No audit entries yet"
      body="Changes to staff, settings, policies and flags appear here, with who made them and why, once the platform's audit trail has synced to this laptop."
      testId="audit-empty"
    />
  );

  const choose = (entry: AuditEntry) => {
    // While the panel is open it follows the choice, as a mail client's reading pane does.
    if (open !== null) setOpen(entry);
  };

  return (
    <div className="finance-list audit-view" data-testid="audit-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="audit-summary">
          {head.isFetching && page !== undefined ? <Spinner size={12} /> : null}
          {page === undefined || reversed ? null : <span className="num">{`${formatCount(page.total)} ${page.total === 1 ? "entry" : "entries"}`}</span>}
        </div>
        {online ? null : <OfflineNote lastSyncAt={lastSyncAt} />}
        <div className="finance-actions">
          {/* The export writes every entry matching the filters, newest first: paging does not apply. */}
          <ExportButtons request={{ report: "audit", query: { ...filter, offset: 0, limit: 0 } }} disabled={reversed || page?.total === 0} />
        </div>
      </div>
      <AuditFilters filter={filter} actors={menus.actors} actions={menus.actions} onChange={setFilter} />
      {head.isError ? <ReportError title="The audit trail could not be read." error={head.error} onRetry={() => void head.refetch()} testId="audit-error" /> : null}
      <div className={`audit-split${open === null ? "" : " has-pane"}`}>
        <div className="book-host" ref={gridHost}>
          {reversed ? (
            <ReportEmpty
              icon={<CalendarX size={20} aria-hidden />}
              title="The first day is after the last"
              body="Swap the days, or clear one of them."
              testId="audit-dates-reversed"
            />
          ) : (
            <AuditTable
              key={JSON.stringify(filter)}
              filter={filter}
              position={position}
              headWindow={headWindow}
              head={page}
              openId={open?.id ?? null}
              onOpen={setOpen}
              onChoose={choose}
              empty={empty}
            />
          )}
        </div>
        {open === null ? null : (
          <AuditDetail
            key={open.id}
            entry={open}
            onClose={() => {
              setOpen(null);
              focusGrid();
            }}
          />
        )}
      </div>
    </div>
  );
}
