// A click on a desktop notification, or the tray menu's "Alert inbox", asks the window to open
// an alert (or the inbox, for a summary): the shell emits OpenAlert and this hook navigates.
import { useEffect } from "react";
import { events } from "../bindings";
import { useNav } from "../lib/nav";

export function useOpenAlertEvents(): void {
  const { openAlert, openAlerts } = useNav();
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let cancelled = false;
    events.openAlert
      .listen((e) => {
        const id = e.payload.alertId;
        if (id === null) openAlerts("inbox");
        else openAlert(id);
      })
      .then((u) => {
        if (cancelled) u();
        else unlisten = u;
      })
      .catch((err: unknown) => {
        // Outside the Tauri shell there is no event bus: nothing can ask to open an alert.
        console.warn("open-alert events unavailable:", err);
      });
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [openAlert, openAlerts]);
}
