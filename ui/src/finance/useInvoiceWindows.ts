import { useQueries, type QueryObserverResult } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { InvoicePage, InvoiceRow } from "../bindings";
import { fetchInvoiceWindow, INVOICE_WINDOW, invoiceWindowKey, type InvoiceFilter } from "./queries";

export type InvoiceWindows = {
  /** The row at an absolute index, if its window is loaded. */
  rowAt: (index: number) => InvoiceRow | undefined;
  /** Loaded rows of the windows in use, with their absolute index (for the table). */
  items: InvoiceItem[];
  error: unknown;
};

/** An invoice with its absolute position in the whole (filtered, sorted) list. */
export type InvoiceItem = { index: number; row: InvoiceRow };

/** The window indices covering rows `first`..`last` (inclusive). */
export function invoiceWindowsFor(first: number, last: number): number[] {
  const a = Math.max(0, Math.floor(first / INVOICE_WINDOW));
  const b = Math.max(a, Math.floor(Math.max(first, last) / INVOICE_WINDOW));
  const out: number[] = [];
  for (let w = a; w <= b; w++) out.push(w);
  return out;
}

/**
 * The invoices as windows of INVOICE_WINDOW rows fetched by offset as the user scrolls: each
 * window is its own cached query keyed by the filter and its index, so scrolling back is instant
 * and hundreds of thousands of invoices are never loaded at once.
 */
export function useInvoiceWindows(filter: InvoiceFilter, first: number, last: number): InvoiceWindows {
  const from = Math.max(0, Math.floor(first / INVOICE_WINDOW));
  const to = Math.max(from, Math.floor(last / INVOICE_WINDOW));
  const windows = useMemo(() => invoiceWindowsFor(from * INVOICE_WINDOW, to * INVOICE_WINDOW), [from, to]);
  const combine = useCallback(
    (results: QueryObserverResult<InvoicePage>[]): InvoiceWindows => {
      const loaded = results.flatMap((r, i) => (r.data === undefined ? [] : [{ w: windows[i] ?? 0, page: r.data }]));
      const items = loaded.flatMap(({ w, page }) => page.rows.map((row, j) => ({ index: w * INVOICE_WINDOW + j, row })));
      const byIndex = new Map(items.map((it) => [it.index, it.row]));
      return {
        rowAt: (i: number) => byIndex.get(i),
        items,
        error: results.find((r) => r.isError)?.error ?? null,
      };
    },
    [windows],
  );
  return useQueries({
    queries: windows.map((w) => ({
      queryKey: invoiceWindowKey(filter, w),
      queryFn: (): Promise<InvoicePage> => fetchInvoiceWindow(filter, w),
    })),
    combine,
  });
}
