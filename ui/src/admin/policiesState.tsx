// What the policies view remembers while the member is elsewhere (another tab or section): the
// chosen row and the policy open in the panel, so coming back finds the list as it was left.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { ListPosition } from "../lib/grid";

type PoliciesStateApi = {
  position: ListPosition;
  /** The name of the policy shown in the panel, or null when it is closed. */
  open: string | null;
  setOpen: (name: string | null) => void;
};

const PoliciesStateContext = createContext<PoliciesStateApi | null>(null);

export function PoliciesStateProvider({ children }: { children: ReactNode }) {
  const [position] = useState(() => new ListPosition());
  const [open, setOpen] = useState<string | null>(null);
  const api = useMemo(() => ({ position, open, setOpen }), [position, open]);
  return <PoliciesStateContext.Provider value={api}>{children}</PoliciesStateContext.Provider>;
}

export function usePoliciesState(): PoliciesStateApi {
  const ctx = useContext(PoliciesStateContext);
  if (!ctx) throw new Error("usePoliciesState must be used inside <PoliciesStateProvider>");
  return ctx;
}
