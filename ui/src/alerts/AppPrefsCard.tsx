// The desk's own preferences on this laptop, beside the notification settings because they
// decide whether notifications keep coming: keep running in the tray when the window is closed,
// and start at login. Saved at once on each change; a failure is shown and the switch returns.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type AppPrefs } from "../bindings";
import { errorMessage, unwrap } from "../lib/errors";

const PREFS_KEY = ["appPrefs"] as const;

export function AppPrefsCard() {
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: PREFS_KEY, queryFn: async (): Promise<AppPrefs> => unwrap(await commands.appPrefs()) });
  const save = useMutation({
    mutationFn: async (p: AppPrefs): Promise<null> => unwrap(await commands.saveAppPrefs(p)),
    onSettled: () => qc.invalidateQueries({ queryKey: PREFS_KEY }),
  });
  const current = prefs.data;
  const toggle = (patch: Partial<AppPrefs>) => {
    if (current) save.mutate({ ...current, ...patch });
  };
  return (
    <section className="alert-settings app-prefs" data-testid="app-prefs" aria-labelledby="app-prefs-title">
      <div className="settings-head">
        <div>
          <h2 className="settings-title" id="app-prefs-title">This computer</h2>
          <p className="muted small">Keep the desk in the tray to go on receiving notifications with the window closed.</p>
        </div>
      </div>
      <div className="settings-checks">
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="app-prefs-tray"
            checked={current?.keepInTray ?? false}
            disabled={!current || save.isPending}
            onChange={(e) => toggle({ keepInTray: e.target.checked })}
          />
          Keep running in the tray when the window is closed
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="app-prefs-autostart"
            checked={current?.autostart ?? false}
            disabled={!current || save.isPending}
            onChange={(e) => toggle({ autostart: e.target.checked })}
          />
          Start Penguin Desk when I log in
        </label>
      </div>
      {prefs.isError && <p className="field-error" role="alert">Could not read the preferences: {errorMessage(prefs.error)}</p>}
      {save.isError && <p className="field-error" role="alert" data-testid="app-prefs-error">Not saved: {errorMessage(save.error)}</p>}
    </section>
  );
}
