import { flexRender, metaHelper, tableFeatures, useTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { nextIndex } from "../lib/grid";

export type GridColumnMeta = {
  /** Its CSS grid track. */
  width: string;
  align?: "right";
};

export const gridFeatures = tableFeatures({
  columnMeta: metaHelper<GridColumnMeta>(),
});

/** A column of a DataGrid (built with createColumnHelper<typeof gridFeatures, Row>()). */
export type GridColumn<Row extends RowData> = ColumnDef<typeof gridFeatures, Row>;

/** j and k move like the arrows. */
const VIM_KEYS: Record<string, string> = { j: "ArrowDown", k: "ArrowUp" };

type Props<Row extends RowData> = {
  rows: Row[];
  columns: GridColumn<Row>[];
  rowKey: (row: Row) => string;
  /** Enter or a click on a row. */
  onOpen: (row: Row) => void;
  /** The row shown as chosen (a detail pane's), if any. */
  activeKey?: string | null;
  label: string;
  testId: string;
  /** Every row's test id, or one per row (e.g. `escalation-row-<id>`). */
  rowTestId: string | ((row: Row) => string);
  /** The choice moved to another row by the keyboard (a detail pane, when open, follows it). */
  onChoose?: (row: Row) => void;
  /** A row's status, as its data-status attribute (for the end-to-end tests). */
  rowStatus?: (row: Row) => string;
  /** Extra classes for a row (overdue, urgent…). */
  rowClass?: (row: Row) => string;
  rowHeight?: number;
  minWidth?: number;
  empty?: ReactNode;
};

/**
 * A list the core sends whole (exceptions, failed payments, disputes) as a virtualised keyboard
 * grid, like the book and the invoices: arrows or j/k, Page Up/Down, Home/End select; Enter opens.
 */
export function DataGrid<Row extends RowData>({ rows, columns, rowKey, onOpen, onChoose, activeKey = null, label, testId, rowTestId, rowStatus, rowClass, rowHeight = 34, minWidth = 900, empty }: Props<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(0);
  const total = rows.length;
  const current = Math.min(selected, Math.max(total - 1, 0));

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const table = useTable({ features: gridFeatures, columns, data: rows, getRowId: rowKey });
  const tableRows = table.getRowModel().rows;
  const template = useMemo(() => columns.map((c) => c.meta?.width ?? "1fr").join(" "), [columns]);
  const headers = table.getHeaderGroups()[0]?.headers ?? [];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      const row = rows[current];
      if (row !== undefined) {
        e.preventDefault();
        onOpen(row);
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const next = nextIndex(VIM_KEYS[e.key] ?? e.key, current, total, pageRows);
    if (next === null) return;
    e.preventDefault();
    setSelected(next);
    const chosen = rows[next];
    if (chosen !== undefined) onChoose?.(chosen);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  return (
    <div
      ref={scrollRef}
      className="book-grid data-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={headers.length}
      aria-activedescendant={total > 0 ? `${testId}-row-${current}` : undefined}
      tabIndex={0}
      data-testid={testId}
      data-total={total}
      onKeyDown={onKeyDown}
    >
      <div className="book-inner" style={{ minWidth }}>
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {headers.map((h) => (
              <div key={h.id} role="columnheader" className={`book-cell book-th${h.column.columnDef.meta?.align === "right" ? " align-right" : ""}`}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </div>
            ))}
          </div>
        </div>
        {total === 0 ? empty : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = tableRows[v.index];
            if (!row) return null;
            const isSelected = v.index === current;
            const isActive = activeKey !== null && row.id === activeKey;
            return (
              <div
                key={row.id}
                id={`${testId}-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${isActive ? " is-active" : ""}${rowClass ? ` ${rowClass(row.original)}` : ""}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${v.start}px)`, height: rowHeight }}
                data-testid={typeof rowTestId === "string" ? rowTestId : rowTestId(row.original)}
                data-key={row.id}
                data-status={rowStatus?.(row.original)}
                onClick={() => {
                  setSelected(v.index);
                  onOpen(row.original);
                }}
              >
                {row.getAllCells().map((cell) => (
                  <div key={cell.id} role="gridcell" className={`book-cell${cell.column.columnDef.meta?.align === "right" ? " align-right" : ""}`}>
                    <table.FlexRender cell={cell} />
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
