import type { InvoiceView } from "../../bindings";
import { formatDay, formatMoney, humanize } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

const STATUS_TONE: Record<string, string> = {
  paid: "badge-ok",
  open: "badge-accent",
  draft: "",
  void: "",
  uncollectible: "badge-danger",
};

/** What is still owed on an open invoice (nothing on a paid, void or draft one). */
export function outstanding(inv: InvoiceView): number {
  return inv.status === "open" || inv.status === "uncollectible" ? Math.max(0, inv.amountDueMinor - inv.amountPaidMinor) : 0;
}

/** The last invoices with how their payment went; overdue and failed ones stand out. */
export function InvoicesCard({ invoices }: { invoices: InvoiceView[] }) {
  const overdue = invoices.filter((i) => i.overdue).length;
  return (
    <Card title="Invoices" meta={overdue > 0 ? <span className="attention">{overdue} overdue</span> : undefined} testId="invoices-card">
      {invoices.length === 0 ? (
        <CardEmpty>No invoices yet.</CardEmpty>
      ) : (
        <table className="table table-compact" data-testid="invoices-table">
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Outstanding
              </th>
              <th scope="col">Payment</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((inv) => (
              <tr key={inv.id} className={inv.overdue ? "is-overdue" : undefined} data-testid="invoice-row">
                <td className="mono">{inv.number}</td>
                <td>
                  <span className={`badge ${inv.overdue ? "badge-danger" : (STATUS_TONE[inv.status] ?? "")}`}>
                    {inv.overdue ? "Overdue" : humanize(inv.status)}
                  </span>
                </td>
                <td>{formatDay(inv.dueAt)}</td>
                <td className="num">{formatMoney(inv.totalMinor, inv.currency)}</td>
                <td className={`num${outstanding(inv) > 0 ? (inv.overdue ? " negative" : " attention") : " faint"}`}>
                  {outstanding(inv) > 0 ? formatMoney(outstanding(inv), inv.currency) : "—"}
                </td>
                <td className="payment-cell">
                  {inv.failureReason !== null ? (
                    <span className="negative" title={inv.failureReason}>
                      Failed: {inv.failureReason}
                    </span>
                  ) : inv.paidAt !== null ? (
                    <span className="muted">Paid {formatDay(inv.paidAt)}</span>
                  ) : inv.lastPaymentStatus !== null ? (
                    <span className="muted">{humanize(inv.lastPaymentStatus)}</span>
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
