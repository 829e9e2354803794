// The Alerts screen's reads and changes. Reads are refreshed by the core's status-changed event
// (useStatusEvents invalidates every query), which is how a pull from the platform, or the
// platform accepting or refusing a change, reaches the inbox. Changes go through the core's
// outbox: the record changes at once and shows "Pending sync" until the platform has it.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type AlertDetail, type AlertInbox, type AlertQuery, type NotificationSettings } from "../bindings";
import { unwrap } from "../lib/errors";
import { APP_STATUS_KEY } from "../lib/queries";

export const ALERTS_KEY = ["alerts"] as const;
export const SETTINGS_KEY = ["alerts", "settings"] as const;

/** The inbox for a filter; while a new filter loads, the previous rows stay. */
export function useAlertInbox(filter: AlertQuery) {
  return useQuery({
    queryKey: ["alerts", "inbox", filter],
    queryFn: async (): Promise<AlertInbox> => unwrap(await commands.alertsInbox(filter)),
    placeholderData: keepPreviousData,
  });
}

/** One alert with its notes and the earlier alerts of its dedup key. */
export function useAlertDetail(id: number) {
  return useQuery({
    queryKey: ["alerts", "alert", id],
    queryFn: async (): Promise<AlertDetail> => unwrap(await commands.alertDetail(id)),
  });
}

/** After a change: the inbox and the alert show it, the status bar and the rail count it. */
function useInvalidateAlerts() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: ALERTS_KEY }), qc.invalidateQueries({ queryKey: APP_STATUS_KEY })]);
}

export function useAckAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: async (id: number): Promise<null> => unwrap(await commands.alertAck(id)),
    onSuccess: invalidate,
  });
}

export function useResolveAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: async (v: { id: number; falsePositive: boolean; note: string | null }): Promise<null> =>
      unwrap(await commands.alertResolve(v.id, v.falsePositive, v.note)),
    onSuccess: invalidate,
  });
}

export function useAddAlertNote() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: async (v: { id: number; body: string }): Promise<string> => unwrap(await commands.alertAddNote(v.id, v.body)),
    onSuccess: invalidate,
  });
}

/** The member's notification settings (their defaults until they save some). */
export function useNotificationSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: async (): Promise<NotificationSettings> => unwrap(await commands.notificationSettings()),
  });
}

export function useSaveNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (settings: NotificationSettings): Promise<null> => unwrap(await commands.saveNotificationSettings(settings)),
    onSuccess: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}
