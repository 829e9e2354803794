import { useQueries, type QueryObserverResult } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { BookPage, BookRow } from "../bindings";
import { bookWindowKey, fetchBookWindow, WINDOW_SIZE, type BookFilter } from "./queries";

export type BookWindows = {
  /** Accounts matching the filter, once any window has answered. */
  total: number | null;
  asOf: string | null;
  plans: [string, string][];
  owners: [string, string][];
  /** The row at an absolute index, if its window is loaded. */
  rowAt: (index: number) => BookRow | undefined;
  /** Loaded rows of the windows in use, with their absolute index (for the table). */
  items: { index: number; row: BookRow }[];
  error: unknown;
  refetch: () => void;
};

/** The window indices covering rows `first`..`last` (inclusive). */
export function windowsFor(first: number, last: number): number[] {
  const a = Math.max(0, Math.floor(first / WINDOW_SIZE));
  const b = Math.max(a, Math.floor(Math.max(first, last) / WINDOW_SIZE));
  const out: number[] = [];
  for (let w = a; w <= b; w++) out.push(w);
  return out;
}

/**
 * The book as windows of WINDOW_SIZE rows fetched by offset as the user scrolls: each window is
 * its own cached query keyed by the filter and its index, so scrolling back is instant and a
 * status-changed event refreshes only the windows on screen.
 */
export function useBookWindows(filter: BookFilter, first: number, last: number): BookWindows {
  const from = Math.max(0, Math.floor(first / WINDOW_SIZE));
  const to = Math.max(from, Math.floor(last / WINDOW_SIZE));
  // Stable while the rows on screen stay within the same windows, so `combine` (and the
  // table's data) only change when a window's data does.
  const windows = useMemo(() => windowsFor(from * WINDOW_SIZE, to * WINDOW_SIZE), [from, to]);
  const combine = useCallback(
    (results: QueryObserverResult<BookPage>[]): BookWindows => {
      const loaded = results.flatMap((r, i) => (r.data === undefined ? [] : [{ w: windows[i] ?? 0, page: r.data }]));
      const head = loaded[0]?.page;
      const items = loaded.flatMap(({ w, page }) => page.rows.map((row, j) => ({ index: w * WINDOW_SIZE + j, row })));
      const byIndex = new Map(items.map((it) => [it.index, it.row]));
      return {
        total: head?.total ?? null,
        asOf: head?.asOf ?? null,
        plans: head?.plans ?? [],
        owners: head?.owners ?? [],
        rowAt: (i: number) => byIndex.get(i),
        items,
        error: results.find((r) => r.isError)?.error ?? null,
        refetch: () => {
          for (const r of results) if (r.isError) void r.refetch();
        },
      };
    },
    [windows],
  );
  return useQueries({
    queries: windows.map((w) => ({
      queryKey: bookWindowKey(filter, w),
      queryFn: (): Promise<BookPage> => fetchBookWindow(filter, w),
    })),
    combine,
  });
}
