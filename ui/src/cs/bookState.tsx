import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { ListPosition } from "../lib/grid";
import type { BookFilter } from "./queries";

export const DEFAULT_FILTER: BookFilter = {
  view: "mine",
  bands: [],
  renewalWithinDays: null,
  plan: null,
  owner: null,
  risk: null,
  // Worst health first: what a CSM looks at first.
  sort: "health",
  descending: false,
};

type BookStateApi = {
  filter: BookFilter;
  setFilter: (update: (f: BookFilter) => BookFilter) => void;
  position: ListPosition;
};

const BookStateContext = createContext<BookStateApi | null>(null);

export function BookStateProvider({ children }: { children: ReactNode }) {
  const [filter, setFilterState] = useState<BookFilter>(DEFAULT_FILTER);
  const [position] = useState(() => new ListPosition());
  const setFilter = useCallback(
    (update: (f: BookFilter) => BookFilter) => {
      // Another filter or order is another list: start at its top.
      position.reset();
      setFilterState(update);
    },
    [position],
  );
  const api = useMemo(() => ({ filter, setFilter, position }), [filter, setFilter, position]);
  return <BookStateContext.Provider value={api}>{children}</BookStateContext.Provider>;
}

export function useBookState(): BookStateApi {
  const ctx = useContext(BookStateContext);
  if (!ctx) throw new Error("useBookState must be used inside <BookStateProvider>");
  return ctx;
}

/** Whether any filter narrows the book (the view and the order do not count). */
export function hasFilters(f: BookFilter): boolean {
  return f.bands.length > 0 || f.renewalWithinDays !== null || f.plan !== null || f.owner !== null || f.risk !== null;
}

/** The filter with every narrowing filter removed (view and order kept). */
export function clearFilters(f: BookFilter): BookFilter {
  return { ...f, bands: [], renewalWithinDays: null, plan: null, owner: null, risk: null };
}
