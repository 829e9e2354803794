// The flags as a dense, virtualised keyboard grid (react-table for the columns, react-virtual
// for the rows). Keys (useKeyboardTable): arrows or j/k, Page Up/Down, Home/End move the choice;
// Enter or a click opens the flag in the panel; here besides, `n` asks for a new flag when the
// caller allows it (no panel open).
import { flexRender, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, type KeyboardEvent, type ReactNode } from "react";
import type { FlagView } from "../bindings";
import { gridFeatures } from "../finance/DataGrid";
import type { ListPosition } from "../lib/grid";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { flagColumns } from "./flagColumns";

/** Height of a row (one line), px. */
const ROW_HEIGHT = 34;

type Props = {
  /** The flags listed, or undefined while the first answer is awaited. */
  rows: FlagView[] | undefined;
  position: ListPosition;
  /** The flag open in the panel (its row is marked), or null. */
  openKey: string | null;
  onOpen: (flag: FlagView) => void;
  /** The choice moved to another row (the panel, when open, follows it). */
  onChoose: (flag: FlagView) => void;
  /** `n` on the grid: a new flag (undefined: not now). */
  onNew: (() => void) | undefined;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
};

export function FlagsTable({ rows, position, openKey, onOpen, onChoose, onNew, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const data = useMemo(() => rows ?? [], [rows]);
  const total = data.length;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in this render only and never passed to a memoised child.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: () => position.scrollTop,
  });
  const table = useTable({ features: gridFeatures, columns: flagColumns, data, getRowId: (f) => f.key });
  const tableRows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const template = flagColumns.map((c) => c.meta?.width ?? "1fr").join(" ");

  // The view hands the grid the keyboard; the choice starts where the list was left.
  const keyboard = useKeyboardTable(data, null, onOpen, onChoose, {
    position,
    pageRows: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1),
    scrollTo: (index) => virtualizer.scrollToIndex(index, { align: "auto" }),
  });
  const { current, openRow } = keyboard;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "n" && onNew !== undefined && !(e.altKey || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onNew();
      return;
    }
    keyboard.onKeyDown(e);
  };

  return (
    <div
      ref={scrollRef}
      className="book-grid flags-grid"
      role="grid"
      aria-label="Feature flags"
      aria-rowcount={total + 1}
      aria-colcount={headers.length}
      aria-activedescendant={total > 0 ? `flag-row-${current}` : undefined}
      aria-busy={rows === undefined}
      tabIndex={0}
      data-testid="flags-table"
      data-total={rows?.length}
      onKeyDown={onKeyDown}
      onScroll={(e) => position.saveScroll(e.currentTarget.scrollTop)}
    >
      <div className={`book-inner flags-inner${openKey === null ? "" : " is-compact"}`}>
        <div className="book-head" role="rowgroup">
          <div className="book-row book-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {headers.map((h) => (
              <div key={h.id} role="columnheader" className={`book-cell book-th${h.column.columnDef.meta?.align === "right" ? " align-right" : ""}`}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </div>
            ))}
          </div>
        </div>
        {rows !== undefined && total === 0 ? empty : null}
        <div className="book-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = tableRows[v.index];
            if (!row) return null;
            const flag = row.original;
            const isSelected = v.index === current;
            return (
              <div
                key={row.id}
                id={`flag-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                className={`book-row${isSelected ? " is-selected" : ""}${flag.key === openKey ? " is-active" : ""}${flag.archivedAt === null ? "" : " is-archived"}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                data-testid={`flag-row-${flag.key}`}
                data-key={flag.key}
                onClick={() => openRow(v.index)}
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
