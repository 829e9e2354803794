// Keyboard and position helpers shared by the virtualised lists (the book, the invoices).

/** The row to select after a navigation key, or null for a key the grid does not handle. */
export function nextIndex(key: string, current: number, total: number, pageRows: number): number | null {
  if (total <= 0) return null;
  const last = total - 1;
  switch (key) {
    case "ArrowDown":
      return Math.min(last, current + 1);
    case "ArrowUp":
      return Math.max(0, current - 1);
    case "PageDown":
      return Math.min(last, current + pageRows);
    case "PageUp":
      return Math.max(0, current - pageRows);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}

/**
 * Where a long list was left (scroll offset, selected row): kept while one of its records is
 * open and across sections. A plain note, not state, so scrolling re-renders nothing.
 */
export class ListPosition {
  private scroll = 0;
  private row = 0;
  get scrollTop(): number {
    return this.scroll;
  }
  get selected(): number {
    return this.row;
  }
  saveScroll(top: number): void {
    this.scroll = top;
  }
  saveSelected(index: number): void {
    this.row = index;
  }
  reset(): void {
    this.scroll = 0;
    this.row = 0;
  }
}
