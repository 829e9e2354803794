import { flexRender, useTable, type Header } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { InvoicePage, InvoiceRow } from "../bindings";
import { nextIndex, type ListPosition } from "../lib/grid";
import { INVOICE_GRID_TEMPLATE, invoiceColumns, invoiceFeatures } from "./invoiceColumns";
import { INVOICE_WINDOW, type InvoiceFilter } from "./queries";
import { useInvoiceWindows, type InvoiceItem } from "./useInvoiceWindows";

/** Height of a row (one line of text), px. */
export const INVOICE_ROW_HEIGHT = 34;
/** Rows fetched beyond the last one on screen, so the next window is there before it shows. */
const LOOKAHEAD = 80;

/** j and k move like the arrows (as in a mail client). */
const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props = {
  filter: InvoiceFilter;
  position: ListPosition;
  onSort: (sort: InvoiceFilter["sort"], descending: boolean) => void;
  onOpen: (row: InvoiceRow) => void;
  /** The window the saved scroll position is in, fetched first: it gives the total. */
  headWindow: number;
  head: InvoicePage | undefined;
  /** What to show instead of rows when there are none. */
  empty: ReactNode;
};

/**
 * The invoices as a virtualised grid: `total` rows tall, rows fetched a window at a time as they
 * come into view, skeleton rows where a window is still loading. Keyboard: arrows or j/k,
 * Page Up/Down, Home/End move the selection; Enter opens it.
 */
export function InvoiceTable({ filter, position, onSort, onOpen, headWindow, head, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(() => position.selected);
  const total = head?.total ?? 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => INVOICE_ROW_HEIGHT,
    overscan: 16,
    initialOffset: () => position.scrollTop,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? headWindow * INVOICE_WINDOW;
  const last = Math.min(Math.max(total - 1, 0), (virtualRows[virtualRows.length - 1]?.index ?? first) + LOOKAHEAD);
  const windows = useInvoiceWindows(filter, first, last);

  const table = useTable({
    features: invoiceFeatures,
    columns: invoiceColumns,
    data: windows.items,
    getRowId: (it: InvoiceItem) => String(it.index),
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
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? INVOICE_ROW_HEIGHT * 10) / INVOICE_ROW_HEIGHT) - 1);
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, Math.min(selected, total - 1), total, pageRows);
    if (next === null) return;
    e.preventDefault();
    select(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  return (
    <div
      ref={scrollRef}
      className="book-grid invoice-grid"
      role="grid"
      aria-label="Invoices"
      aria-rowcount={total + 1}
      aria-colcount={headers.length}
      aria-activedescendant={total > 0 ? `invoice-row-${Math.min(selected, total - 1)}` : undefined}
      aria-busy={head === undefined}
      tabIndex={0}
      data-testid="invoice-grid"
      data-total={head?.total}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className="book-inner invoice-inner">
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: INVOICE_GRID_TEMPLATE }}>
            {headers.map((h) => (
              <ColumnHeader key={h.id} header={h} filter={filter} onSort={onSort} />
            ))}
          </div>
        </div>
        {head !== undefined && total === 0 ? empty : null}
        {head === undefined ? <SkeletonRows count={14} columns={headers.length} /> : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((v) => {
            const row = rowByIndex.get(v.index);
            const isSelected = v.index === selected;
            const overdue = (row?.original.row.daysOverdue ?? 0) > 0;
            return (
              <div
                key={v.key}
                id={`invoice-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${row ? "" : " is-loading"}${overdue ? " is-overdue" : ""}`}
                style={{ gridTemplateColumns: INVOICE_GRID_TEMPLATE, transform: `translateY(${v.start}px)`, height: INVOICE_ROW_HEIGHT }}
                data-testid={row ? "invoice-row" : "invoice-row-loading"}
                data-invoice-id={row?.original.row.id}
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
  header: Header<typeof invoiceFeatures, InvoiceItem>;
  filter: InvoiceFilter;
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
          data-testid={`invoice-sort-${header.id}`}
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
    <div className="book-skeleton" data-testid="invoice-loading" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="book-row is-loading" style={{ gridTemplateColumns: INVOICE_GRID_TEMPLATE, height: INVOICE_ROW_HEIGHT }}>
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
