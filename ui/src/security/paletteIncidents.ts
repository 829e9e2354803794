// The command palette's incident records: incidents (closed ones too) whose title, summary or type
// hold what is typed, from the local copy, a few at a time, for a member with desk_security.
// Nothing is asked for an empty text.
import { useQuery } from "@tanstack/react-query";
import { commands, type IncidentRecord } from "../bindings";
import { unwrap } from "../lib/errors";
import { INCIDENTS_KEY } from "./queries";

/** How many incidents the palette lists. */
const PALETTE_INCIDENTS = 5;

export function usePaletteIncidents(text: string, enabled: boolean): { incidents: IncidentRecord[]; fetching: boolean } {
  const t = text.trim();
  const on = enabled && t.length >= 2;
  const incidents = useQuery({
    queryKey: [...INCIDENTS_KEY, "palette", t],
    queryFn: async (): Promise<IncidentRecord[]> => unwrap(await commands.securityIncidents({ includeFinished: true, search: t })).incidents.slice(0, PALETTE_INCIDENTS),
    enabled: on,
    staleTime: 10_000,
  });
  return { incidents: on ? (incidents.data ?? []) : [], fetching: on && incidents.isFetching };
}
