import { flexRender, useTable, type Header } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { BookPage, BookRow } from "../bindings";
import { nextIndex, type ListPosition } from "../lib/grid";
import { useNow } from "../lib/useNow";
import { BOOK_GRID_TEMPLATE, bookColumns, bookFeatures, type BookItem } from "./bookColumns";
import { WINDOW_SIZE, type BookFilter } from "./queries";
import { useBookWindows } from "./useBookWindows";

/** Height of a row (two lines of text), px. */
export const ROW_HEIGHT = 42;
/** Rows fetched beyond the last one on screen, so the next window is there before it shows. */
const LOOKAHEAD = 60;

type Props = {
  filter: BookFilter;
  position: ListPosition;
  onSort: (sort: BookFilter["sort"], descending: boolean) => void;
  onOpen: (row: BookRow) => void;
  /** The window the saved scroll position is in, fetched first: it gives the total. */
  headWindow: number;
  head: BookPage | undefined;
  /** What to show instead of rows when there are none. */
  empty: ReactNode;
};

/**
 * The book as a virtualised grid: `total` rows tall, rows fetched a window at a time as they
 * come into view, skeleton rows where a window is still loading. Keyboard: arrows, Page Up/Down,
 * Home/End move the selection; Enter opens it.
 */
export function BookTable({ filter, position, onSort, onOpen, headWindow, head, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow(60_000);
  const [selected, setSelected] = useState(() => position.selected);
  const total = head?.total ?? 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: () => position.scrollTop,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? headWindow * WINDOW_SIZE;
  const last = Math.min(Math.max(total - 1, 0), (virtualRows[virtualRows.length - 1]?.index ?? first) + LOOKAHEAD);
  const windows = useBookWindows(filter, first, last);

  const table = useTable({
    features: bookFeatures,
    columns: bookColumns,
    data: windows.items,
    getRowId: (it: BookItem) => String(it.index),
    meta: { now, showReason: filter.risk !== null },
  });
  const rows = table.getRowModel().rows;
  const rowByIndex = useMemo(() => new Map(rows.map((r) => [r.original.index, r])), [rows]);

  const select = (index: number) => {
    setSelected(index);
    position.saveSelected(index);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const row = windows.rowAt(selected);
      if (row) {
        e.preventDefault();
        onOpen(row);
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const next = nextIndex(e.key, Math.min(selected, total - 1), total, pageRows);
    if (next === null) return;
    e.preventDefault();
    select(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <div
      ref={scrollRef}
      className="book-grid"
      role="grid"
      aria-label="Book of accounts"
      aria-rowcount={total + 1}
      aria-colcount={headers.length}
      aria-activedescendant={total > 0 ? `book-row-${Math.min(selected, total - 1)}` : undefined}
      aria-busy={head === undefined}
      tabIndex={0}
      data-testid="book-grid"
      data-total={head?.total}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className="book-inner">
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: BOOK_GRID_TEMPLATE }}>
            {headers.map((h) => (
              <ColumnHeader key={h.id} header={h} filter={filter} onSort={onSort} />
            ))}
          </div>
        </div>
        {head !== undefined && total === 0 ? empty : null}
        {head === undefined ? <SkeletonRows count={12} columns={headers.length} /> : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((v) => {
            const row = rowByIndex.get(v.index);
            const isSelected = v.index === selected;
            return (
              <div
                key={v.key}
                id={`book-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${row ? "" : " is-loading"}`}
                style={{ gridTemplateColumns: BOOK_GRID_TEMPLATE, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                data-testid={row ? "book-row" : "book-row-loading"}
                data-tenant-id={row?.original.row.tenantId}
                onClick={() => {
                  select(v.index);
                  if (row) onOpen(row.original.row);
                }}
              >
                {row
                  ? row.getAllCells().map((cell) => (
                      <div
                        key={cell.id}
                        role="gridcell"
                        className={`book-cell${cell.column.columnDef.meta?.align === "right" ? " align-right" : ""}`}
                      >
                        <table.FlexRender cell={cell} />
                      </div>
                    ))
                  : headers.map((h) => (
                      <div key={h.id} role="gridcell" className="book-cell">
                        <span className="skeleton" />
                      </div>
                    ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function ColumnHeader({
  header,
  filter,
  onSort,
}: {
  header: Header<typeof bookFeatures, BookItem>;
  filter: BookFilter;
  onSort: Props["onSort"];
}) {
  const meta = header.column.columnDef.meta;
  const sort = meta?.sort;
  const active = sort !== undefined && filter.sort === sort;
  const right = meta?.align === "right";
  const ariaSort = active ? (filter.descending ? "descending" : "ascending") : sort ? "none" : undefined;
  const label = flexRender(header.column.columnDef.header, header.getContext());
  return (
    <div role="columnheader" aria-sort={ariaSort} className={`book-cell book-th${right ? " align-right" : ""}`}>
      {sort === undefined ? (
        label
      ) : (
        <button
          type="button"
          className={`th-button${active ? " is-active" : ""}`}
          data-testid={`sort-${header.id}`}
          onClick={() => onSort(sort, active ? !filter.descending : meta?.descendingFirst === true)}
        >
          {label}
          {active ? filter.descending ? <ArrowDown size={11} aria-hidden /> : <ArrowUp size={11} aria-hidden /> : null}
        </button>
      )}
    </div>
  );
}

function SkeletonRows({ count, columns }: { count: number; columns: number }) {
  return (
    <div className="book-skeleton" data-testid="book-loading" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="book-row is-loading" style={{ gridTemplateColumns: BOOK_GRID_TEMPLATE, height: ROW_HEIGHT }}>
          {Array.from({ length: columns }, (_, j) => (
            <div key={j} className="book-cell">
              <span className="skeleton" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
