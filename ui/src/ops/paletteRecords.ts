// The command palette's Operations records: escalations (any state) and knowledge-base articles
// matching what is typed, read from the local copy, a few of each, so a member jumps straight to
// one. Nothing is asked for an empty text.
import { useQuery } from "@tanstack/react-query";
import { commands, type ArticleHit, type EscalationRecord } from "../bindings";
import { unwrap } from "../lib/errors";
import { ESCALATIONS_KEY, KB_KEY } from "./queries";

/** How many of each kind the palette lists. */
const PALETTE_RECORDS = 5;

export function usePaletteRecords(text: string, enabled: boolean): { escalations: EscalationRecord[]; articles: ArticleHit[]; fetching: boolean } {
  const t = text.trim();
  const on = enabled && t.length >= 2;
  const escalations = useQuery({
    queryKey: [...ESCALATIONS_KEY, "palette", t],
    queryFn: async (): Promise<EscalationRecord[]> =>
      unwrap(await commands.opsEscalations({ states: [], search: t, overdueOnly: false, tenantId: null })).escalations.slice(0, PALETTE_RECORDS),
    enabled: on,
    staleTime: 10_000,
  });
  const articles = useQuery({
    queryKey: [...KB_KEY, "palette", t],
    queryFn: async (): Promise<ArticleHit[]> => unwrap(await commands.kbSearch(t)).slice(0, PALETTE_RECORDS),
    enabled: on,
    staleTime: 10_000,
  });
  return {
    escalations: on ? (escalations.data ?? []) : [],
    articles: on ? (articles.data ?? []) : [],
    fetching: on && (escalations.isFetching || articles.isFetching),
  };
}
