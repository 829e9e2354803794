// What the audit viewer remembers while the member is elsewhere: its filters, where the list was
// left (scroll, the chosen row) and the entry open in the detail panel, so a trip to another
// section, or Esc from the panel, comes back to the same place.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { AuditEntry } from "../bindings";
import { ListPosition } from "../lib/grid";
import { DEFAULT_AUDIT_FILTER, type AuditFilter } from "./format";

type AuditStateApi = {
  filter: AuditFilter;
  setFilter: (update: (f: AuditFilter) => AuditFilter) => void;
  position: ListPosition;
  /** The entry shown in the detail panel, or null when it is closed. */
  open: AuditEntry | null;
  setOpen: (entry: AuditEntry | null) => void;
};

const AuditStateContext = createContext<AuditStateApi | null>(null);

export function AuditStateProvider({ children }: { children: ReactNode }) {
  const [filter, setFilterState] = useState<AuditFilter>(DEFAULT_AUDIT_FILTER);
  const [position] = useState(() => new ListPosition());
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const setFilter = useCallback(
    (update: (f: AuditFilter) => AuditFilter) => {
      // Another filter is another list: start at its top, with no entry open.
      position.reset();
      setOpen(null);
      setFilterState(update);
    },
    [position],
  );
  const api = useMemo(() => ({ filter, setFilter, position, open, setOpen }), [filter, setFilter, position, open]);
  return <AuditStateContext.Provider value={api}>{children}</AuditStateContext.Provider>;
}

export function useAuditState(): AuditStateApi {
  const ctx = useContext(AuditStateContext);
  if (!ctx) throw new Error("useAuditState must be used inside <AuditStateProvider>");
  return ctx;
}
