import { useQuery } from "@tanstack/react-query";
import { FilterX, Inbox } from "lucide-react";
import { useEffect, useRef } from "react";
import { Spinner } from "../components/Spinner";
import { formatCount } from "../lib/format";
import { useNav } from "../lib/nav";
import { ExportButtons } from "./ExportButtons";
import { clearInvoiceFilters, hasInvoiceFilters, useFinanceState } from "./financeState";
import { InvoiceFilters } from "./InvoiceFilters";
import { INVOICE_ROW_HEIGHT, InvoiceTable } from "./InvoiceTable";
import { ReportEmpty, ReportError } from "./parts";
import { fetchInvoiceWindow, INVOICE_WINDOW, invoiceWindowKey } from "./queries";

/** Every invoice, filtered and sorted by the core, a window at a time; rows open the invoice. */
export function InvoicesView() {
  const { invoiceFilter: filter, setInvoiceFilter: setFilter, invoicePosition: position } = useFinanceState();
  const nav = useNav();
  const gridHost = useRef<HTMLDivElement>(null);

  // The window at the saved scroll position answers first (it carries the total and the
  // currencies); after a filter change the position is back at the top.
  const headWindow = Math.floor(position.scrollTop / INVOICE_ROW_HEIGHT / INVOICE_WINDOW);
  const head = useQuery({
    queryKey: invoiceWindowKey(filter, headWindow),
    queryFn: () => fetchInvoiceWindow(filter, headWindow),
  });

  // The grid takes the keyboard as soon as the list shows.
  useEffect(() => {
    gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  }, []);

  const page = head.data;
  const filterKey = JSON.stringify(filter);

  const empty = hasInvoiceFilters(filter) ? (
    <ReportEmpty
      icon={<FilterX size={20} aria-hidden />}
      title="No invoices match these filters"
      body="Widen the statuses, the currency or the issue dates, or clear the number search."
      action={
        <button type="button" className="button" data-testid="invoice-empty-clear" onClick={() => setFilter(clearInvoiceFilters)}>
          Clear filters
        </button>
      }
      testId="invoice-empty-filters"
    />
  ) : (
    <ReportEmpty
      icon={<Inbox size={20} aria-hidden />}
      title="No invoices yet"
      body="Invoices appear here once the platform's billing data has synced to this laptop."
      testId="invoice-empty"
    />
  );

  return (
    <div className="finance-list" data-testid="invoices-view">
      <div className="finance-toolbar">
        <div className="book-summary muted" data-testid="invoice-summary">
          {head.isFetching && page !== undefined ? <Spinner size={12} /> : null}
          {page === undefined ? null : <span className="num">{`${formatCount(page.total)} ${page.total === 1 ? "invoice" : "invoices"}`}</span>}
        </div>
        <div className="finance-actions">
          {/* The export writes every invoice matching the filters, in the list's order: paging does not apply. */}
          <ExportButtons request={{ report: "invoices", query: { ...filter, offset: 0, limit: 0 } }} disabled={page?.total === 0} />
        </div>
      </div>
      <InvoiceFilters filter={filter} currencies={page?.currencies ?? []} onChange={setFilter} />
      {head.isError ? <ReportError title="The invoices could not be read." error={head.error} onRetry={() => void head.refetch()} testId="invoice-error" /> : null}
      <div className="book-host" ref={gridHost}>
        <InvoiceTable
          key={filterKey}
          filter={filter}
          position={position}
          headWindow={headWindow}
          head={page}
          empty={empty}
          onSort={(sort, descending) => setFilter((f) => ({ ...f, sort, descending }))}
          onOpen={(row) => nav.openInvoice(row.id)}
        />
      </div>
    </div>
  );
}
