// The trail as a virtualised keyboard grid like the invoice list: `total` rows tall, entries
// fetched a window at a time as they come into view, skeleton rows where a window is still
// loading. Keys: arrows or j/k, Page Up/Down, Home/End move the choice; Enter or a click opens
// the entry in the detail panel.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { AuditEntry, AuditPage } from "../bindings";
import { nextIndex, type ListPosition } from "../lib/grid";
import { formatAbsolute } from "../lib/time";
import { formatAuditTime, type AuditFilter } from "./format";
import { ActionChip } from "./parts";
import { AUDIT_WINDOW } from "./queries";
import { useAuditWindows } from "./useAuditWindows";

/** Height of a row (one line), px. */
export const AUDIT_ROW_HEIGHT = 34;
/** Rows fetched beyond the last one on screen, so the next window is there before it shows. */
const LOOKAHEAD = 80;

const TEMPLATE = "176px minmax(100px, 0.8fr) minmax(150px, 1.1fr) minmax(150px, 1.2fr) minmax(180px, 2fr)";
const HEADERS = ["Time", "Actor", "Action", "Target", "Reason"];

/** j and k move like the arrows (as in a mail client). */
const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props = {
  filter: AuditFilter;
  position: ListPosition;
  /** The window the saved scroll position is in, fetched first: it gives the total. */
  headWindow: number;
  head: AuditPage | undefined;
  /** The entry open in the detail panel (its row is marked), or null. */
  openId: number | null;
  onOpen: (entry: AuditEntry) => void;
  /** The choice moved to another row (the panel, when open, follows it). */
  onChoose: (entry: AuditEntry) => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
};

export function AuditTable({ filter, position, headWindow, head, openId, onOpen, onChoose, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(() => position.selected);
  const total = head?.total ?? 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => AUDIT_ROW_HEIGHT,
    overscan: 16,
    initialOffset: () => position.scrollTop,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? headWindow * AUDIT_WINDOW;
  const last = Math.min(Math.max(total - 1, 0), (virtualRows[virtualRows.length - 1]?.index ?? first) + LOOKAHEAD);
  const windows = useAuditWindows(filter, first, last);

  const select = (index: number) => {
    setSelected(index);
    position.saveSelected(index);
    const entry = windows.entryAt(index);
    if (entry) onChoose(entry);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const entry = windows.entryAt(selected);
      if (entry) {
        e.preventDefault();
        onOpen(entry);
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? AUDIT_ROW_HEIGHT * 10) / AUDIT_ROW_HEIGHT) - 1);
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, Math.min(selected, total - 1), total, pageRows);
    if (next === null) return;
    e.preventDefault();
    select(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  return (
    <div
      ref={scrollRef}
      className="book-grid audit-grid"
      role="grid"
      aria-label="Audit trail"
      aria-rowcount={total + 1}
      aria-colcount={HEADERS.length}
      aria-activedescendant={total > 0 ? `audit-row-${Math.min(selected, total - 1)}` : undefined}
      aria-busy={head === undefined}
      tabIndex={0}
      data-testid="audit-grid"
      data-total={head?.total}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className="book-inner audit-inner">
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: TEMPLATE }}>
            {HEADERS.map((h) => (
              <div key={h} role="columnheader" className="book-cell book-th">
                {h}
              </div>
            ))}
          </div>
        </div>
        {head !== undefined && total === 0 ? empty : null}
        {head === undefined ? <SkeletonRows count={14} /> : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((v) => {
            const entry = windows.entryAt(v.index);
            const isSelected = v.index === selected;
            const isOpen = entry?.id === openId;
            return (
              <div
                key={v.key}
                id={`audit-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${isOpen ? " is-active" : ""}${entry ? "" : " is-loading"}`}
                style={{ gridTemplateColumns: TEMPLATE, transform: `translateY(${v.start}px)`, height: AUDIT_ROW_HEIGHT }}
                data-testid={entry ? "audit-row" : "audit-row-loading"}
                data-entry-id={entry?.id}
                onClick={() => {
                  select(v.index);
                  if (entry) onOpen(entry);
                }}
              >
                {entry ? <EntryCells entry={entry} /> : HEADERS.map((h) => <SkeletonCell key={h} />)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function EntryCells({ entry }: { entry: AuditEntry }) {
  return (
    <>
      <div role="gridcell" className="book-cell num muted" title={formatAbsolute(entry.at)} data-testid="audit-time">
        {formatAuditTime(entry.at)}
      </div>
      <div role="gridcell" className="book-cell">
        <span className="cell-text" data-testid="audit-actor">
          {entry.actor}
        </span>
      </div>
      <div role="gridcell" className="book-cell">
        <ActionChip action={entry.action} />
      </div>
      <div role="gridcell" className="book-cell">
        <span className="cell-text mono-small" title={entry.target} data-testid="audit-target">
          {entry.target}
        </span>
      </div>
      <div role="gridcell" className="book-cell">
        {entry.reason === null ? (
          <span className="faint">—</span>
        ) : (
          <span className="cell-text muted" title={entry.reason} data-testid="audit-reason">
            {entry.reason}
          </span>
        )}
      </div>
    </>
  );
}

function SkeletonCell() {
  return (
    <div role="gridcell" className="book-cell">
      <span className="skeleton" />
    </div>
  );
}

function SkeletonRows({ count }: { count: number }) {
  return (
    <div className="book-skeleton" data-testid="audit-loading" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="book-row is-loading" style={{ gridTemplateColumns: TEMPLATE, height: AUDIT_ROW_HEIGHT }}>
          {HEADERS.map((h) => (
            <div key={h} className="book-cell">
              <span className="skeleton" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
