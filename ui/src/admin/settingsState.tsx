// What the settings view remembers while the member is elsewhere (another tab or section): the
// filter's words, the chosen row and the setting open in the panel, so coming back finds the
// list as it was left.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { SettingView } from "../bindings";
import { ListPosition } from "../lib/grid";

type SettingsStateApi = {
  /** The filter's words over key and description, or null for every setting. */
  filter: string | null;
  setFilter: (text: string | null) => void;
  position: ListPosition;
  /** The setting shown in the panel (as last listed), or null when it is closed. */
  open: SettingView | null;
  setOpen: (setting: SettingView | null) => void;
};

const SettingsStateContext = createContext<SettingsStateApi | null>(null);

export function SettingsStateProvider({ children }: { children: ReactNode }) {
  const [filter, setFilterState] = useState<string | null>(null);
  const [position] = useState(() => new ListPosition());
  const [open, setOpen] = useState<SettingView | null>(null);
  // Another filter is another list: start at its top (the open setting stays open).
  const setFilter = useCallback(
    (text: string | null) => {
      position.reset();
      setFilterState(text);
    },
    [position],
  );
  const api = useMemo(() => ({ filter, setFilter, position, open, setOpen }), [filter, setFilter, position, open]);
  return <SettingsStateContext.Provider value={api}>{children}</SettingsStateContext.Provider>;
}

export function useSettingsState(): SettingsStateApi {
  const ctx = useContext(SettingsStateContext);
  if (!ctx) throw new Error("useSettingsState must be used inside <SettingsStateProvider>");
  return ctx;
}
