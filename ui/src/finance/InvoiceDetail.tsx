import { AlertTriangle, ArrowLeft, ArrowLeftRight } from "lucide-react";
import { useEffect } from "react";
import type { CreditNoteView, InvoiceDetail as Detail, LineView, PaymentView } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { formatCount, formatDateTime, formatDay, formatDayRange, formatMoney, humanize } from "../lib/format";
import { isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { InvoiceStatus } from "./InvoiceStatus";
import { useInvoice } from "./queries";
import { FINANCE_VIEW_META } from "./views";

/** One invoice in full: what it bills, how it was paid, what was credited. Esc goes back. */
export function InvoiceDetail({ id }: { id: number }) {
  const nav = useNav();
  const invoice = useInvoice(id);
  const backLabel = FINANCE_VIEW_META[nav.finance].title;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented && !overlayOpen() && !isTypingTarget(e.target)) {
        e.preventDefault();
        nav.closeInvoice();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nav]);

  const back = (
    <button type="button" className="button button-ghost button-small back-button" data-testid="invoice-back" onClick={nav.closeInvoice} title={`Back to ${backLabel} (Esc)`}>
      <ArrowLeft size={13} aria-hidden /> {backLabel} <Kbd>Esc</Kbd>
    </button>
  );

  if (invoice.isPending) {
    return (
      <div className="account-screen account-loading" data-testid="invoice-loading">
        <Spinner size={16} label="Loading the invoice" />
        <span className="muted">Loading the invoice…</span>
      </div>
    );
  }
  if (invoice.isError) {
    const notFound = deskErrorOf(invoice.error)?.code === "notFound";
    return (
      <div className="account-screen">
        <div className="empty-state" data-testid="invoice-error">
          <div className="empty-icon">
            <AlertTriangle size={20} aria-hidden />
          </div>
          <h2>{notFound ? "This invoice is not in the local copy" : "The invoice could not be read"}</h2>
          <p>{errorMessage(invoice.error)}</p>
          <div className="empty-actions">
            <button type="button" className="button" onClick={nav.closeInvoice}>
              <ArrowLeft size={13} aria-hidden /> Back to {backLabel}
            </button>
            {notFound ? null : (
              <button type="button" className="button button-primary" onClick={() => void invoice.refetch()}>
                Retry
              </button>
            )}
          </div>
        </div>
      </div>
    );
  }

  const d = invoice.data;
  const inv = d.invoice;
  const money = (minor: number) => formatMoney(minor, inv.currency);
  const overdue = inv.daysOverdue !== null && inv.daysOverdue > 0;
  return (
    <div className="account-screen invoice-detail" data-testid="invoice-detail" data-invoice-id={inv.id}>
      <div className="account-header">
        {back}
        <div className="account-title-row">
          <div className="account-identity">
            <h2 className="account-title">
              <span className="mono" data-testid="invoice-number">
                {inv.number}
              </span>
            </h2>
            <div className="account-subtitle">
              <InvoiceStatus status={inv.status} testId="invoice-status" />
              {overdue ? (
                <span className="badge badge-danger" data-testid="invoice-overdue">
                  {formatCount(inv.daysOverdue ?? 0)} days overdue
                </span>
              ) : null}
              <span data-testid="invoice-tenant">{inv.tenantName ?? <span className="mono">{inv.tenantId}</span>}</span>
              <span className="faint">·</span>
              <span>{formatDayRange(inv.periodStart, inv.periodEnd)}</span>
            </div>
          </div>
          <div className="account-actions">
            <button type="button" className="button" data-testid="invoice-preview-change" onClick={() => nav.openProration(inv.tenantId)}>
              <ArrowLeftRight size={13} aria-hidden /> Preview plan change
            </button>
          </div>
        </div>
      </div>
      <div className="kpi-strip" data-testid="invoice-kpis">
        <Kpi label="Total" value={money(inv.totalMinor)} sub={inv.currency} />
        <Kpi label="Amount due" value={money(inv.amountDueMinor)} />
        <Kpi label="Paid" value={money(inv.amountPaidMinor)} sub={d.collectedMinor !== inv.amountPaidMinor ? `${money(d.collectedMinor)} kept after refunds` : undefined} />
        <Kpi label="Outstanding" value={money(inv.outstandingMinor)} tone={overdue ? "is-danger" : inv.outstandingMinor > 0 ? "is-warn" : undefined} testId="invoice-outstanding" />
        <Kpi label="Issued" value={formatDay(inv.issuedAt)} />
        <Kpi label="Due" value={formatDay(inv.dueAt)} tone={overdue ? "is-danger" : undefined} />
        <Kpi label="Paid on" value={formatDay(inv.paidAt)} />
      </div>
      <LinesCard detail={d} />
      <div className="account-grid">
        <PaymentsCard payments={d.payments} currency={inv.currency} />
        <CreditNotesCard notes={d.creditNotes} currency={inv.currency} />
      </div>
    </div>
  );
}

