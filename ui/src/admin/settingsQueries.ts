// Platform settings: the list and one setting's history, read from the local copy (so they
// show offline, as last synced), and the changes sent to the platform at once — a change in
// staging, a promotion to production (with its health check), a rollback. Each refreshes every
// settings query; the sync that follows brings the new versions into the local copy.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type PromotionOutcome, type SettingChange, type SettingDetail, type SettingRollback, type SettingView } from "../bindings";
import { unwrap } from "../lib/errors";

export const SETTINGS_KEY = ["admin", "settings"] as const;
export const SETTINGS_LIST_KEY = [...SETTINGS_KEY, "list"] as const;
export const settingKey = (key: string) => [...SETTINGS_KEY, "detail", key] as const;

/** What a promotion asks: the version staging runs, and why. */
export type Promotion = { key: string; version: number; rationale: string };

export function useSettings() {
  return useQuery({
    queryKey: SETTINGS_LIST_KEY,
    queryFn: async (): Promise<SettingView[]> => unwrap(await commands.adminSettings()),
  });
}

/** One setting with its versions, applications and the rules that involve it. */
export function useSetting(key: string) {
  return useQuery({
    queryKey: settingKey(key),
    queryFn: async (): Promise<SettingDetail> => unwrap(await commands.adminSetting(key)),
  });
}

/** Changes a setting in staging; answers the new version. */
export function useChangeSetting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (change: SettingChange): Promise<number> => unwrap(await commands.adminChangeSetting(change)),
    onSuccess: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}

/**
 * Promotes staging's version to production; the desk then runs the health check and may
 * restore production's previous value. Refreshed whatever the answer: a failure after the
 * promotion landed (the restore, say) still changed production.
 */
export function usePromoteSetting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (p: Promotion): Promise<PromotionOutcome> => unwrap(await commands.adminPromoteSetting(p.key, p.version, p.rationale)),
    onSettled: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}

/** Runs an earlier version's value again in one environment; answers the new version. */
export function useRollbackSetting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (rollback: SettingRollback): Promise<number> => unwrap(await commands.adminRollbackSetting(rollback)),
    onSuccess: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}
