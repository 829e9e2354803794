// Feature flags: the list, the stale report and one flag's history and week of evaluations,
// read from the local copy (so they show offline, as last synced), and the edits sent to the
// platform at once — a state in one environment (or a new flag), the one-click rollback, the
// archive — plus the online count of tenants a state would reach. Each edit refreshes every
// flags query; the sync that follows brings the new versions into the local copy.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type Environment, type FlagDetail, type FlagInput, type FlagReach, type FlagState, type FlagView } from "../bindings";
import { unwrap } from "../lib/errors";

export const FLAGS_KEY = ["admin", "flags"] as const;
export const FLAGS_LIST_KEY = [...FLAGS_KEY, "list"] as const;
export const STALE_FLAGS_KEY = [...FLAGS_KEY, "stale"] as const;
export const flagKey = (key: string, environment: Environment) => [...FLAGS_KEY, "detail", key, environment] as const;

/** A one-click rollback: the environment goes back to the version before its current one. */
export type FlagRollback = { key: string; environment: Environment; reason: string };

/** An archive: off everywhere, no longer evaluated. */
export type FlagArchive = { key: string; reason: string };

export function useFlags() {
  return useQuery({
    queryKey: FLAGS_LIST_KEY,
    queryFn: async (): Promise<FlagView[]> => unwrap(await commands.adminFlags()),
  });
}

/** The stale report: fully on or off for 30 days, or not evaluated for 14. */
export function useStaleFlags() {
  return useQuery({
    queryKey: STALE_FLAGS_KEY,
    queryFn: async (): Promise<FlagView[]> => unwrap(await commands.adminStaleFlags()),
  });
}

/** One flag with its history (both environments), dependants and a week of evaluations in `environment`. */
export function useFlag(key: string, environment: Environment) {
  return useQuery({
    queryKey: flagKey(key, environment),
    queryFn: async (): Promise<FlagDetail> => unwrap(await commands.adminFlag(key, environment)),
    placeholderData: keepPreviousData,
  });
}

/**
 * How many tenants a state would reach (targeting and rollout; online only, so the caller asks
 * only online). `stateJson` is the state as JSON, already debounced; null asks nothing.
 */
export function useFlagReach(key: string, stateJson: string | null) {
  return useQuery({
    queryKey: [...FLAGS_KEY, "reach", key, stateJson],
    queryFn: async (): Promise<FlagReach> => unwrap(await commands.adminFlagReach(key, JSON.parse(stateJson ?? "null") as FlagState)),
    enabled: stateJson !== null,
    placeholderData: keepPreviousData,
  });
}

/** Changes a flag's state in one environment (or creates it); answers the environment's new version. */
export function useSetFlag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: FlagInput): Promise<number> => unwrap(await commands.adminSetFlag(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: FLAGS_KEY }),
  });
}

/** Rolls an environment back to its previous state, as a new version; answers that version. */
export function useRollbackFlag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (r: FlagRollback): Promise<number> => unwrap(await commands.adminRollbackFlag(r.key, r.environment, r.reason)),
    onSuccess: () => qc.invalidateQueries({ queryKey: FLAGS_KEY }),
  });
}

/** Archives a flag (refused while another flag lists it as a prerequisite). */
export function useArchiveFlag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (a: FlagArchive): Promise<null> => unwrap(await commands.adminArchiveFlag(a.key, a.reason)),
    onSuccess: () => qc.invalidateQueries({ queryKey: FLAGS_KEY }),
  });
}
