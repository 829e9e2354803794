import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { X } from "lucide-react";
import { FilterText } from "../components/FilterText";
import { humanize } from "../lib/format";
import { clearInvoiceFilters, hasInvoiceFilters } from "./financeState";
import { INVOICE_STATUSES } from "./InvoiceStatus";
import type { InvoiceFilter } from "./queries";

type Props = {
  filter: InvoiceFilter;
  /** The currencies the invoices use, for the menu. */
  currencies: string[];
  onChange: (update: (f: InvoiceFilter) => InvoiceFilter) => void;
};

/** Status, currency, overdue, issue dates and number: each narrows the list in the core's SQL. */
export function InvoiceFilters({ filter, currencies, onChange }: Props) {
  const datesReversed = filter.issuedFrom !== null && filter.issuedTo !== null && filter.issuedFrom > filter.issuedTo;
  // The chosen currency stays in the menu even when the page did not list it.
  const currencyOptions = filter.currency !== null && !currencies.includes(filter.currency) ? [filter.currency, ...currencies] : currencies;
  return (
    <div className="filter-bar" data-testid="invoice-filters">
      <FilterText
        value={filter.numberPrefix}
        onCommit={(numberPrefix) => onChange((f) => (f.numberPrefix === numberPrefix ? f : { ...f, numberPrefix }))}
        label="Invoice number starts with"
        placeholder="Invoice number…"
        testId="invoice-filter-number"
        icon
      />
      <div className="filter-group">
        <span className="filter-label">Status</span>
        <ToggleGroup.Root
          type="multiple"
          className="segmented"
          aria-label="Statuses"
          value={filter.statuses}
          onValueChange={(statuses) => onChange((f) => ({ ...f, statuses: INVOICE_STATUSES.filter((s) => statuses.includes(s)) }))}
        >
          {INVOICE_STATUSES.map((s) => (
            <ToggleGroup.Item key={s} value={s} className="segment" data-testid={`invoice-filter-status-${s}`}>
              {humanize(s)}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <div className="filter-group">
        <label className="filter-label" htmlFor="invoice-currency">
          Currency
        </label>
        <select
          id="invoice-currency"
          className="input input-small select"
          data-testid="invoice-filter-currency"
          value={filter.currency ?? ""}
          onChange={(e) => {
            const currency = e.target.value === "" ? null : e.target.value;
            onChange((f) => ({ ...f, currency }));
          }}
        >
          <option value="">All</option>
          {currencyOptions.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox filter-check">
        <input
          type="checkbox"
          data-testid="invoice-filter-overdue"
          checked={filter.overdueOnly}
          onChange={(e) => {
            const overdueOnly = e.target.checked;
            onChange((f) => ({ ...f, overdueOnly }));
          }}
        />
        Overdue only
      </label>
      <div className="filter-group">
        <label className="filter-label" htmlFor="invoice-issued-from">
          Issued
        </label>
        <input
          id="invoice-issued-from"
          type="date"
          className={`input input-small input-date${datesReversed ? " is-invalid" : ""}`}
          aria-label="Issued from"
          data-testid="invoice-filter-from"
          value={filter.issuedFrom ?? ""}
          max={filter.issuedTo ?? undefined}
          onChange={(e) => {
            const issuedFrom = e.target.value === "" ? null : e.target.value;
            onChange((f) => ({ ...f, issuedFrom }));
          }}
        />
        <span className="faint">to</span>
        <input
          type="date"
          className={`input input-small input-date${datesReversed ? " is-invalid" : ""}`}
          aria-label="Issued to"
          data-testid="invoice-filter-to"
          value={filter.issuedTo ?? ""}
          min={filter.issuedFrom ?? undefined}
          onChange={(e) => {
            const issuedTo = e.target.value === "" ? null : e.target.value;
            onChange((f) => ({ ...f, issuedTo }));
          }}
        />
        {datesReversed ? (
          <span className="field-error" role="alert" data-testid="invoice-filter-dates-error">
            The first day is after the last.
          </span>
        ) : null}
      </div>
      {hasInvoiceFilters(filter) ? (
        <button type="button" className="button button-ghost button-small" data-testid="invoice-filter-clear" onClick={() => onChange(clearInvoiceFilters)}>
          <X size={12} aria-hidden /> Clear filters
        </button>
      ) : null}
    </div>
  );
}
