// What the staff directory remembers while the member is elsewhere (another tab or section):
// the words searched, whether deactivated members show, the chosen row and the member open in
// the panel, so coming back finds the directory as it was left.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { StaffView } from "../bindings";
import { ListPosition } from "../lib/grid";

type StaffStateApi = {
  /** The search box's text (the query takes it once typing pauses). */
  search: string;
  setSearch: (text: string) => void;
  includeInactive: boolean;
  setIncludeInactive: (on: boolean) => void;
  position: ListPosition;
  /** The member shown in the panel (as last listed), or null when it is closed. */
  open: StaffView | null;
  setOpen: (member: StaffView | null) => void;
};

const StaffStateContext = createContext<StaffStateApi | null>(null);

export function StaffStateProvider({ children }: { children: ReactNode }) {
  const [search, setSearchState] = useState("");
  const [includeInactive, setInactiveState] = useState(false);
  const [position] = useState(() => new ListPosition());
  const [open, setOpen] = useState<StaffView | null>(null);
  // Another search is another list: start at its top (the open member stays open).
  const setSearch = useCallback(
    (text: string) => {
      position.reset();
      setSearchState(text);
    },
    [position],
  );
  const setIncludeInactive = useCallback(
    (on: boolean) => {
      position.reset();
      setInactiveState(on);
    },
    [position],
  );
  const api = useMemo(
    () => ({ search, setSearch, includeInactive, setIncludeInactive, position, open, setOpen }),
    [search, setSearch, includeInactive, setIncludeInactive, position, open],
  );
  return <StaffStateContext.Provider value={api}>{children}</StaffStateContext.Provider>;
}

export function useStaffState(): StaffStateApi {
  const ctx = useContext(StaffStateContext);
  if (!ctx) throw new Error("useStaffState must be used inside <StaffStateProvider>");
  return ctx;
}
