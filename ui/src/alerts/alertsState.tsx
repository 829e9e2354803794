// What the Alerts section remembers while an alert is open or the member is elsewhere: the
// inbox's filters and where the list was left (scroll, the chosen alert), so Esc from an alert
// or a trip to another section comes back to the same place.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { AlertQuery } from "../bindings";
import { ListPosition } from "../lib/grid";
import { DEFAULT_ALERT_FILTER } from "./format";

/** The list's position plus the alert chosen in it (rows move as alerts change status). */
export class InboxPosition extends ListPosition {
  private chosen: number | null = null;
  get alertId(): number | null {
    return this.chosen;
  }
  saveAlert(id: number | null): void {
    this.chosen = id;
  }
  override reset(): void {
    super.reset();
    this.chosen = null;
  }
}

type AlertsStateApi = {
  filter: AlertQuery;
  setFilter: (update: (f: AlertQuery) => AlertQuery) => void;
  position: InboxPosition;
};

const AlertsStateContext = createContext<AlertsStateApi | null>(null);

export function AlertsStateProvider({ children }: { children: ReactNode }) {
  const [filter, setFilterState] = useState<AlertQuery>(DEFAULT_ALERT_FILTER);
  const [position] = useState(() => new InboxPosition());
  const setFilter = useCallback(
    (update: (f: AlertQuery) => AlertQuery) => {
      // Another filter is another list: start at its top.
      position.reset();
      setFilterState(update);
    },
    [position],
  );
  const api = useMemo(() => ({ filter, setFilter, position }), [filter, setFilter, position]);
  return <AlertsStateContext.Provider value={api}>{children}</AlertsStateContext.Provider>;
}

export function useAlertsState(): AlertsStateApi {
  const ctx = useContext(AlertsStateContext);
  if (!ctx) throw new Error("useAlertsState must be used inside <AlertsStateProvider>");
  return ctx;
}
