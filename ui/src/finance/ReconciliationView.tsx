import * as ToggleGroup from "@radix-ui/react-toggle-group";
import { createColumnHelper } from "@tanstack/react-table";
import { CircleCheck, FilterX } from "lucide-react";
import { useMemo } from "react";
import type { ExceptionKind, ReconciliationException } from "../bindings";
import { Spinner } from "../components/Spinner";
import { formatCount, formatDay, formatMoney } from "../lib/format";
import { useNav } from "../lib/nav";
import { DataGrid, gridFeatures, type GridColumn } from "./DataGrid";
import { ExportButtons } from "./ExportButtons";
import { useFinanceState } from "./financeState";
import { useExceptions } from "./opsQueries";
import { ReportEmpty, ReportError, ReportLoading } from "./parts";

export const EXCEPTION_KINDS: ExceptionKind[] = ["unmatchedPayment", "paidTwice", "paidShort", "linesMismatch"];

export const KIND_LABELS: Record<ExceptionKind, string> = {
  unmatchedPayment: "Unmatched payment",
  paidTwice: "Paid twice",
  paidShort: "Paid short",
  linesMismatch: "Lines mismatch",
};

const KIND_TONE: Record<ExceptionKind, string> = {
  unmatchedPayment: "badge-warn",
  paidTwice: "badge-accent",
  paidShort: "badge-danger",
  linesMismatch: "badge-danger",
};

function isKind(k: string | null): k is ExceptionKind {
  return EXCEPTION_KINDS.some((x) => x === k);
}

const col = createColumnHelper<typeof gridFeatures, ReconciliationException>();

/** A difference with its sign: more collected than expected is "+", less is "−" (red). */
function Difference({ minor, currency }: { minor: number; currency: string }) {
  if (minor === 0) return <span className="num faint">{formatMoney(0, currency)}</span>;
  return <span className={`num ${minor < 0 ? "negative" : "attention"}`}>{formatMoney(minor, currency, { signed: true })}</span>;
}

const columns: GridColumn<ReconciliationException>[] = col.columns([
  col.accessor("kind", {
    header: "Kind",
    meta: { width: "130px" },
    cell: ({ row }) => <span className={`badge ${KIND_TONE[row.original.kind]}`}>{KIND_LABELS[row.original.kind]}</span>,
  }),
  col.accessor("invoiceNumber", {
    header: "Invoice",
    meta: { width: "minmax(110px, 1fr)" },
    cell: ({ row }) => <span className="mono invoice-number">{row.original.invoiceNumber}</span>,
  }),
  col.accessor("tenantName", {
    header: "Tenant",
    meta: { width: "minmax(140px, 1.5fr)" },
    cell: ({ row }) => <span className="cell-text">{row.original.tenantName ?? row.original.tenantId}</span>,
  }),
  col.accessor("expectedMinor", {
    header: "Expected",
    meta: { width: "112px", align: "right" },
    cell: ({ row }) => <span className="num">{formatMoney(row.original.expectedMinor, row.original.currency)}</span>,
  }),
  col.accessor("actualMinor", {
    header: "Actual",
    meta: { width: "112px", align: "right" },
    cell: ({ row }) => <span className="num">{formatMoney(row.original.actualMinor, row.original.currency)}</span>,
  }),
  col.accessor("differenceMinor", {
    header: "Difference",
    meta: { width: "112px", align: "right" },
    cell: ({ row }) => <Difference minor={row.original.differenceMinor} currency={row.original.currency} />,
  }),
  col.accessor("at", {
    header: "When",
    meta: { width: "96px" },
    cell: ({ row }) => <span className={row.original.at === null ? "faint" : undefined}>{formatDay(row.original.at)}</span>,
  }),
  col.accessor("detail", {
    header: "Detail",
    meta: { width: "minmax(200px, 2.5fr)" },
    cell: ({ row }) => (
      <span className="cell-text muted" title={row.original.detail}>
        {row.original.detail}
      </span>
    ),
  }),
]);

/** Where money and invoices disagree; a row opens its invoice. */
export function ReconciliationView() {
  const report = useExceptions();
  const nav = useNav();
  const { exceptionKind, setExceptionKind } = useFinanceState();
  const kind = isKind(exceptionKind) ? exceptionKind : null;
  const all = useMemo(() => report.data?.rows ?? [], [report.data]);
  const counts = useMemo(() => {
    const c = new Map<ExceptionKind, number>();
    for (const r of all) c.set(r.kind, (c.get(r.kind) ?? 0) + 1);
    return c;
  }, [all]);
  const rows = useMemo(() => (kind === null ? all : all.filter((r) => r.kind === kind)), [all, kind]);

  return (
    <div className="finance-list" data-testid="reconciliation-view">
      <div className="finance-toolbar filter-bar">
        <div className="filter-group">
          <span className="filter-label">Kind</span>
          <ToggleGroup.Root type="single" className="segmented" aria-label="Exception kind" value={kind ?? ""} onValueChange={(v) => setExceptionKind(v === "" ? null : v)}>
            {EXCEPTION_KINDS.map((k) => (
              <ToggleGroup.Item key={k} value={k} className="segment" data-testid={`exception-kind-${k}`}>
                {KIND_LABELS[k]} <span className="segment-count num">{formatCount(counts.get(k) ?? 0)}</span>
              </ToggleGroup.Item>
            ))}
          </ToggleGroup.Root>
        </div>
        <div className="book-summary muted" data-testid="reconciliation-summary">
          {report.isFetching && report.data !== undefined ? <Spinner size={12} /> : null}
          {report.data === undefined ? null : (
            <span className="num">
              {formatCount(all.length)} {all.length === 1 ? "exception" : "exceptions"} · {formatCount(report.data.paymentsChecked)} payments and{" "}
              {formatCount(report.data.invoicesChecked)} invoices checked
            </span>
          )}
        </div>
        <div className="finance-actions">
          <ExportButtons request={{ report: "exceptions" }} disabled={all.length === 0} />
        </div>
      </div>
      {report.isError ? <ReportError title="The reconciliation could not be worked out." error={report.error} onRetry={() => void report.refetch()} testId="reconciliation-error" /> : null}
      {report.data === undefined ? (
        report.isFetching ? <ReportLoading label="Matching payments to invoices…" testId="reconciliation-loading" /> : null
      ) : (
        <div className="book-host">
          <DataGrid
            rows={rows}
            columns={columns}
            rowKey={(r) => `${r.kind}-${r.invoiceId}-${r.paymentId ?? ""}`}
            onOpen={(r) => nav.openInvoice(r.invoiceId)}
            label="Reconciliation exceptions"
            testId="reconciliation-table"
            rowTestId="exception-row"
            minWidth={1100}
            empty={
              all.length === 0 ? (
                <ReportEmpty icon={<CircleCheck size={20} aria-hidden />} title="Everything reconciles" body="Every payment matches an invoice and every invoice adds up." testId="reconciliation-empty" />
              ) : (
                <ReportEmpty
                  icon={<FilterX size={20} aria-hidden />}
                  title={`No ${kind === null ? "" : KIND_LABELS[kind].toLowerCase()} exceptions`}
                  body="The other kinds still have some."
                  action={
                    <button type="button" className="button" onClick={() => setExceptionKind(null)}>
                      Show all kinds
                    </button>
                  }
                  testId="reconciliation-empty-kind"
                />
              )
            }
          />
        </div>
      )}
    </div>
  );
}
