// The inbox's rows (up to 2,000 dedup groups) as a virtualised keyboard grid like the invoice
// list: arrows or j/k, Page Up/Down, Home/End move the choice; Enter or a click opens the alert.
// The action keys (a, r, f, n) belong to the inbox, which knows the chosen row.
import { useVirtualizer } from "@tanstack/react-virtual";
import { MessageSquareText } from "lucide-react";
import { useRef, type KeyboardEvent, type ReactNode } from "react";
import type { AlertView } from "../bindings";
import { SyncBadge } from "../components/SyncBadge";
import { formatAbsolute } from "../lib/time";
import { nextIndex, type ListPosition } from "../lib/grid";
import { formatAge, teamLabel } from "./format";
import { AlertStatusLine, GroupCounts, OverdueMarker, SeverityChip } from "./parts";

/** Height of a row (one line), px. */
export const ALERT_ROW_HEIGHT = 34;

const TEMPLATE = "88px minmax(220px, 3fr) minmax(110px, 1fr) 64px 56px minmax(150px, 1.5fr) minmax(104px, 0.9fr) 118px";
const HEADERS = ["Severity", "Alert", "Service", "Team", "Age", "Status", "Fired", "Sync"];

/** j and k move like the arrows (as in a mail client). */
const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props = {
  alerts: AlertView[];
  /** The chosen row, or -1 when there is none. */
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (alert: AlertView) => void;
  position: ListPosition;
  now: Date;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
  loading: boolean;
};

export function AlertList({ alerts, selected, onSelect, onOpen, position, now, empty, loading }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = alerts.length;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ALERT_ROW_HEIGHT,
    overscan: 16,
    initialOffset: () => position.scrollTop,
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const a = alerts[selected];
      if (a) {
        e.preventDefault();
        onOpen(a);
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ALERT_ROW_HEIGHT * 10) / ALERT_ROW_HEIGHT) - 1);
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, Math.max(selected, 0), total, pageRows);
    if (next === null) return;
    e.preventDefault();
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  return (
    <div
      ref={scrollRef}
      className="book-grid alert-grid"
      role="grid"
      aria-label="Alerts"
      aria-rowcount={total + 1}
      aria-colcount={HEADERS.length}
      aria-activedescendant={selected >= 0 && selected < total ? `alert-row-${selected}` : undefined}
      aria-busy={loading}
      tabIndex={0}
      data-testid="alert-grid"
      data-total={total}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className="book-inner alert-inner">
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: TEMPLATE }}>
            {HEADERS.map((h) => (
              <div key={h} role="columnheader" className="book-cell book-th">
                {h}
              </div>
            ))}
          </div>
        </div>
        {total === 0 ? empty : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const a = alerts[v.index];
            if (!a) return null;
            const isSelected = v.index === selected;
            return (
              <div
                key={a.id}
                id={`alert-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row alert-row status-${a.status}${isSelected ? " is-selected" : ""}${a.overdue ? " is-overdue" : ""}`}
                style={{ gridTemplateColumns: TEMPLATE, transform: `translateY(${v.start}px)`, height: ALERT_ROW_HEIGHT }}
                data-testid="alert-row"
                data-alert-id={a.id}
                data-status={a.status}
                data-sync={a.sync.state}
                onClick={() => {
                  onSelect(v.index);
                  onOpen(a);
                }}
              >
                <div role="gridcell" className="book-cell">
                  <SeverityChip severity={a.severity} />
                </div>
                <div role="gridcell" className="book-cell">
                  <span className="account-line alert-title-line">
                    <span className="cell-text alert-title" data-testid="alert-title" title={a.title}>
                      {a.title}
                    </span>
                    {a.overdue ? <OverdueMarker /> : null}
                    {a.notes > 0 ? (
                      <span className="faint notes-count" title={`${a.notes} investigation ${a.notes === 1 ? "note" : "notes"}`}>
                        <MessageSquareText size={11} aria-hidden /> {a.notes}
                      </span>
                    ) : null}
                  </span>
                </div>
                <div role="gridcell" className="book-cell">
                  <span className="cell-text muted mono-small" title={a.service}>
                    {a.service}
                  </span>
                </div>
                <div role="gridcell" className="book-cell muted">
                  {teamLabel(a.team)}
                </div>
                <div role="gridcell" className="book-cell num muted" title={formatAbsolute(a.createdAt)} data-testid="alert-age">
                  {formatAge(a.createdAt, now)}
                </div>
                <div role="gridcell" className="book-cell">
                  <AlertStatusLine alert={a} />
                </div>
                <div role="gridcell" className="book-cell">
                  <GroupCounts alert={a} />
                </div>
                <div role="gridcell" className="book-cell" title={a.sync.state === "refused" ? a.sync.message : undefined}>
                  <SyncBadge sync={a.sync} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