function Kpi({ label, value, sub, tone, testId }: { label: string; value: string; sub?: string | undefined; tone?: string | undefined; testId?: string }) {
  return (
    <div className={`kpi${tone ? ` ${tone}` : ""}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value num">{value}</div>
      {sub !== undefined ? <div className="kpi-sub">{sub}</div> : null}
    </div>
  );
}

/** The lines, checked against the subtotal: a mismatch is said in plain figures. */
function LinesCard({ detail }: { detail: Detail }) {
  const currency = detail.invoice.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <Card title="Lines" meta={`${formatCount(detail.lines.length)} ${detail.lines.length === 1 ? "line" : "lines"}`} testId="invoice-lines">
      {detail.linesMatch ? null : (
        <div className="banner banner-error" role="alert" data-testid="lines-mismatch">
          <AlertTriangle size={14} aria-hidden />
          <span>
            <strong>
              Lines sum to {money(detail.linesTotalMinor)} but subtotal is {money(detail.subtotalMinor)}.
            </strong>{" "}
            The difference is {money(detail.linesTotalMinor - detail.subtotalMinor)}; check this invoice before relying on its lines.
          </span>
        </div>
      )}
      {detail.lines.length === 0 ? (
        <CardEmpty>This invoice has no lines.</CardEmpty>
      ) : (
        <table className="table table-compact" data-testid="invoice-lines-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit
              </th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Service period</th>
            </tr>
          </thead>
          <tbody>
            {detail.lines.map((l) => (
              <LineRow key={l.id} line={l} currency={currency} />
            ))}
          </tbody>
          <tfoot>
            <tr className={detail.linesMatch ? undefined : "is-mismatch"}>
              <th scope="row" colSpan={4} className="num">
                Subtotal
              </th>
              <td className="num" data-testid="invoice-subtotal">
                {money(detail.subtotalMinor)}
              </td>
              <td />
            </tr>
            <tr>
              <th scope="row" colSpan={4} className="num">
                Tax
              </th>
              <td className="num">{money(detail.taxMinor)}</td>
              <td />
            </tr>
            <tr className="total-row">
              <th scope="row" colSpan={4} className="num">
                Total
              </th>
              <td className="num" data-testid="invoice-total">
                {money(detail.invoice.totalMinor)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </Card>
  );
}

function LineRow({ line, currency }: { line: LineView; currency: string }) {
  return (
    <tr data-testid="invoice-line">
      <td>
        <span className="badge">{humanize(line.kind)}</span>
      </td>
      <td className="wrap-cell">{line.description}</td>
      <td className="num">{formatCount(line.quantity)}</td>
      <td className="num">{formatMoney(line.unitAmountMinor, currency)}</td>
      <td className={`num${line.amountMinor < 0 ? " negative" : ""}`}>{formatMoney(line.amountMinor, currency)}</td>
      <td className="muted">{line.servicePeriodStart === null ? "—" : formatDayRange(line.servicePeriodStart, line.servicePeriodEnd)}</td>
    </tr>
  );
}

const PAYMENT_TONE: Record<string, string> = { succeeded: "badge-ok", failed: "badge-danger", refunded: "badge-warn" };

function PaymentsCard({ payments, currency }: { payments: PaymentView[]; currency: string }) {
  const failed = payments.filter((p) => p.status === "failed").length;
  return (
    <Card title="Payments" meta={failed > 0 ? <span className="attention">{failed} failed</span> : undefined} testId="invoice-payments">
      {payments.length === 0 ? (
        <CardEmpty>No payment attempted yet.</CardEmpty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Refunded
              </th>
              <th scope="col">Attempted</th>
              <th scope="col">Failure</th>
              <th scope="col">Processor ref</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id} data-testid="invoice-payment">
                <td>
                  <span className={`badge ${PAYMENT_TONE[p.status] ?? ""}`}>{humanize(p.status)}</span>
                </td>
                <td className="num">{formatMoney(p.amountMinor, currency)}</td>
                <td className={`num${p.refundedAmountMinor > 0 ? "" : " faint"}`}>{p.refundedAmountMinor > 0 ? formatMoney(p.refundedAmountMinor, currency) : "—"}</td>
                <td>{formatDateTime(p.attemptedAt)}</td>
                <td className="payment-cell">
                  {p.failureReason === null ? (
                    <span className="faint">—</span>
                  ) : (
                    <span className="negative" title={p.failureReason}>
                      {humanize(p.failureReason)}
                    </span>
                  )}
                </td>
                <td className="mono muted ref-cell" title={p.processorRef ?? undefined}>{p.processorRef ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function CreditNotesCard({ notes, currency }: { notes: CreditNoteView[]; currency: string }) {
  return (
    <Card title="Credit notes" testId="invoice-credit-notes">
      {notes.length === 0 ? (
        <CardEmpty>No credit note against this invoice.</CardEmpty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Issued</th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {notes.map((n) => (
              <tr key={n.number} data-testid="invoice-credit-note">
                <td className="mono">{n.number}</td>
                <td>{formatDay(n.issuedAt)}</td>
                <td className="wrap-cell">{humanize(n.reason)}</td>
                <td className="num">{formatMoney(n.amountMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
