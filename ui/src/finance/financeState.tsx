import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { ListPosition } from "../lib/grid";
import { lastMonths, type MonthRange } from "./months";
import type { InvoiceFilter } from "./queries";

export const DEFAULT_INVOICE_FILTER: InvoiceFilter = {
  statuses: [],
  currency: null,
  tenantId: null,
  overdueOnly: false,
  issuedFrom: null,
  issuedTo: null,
  numberPrefix: null,
  // Newest first: what finance looks at first.
  sort: "issued",
  descending: true,
};

/** What Billing remembers while the member moves between its views, an invoice and other sections. */
type FinanceStateApi = {
  invoiceFilter: InvoiceFilter;
  setInvoiceFilter: (update: (f: InvoiceFilter) => InvoiceFilter) => void;
  /** Where the invoice list was left (scroll, selected row). */
  invoicePosition: ListPosition;
  /** The month range of the MRR and revenue reports. */
  range: MonthRange;
  setRange: (range: MonthRange) => void;
  /** The currency each report shows (null: the first one it has). */
  currency: Partial<Record<"mrr" | "revenue", string>>;
  setCurrency: (report: "mrr" | "revenue", currency: string) => void;
  /** Reconciliation: the exception kind shown (null: all). */
  exceptionKind: string | null;
  setExceptionKind: (kind: string | null) => void;
  /** Failed payments and disputes: only the open ones. */
  openOnly: Record<"dunning" | "disputes", boolean>;
  setOpenOnly: (list: "dunning" | "disputes", open: boolean) => void;
};

const FinanceStateContext = createContext<FinanceStateApi | null>(null);

export function FinanceStateProvider({ children }: { children: ReactNode }) {
  const [invoiceFilter, setFilterState] = useState<InvoiceFilter>(DEFAULT_INVOICE_FILTER);
  const [invoicePosition] = useState(() => new ListPosition());
  const [range, setRange] = useState<MonthRange>(() => lastMonths(new Date()));
  const [currency, setCurrencies] = useState<FinanceStateApi["currency"]>({});
  const [exceptionKind, setExceptionKind] = useState<string | null>(null);
  const [openOnly, setOpenOnlyState] = useState<FinanceStateApi["openOnly"]>({ dunning: true, disputes: true });

  const setInvoiceFilter = useCallback(
    (update: (f: InvoiceFilter) => InvoiceFilter) => {
      // Another filter or order is another list: start at its top.
      invoicePosition.reset();
      setFilterState(update);
    },
    [invoicePosition],
  );
  const setCurrency = useCallback((report: "mrr" | "revenue", c: string) => setCurrencies((old) => ({ ...old, [report]: c })), []);
  const setOpenOnly = useCallback((list: "dunning" | "disputes", open: boolean) => setOpenOnlyState((old) => ({ ...old, [list]: open })), []);

  const api = useMemo(
    () => ({ invoiceFilter, setInvoiceFilter, invoicePosition, range, setRange, currency, setCurrency, exceptionKind, setExceptionKind, openOnly, setOpenOnly }),
    [invoiceFilter, setInvoiceFilter, invoicePosition, range, currency, setCurrency, exceptionKind, openOnly, setOpenOnly],
  );
  return <FinanceStateContext.Provider value={api}>{children}</FinanceStateContext.Provider>;
}

export function useFinanceState(): FinanceStateApi {
  const ctx = useContext(FinanceStateContext);
  if (!ctx) throw new Error("useFinanceState must be used inside <FinanceStateProvider>");
  return ctx;
}

/** Whether any filter narrows the invoice list (the order does not count). */
export function hasInvoiceFilters(f: InvoiceFilter): boolean {
  return (
    f.statuses.length > 0 ||
    f.currency !== null ||
    f.tenantId !== null ||
    f.overdueOnly ||
    f.issuedFrom !== null ||
    f.issuedTo !== null ||
    (f.numberPrefix !== null && f.numberPrefix !== "")
  );
}

/** The filter with every narrowing filter removed (the order kept). */
export function clearInvoiceFilters(f: InvoiceFilter): InvoiceFilter {
  return { ...DEFAULT_INVOICE_FILTER, sort: f.sort, descending: f.descending };
}
