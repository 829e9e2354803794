// The windows of the trail covering the rows on screen (and a little beyond), fetched as the
// user scrolls; a long trail is never loaded at once.
import { useQueries, type QueryObserverResult } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { AuditEntry, AuditPage } from "../bindings";
import type { AuditFilter } from "./format";
import { AUDIT_WINDOW, auditWindowKey, fetchAuditWindow } from "./queries";

export type AuditWindows = {
  /** The entry at an absolute index, if its window is loaded. */
  entryAt: (index: number) => AuditEntry | undefined;
  error: unknown;
};

/** The window indices covering rows `first`..`last` (inclusive). */
export function auditWindowsFor(first: number, last: number): number[] {
  const a = Math.max(0, Math.floor(first / AUDIT_WINDOW));
  const b = Math.max(a, Math.floor(Math.max(first, last) / AUDIT_WINDOW));
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export function useAuditWindows(filter: AuditFilter, first: number, last: number): AuditWindows {
  const windows = useMemo(() => auditWindowsFor(first, last), [first, last]);
  const combine = useCallback(
    (results: QueryObserverResult<AuditPage>[]): AuditWindows => {
      const byIndex = new Map<number, AuditEntry>();
      results.forEach((r, i) => {
        const base = (windows[i] ?? 0) * AUDIT_WINDOW;
        r.data?.rows.forEach((e, j) => byIndex.set(base + j, e));
      });
      return { entryAt: (i: number) => byIndex.get(i), error: results.find((r) => r.isError)?.error ?? null };
    },
    [windows],
  );
  return useQueries({
    queries: windows.map((w) => ({
      queryKey: auditWindowKey(filter, w),
      queryFn: (): Promise<AuditPage> => fetchAuditWindow(filter, w),
    })),
    combine,
  });
}
