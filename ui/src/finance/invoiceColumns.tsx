import { createColumnHelper, metaHelper, tableFeatures } from "@tanstack/react-table";
import type { InvoiceSort } from "../bindings";
import { formatCount, formatDay, formatDayRange, formatMoney } from "../lib/format";
import { InvoiceStatus } from "./InvoiceStatus";
import type { InvoiceItem } from "./useInvoiceWindows";

export type InvoiceColumnMeta = {
  /** The core's sort for this column, if it sorts. */
  sort?: InvoiceSort;
  /** Whether a click sorts it descending first (amounts, dates). */
  descendingFirst?: boolean;
  /** Its CSS grid track. */
  width: string;
  align?: "right";
};

export const invoiceFeatures = tableFeatures({
  columnMeta: metaHelper<InvoiceColumnMeta>(),
});

const col = createColumnHelper<typeof invoiceFeatures, InvoiceItem>();

/** An amount of the row in its own currency, right-aligned; a dash for nothing. */
function Amount({ minor, currency, tone }: { minor: number; currency: string; tone?: string | undefined }) {
  if (minor === 0) return <span className="num faint">{formatMoney(0, currency)}</span>;
  return <span className={`num${tone ? ` ${tone}` : ""}`}>{formatMoney(minor, currency)}</span>;
}

export const invoiceColumns = col.columns([
  col.accessor((it) => it.row.number, {
    id: "number",
    header: "Number",
    meta: { sort: "number", width: "minmax(124px, 1fr)" },
    cell: ({ row }) => <span className="mono invoice-number">{row.original.row.number}</span>,
  }),
  col.accessor((it) => it.row.tenantName, {
    id: "tenant",
    header: "Tenant",
    meta: { width: "minmax(130px, 1.8fr)" },
    cell: ({ row }) => {
      const r = row.original.row;
      return r.tenantName === null ? (
        <span className="mono faint" title="Tenant name not in the local copy">
          {r.tenantId}
        </span>
      ) : (
        <span className="cell-text" title={r.tenantName}>
          {r.tenantName}
        </span>
      );
    },
  }),
  col.accessor((it) => it.row.status, {
    id: "status",
    header: "Status",
    meta: { sort: "status", width: "96px" },
    cell: ({ row }) => <InvoiceStatus status={row.original.row.status} />,
  }),
  col.accessor((it) => it.row.periodStart, {
    id: "period",
    header: "Period",
    meta: { width: "minmax(136px, 1.2fr)" },
    cell: ({ row }) => <span className="cell-text muted">{formatDayRange(row.original.row.periodStart, row.original.row.periodEnd)}</span>,
  }),
  col.accessor((it) => it.row.issuedAt, {
    id: "issued",
    header: "Issued",
    meta: { sort: "issued", descendingFirst: true, width: "92px" },
    cell: ({ row }) => <span className={row.original.row.issuedAt === null ? "faint" : undefined}>{formatDay(row.original.row.issuedAt)}</span>,
  }),
  col.accessor((it) => it.row.totalMinor, {
    id: "total",
    header: "Total",
    meta: { sort: "total", descendingFirst: true, width: "104px", align: "right" },
    cell: ({ row }) => <Amount minor={row.original.row.totalMinor} currency={row.original.row.currency} />,
  }),
  col.accessor((it) => it.row.amountDueMinor, {
    id: "amountDue",
    header: "Amount due",
    meta: { width: "104px", align: "right" },
    cell: ({ row }) => <Amount minor={row.original.row.amountDueMinor} currency={row.original.row.currency} />,
  }),
  col.accessor((it) => it.row.outstandingMinor, {
    id: "outstanding",
    header: "Outstanding",
    meta: { sort: "outstanding", descendingFirst: true, width: "104px", align: "right" },
    cell: ({ row }) => {
      const r = row.original.row;
      return <Amount minor={r.outstandingMinor} currency={r.currency} tone={r.daysOverdue !== null && r.daysOverdue > 0 ? "negative" : undefined} />;
    },
  }),
  col.accessor((it) => it.row.dueAt, {
    id: "due",
    header: "Due",
    meta: { sort: "due", width: "92px" },
    cell: ({ row }) => <span className={row.original.row.dueAt === null ? "faint" : undefined}>{formatDay(row.original.row.dueAt)}</span>,
  }),
  col.accessor((it) => it.row.daysOverdue, {
    id: "overdue",
    header: "Overdue",
    meta: { width: "64px", align: "right" },
    cell: ({ row }) => {
      const d = row.original.row.daysOverdue;
      return d === null || d <= 0 ? (
        <span className="faint">—</span>
      ) : (
        <span className={`num overdue-days${d > 30 ? " is-late" : ""}`} title={`${formatCount(d)} days past due`}>
          {formatCount(d)} d
        </span>
      );
    },
  }),
]);

/** The grid's column template, shared by the header and every row. */
export const INVOICE_GRID_TEMPLATE = invoiceColumns.map((c) => c.meta?.width ?? "1fr").join(" ");
