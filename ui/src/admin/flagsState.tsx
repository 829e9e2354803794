// What the flags view remembers while the member is elsewhere (another tab or section): the
// filter's words, whether only the stale report shows, the chosen row, the flag open in the
// panel and the environment it shows, so coming back finds the list as it was left.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Environment, FlagView } from "../bindings";
import { ListPosition } from "../lib/grid";

type FlagsStateApi = {
  /** The filter's words over key and description, or null for every flag. */
  filter: string | null;
  setFilter: (text: string | null) => void;
  /** Only the stale report. */
  staleOnly: boolean;
  setStaleOnly: (on: boolean) => void;
  position: ListPosition;
  /** The flag shown in the panel (as last listed), or null when it is closed. */
  open: FlagView | null;
  setOpen: (flag: FlagView | null) => void;
  /** The environment the panel edits and charts. */
  environment: Environment;
  setEnvironment: (env: Environment) => void;
};

const FlagsStateContext = createContext<FlagsStateApi | null>(null);

export function FlagsStateProvider({ children }: { children: ReactNode }) {
  const [filter, setFilterState] = useState<string | null>(null);
  const [staleOnly, setStaleOnlyState] = useState(false);
  const [position] = useState(() => new ListPosition());
  const [open, setOpen] = useState<FlagView | null>(null);
  const [environment, setEnvironment] = useState<Environment>("production");
  // Another filter is another list: start at its top (the open flag stays open).
  const setFilter = useCallback(
    (text: string | null) => {
      position.reset();
      setFilterState(text);
    },
    [position],
  );
  const setStaleOnly = useCallback(
    (on: boolean) => {
      position.reset();
      setStaleOnlyState(on);
    },
    [position],
  );
  const api = useMemo(
    () => ({ filter, setFilter, staleOnly, setStaleOnly, position, open, setOpen, environment, setEnvironment }),
    [filter, setFilter, staleOnly, setStaleOnly, position, open, environment],
  );
  return <FlagsStateContext.Provider value={api}>{children}</FlagsStateContext.Provider>;
}

export function useFlagsState(): FlagsStateApi {
  const ctx = useContext(FlagsStateContext);
  if (!ctx) throw new Error("useFlagsState must be used inside <FlagsStateProvider>");
  return ctx;
}
