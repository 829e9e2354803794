import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Account360, type BookPage, type BookQuery, type BriefFormat, type SearchHit, type TouchpointDraft } from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";

/** Rows fetched per request as the book scrolls. */
export const WINDOW_SIZE = 200;

/** The book's query without the paging fields: what a cached window is keyed by. */
export type BookFilter = Omit<BookQuery, "offset" | "limit">;

export const CS_KEY = ["cs"] as const;
export const bookWindowKey = (filter: BookFilter, window: number) => ["cs", "book", filter, window] as const;
export const accountKey = (tenantId: string) => ["cs", "account", tenantId] as const;

/** Fetches one window of the book (WINDOW_SIZE rows from window × WINDOW_SIZE). */
export async function fetchBookWindow(filter: BookFilter, window: number): Promise<BookPage> {
  return unwrap(await commands.csBook({ ...filter, offset: window * WINDOW_SIZE, limit: WINDOW_SIZE }));
}

/** Everything about one account, for its 360. */
export function useAccount(tenantId: string) {
  return useQuery({
    queryKey: accountKey(tenantId),
    queryFn: async (): Promise<Account360> => unwrap(await commands.csAccount(tenantId)),
  });
}

/** Accounts whose name or domain contains `text` (nothing is asked for an empty text). */
export function useAccountSearch(text: string, enabled: boolean) {
  const t = text.trim();
  return useQuery({
    queryKey: ["cs", "search", t],
    queryFn: async (): Promise<SearchHit[]> => unwrap(await commands.csSearch(t, 8)),
    enabled: enabled && t.length > 0,
    staleTime: 10_000,
  });
}

/**
 * After a change: the account and the book show it, and the status bar counts it as queued
 * (the core emits status-changed once the sync loop has tried to send it, which offline can
 * take a while).
 */
function useInvalidateCs() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: CS_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

export function useAddTouchpoint() {
  const invalidate = useInvalidateCs();
  return useMutation({
    mutationFn: async (draft: TouchpointDraft): Promise<string> => unwrap(await commands.csAddTouchpoint(draft)),
    onSuccess: invalidate,
  });
}

export function useCompleteMilestone() {
  const invalidate = useInvalidateCs();
  return useMutation({
    mutationFn: async (v: { id: string; done: boolean }): Promise<null> => unwrap(await commands.csCompleteMilestone(v.id, v.done)),
    onSettled: invalidate,
  });
}

export function useExportBrief() {
  return useMutation({
    mutationFn: async (v: { tenantId: string; format: BriefFormat }): Promise<string> =>
      unwrap(await commands.csExportBrief(v.tenantId, v.format)),
  });
}
