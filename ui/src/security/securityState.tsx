// What the Incidents tab remembers while the member is elsewhere: the words searched and whether
// closed incidents show, so coming back finds the list as it was left. The incident open and the
// open-incident form live in lib/nav (the palette and Alerts open them).
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

type SecurityStateApi = {
  search: string | null;
  setSearch: (text: string | null) => void;
  /** Closed incidents and false positives show too. */
  showClosed: boolean;
  setShowClosed: (on: boolean) => void;
};

const SecurityStateContext = createContext<SecurityStateApi | null>(null);

export function SecurityStateProvider({ children }: { children: ReactNode }) {
  const [search, setSearch] = useState<string | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  const api = useMemo(() => ({ search, setSearch, showClosed, setShowClosed }), [search, showClosed]);
  return <SecurityStateContext.Provider value={api}>{children}</SecurityStateContext.Provider>;
}

export function useSecurityState(): SecurityStateApi {
  const ctx = useContext(SecurityStateContext);
  if (!ctx) throw new Error("useSecurityState must be used inside <SecurityStateProvider>");
  return ctx;
}
