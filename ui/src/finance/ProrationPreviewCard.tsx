import type { ProrationPreview } from "../bindings";
import { Card } from "../components/Card";
import { formatDayRange, formatMoney, userLocale } from "../lib/format";

/** The preview's lines (credit negative, charge positive), the net, and how much of the period was unused. */
export function ProrationPreviewCard({ preview }: { preview: ProrationPreview }) {
  const money = (minor: number) => formatMoney(minor, preview.currency);
  const fraction = preview.unusedFraction;
  const unused = fraction === null ? null : new Intl.NumberFormat(userLocale(), { style: "percent", maximumFractionDigits: 1 }).format(fraction);
  const net = preview.netMinor;
  return (
    <Card title="Preview" meta={unused === null ? undefined : `${unused} of the period unused`} testId="proration-preview">
      {fraction === null || unused === null ? null : (
        <div className="unused-bar" role="img" aria-label={`${unused} of the current period is unused`} data-testid="proration-unused">
          <div className="unused-fill" style={{ width: `${Math.min(100, Math.max(0, fraction * 100))}%` }} />
        </div>
      )}
      {preview.lines.length === 0 ? (
        <p className="card-empty">Nothing is left of the period to prorate: the next regular invoice bills the new price.</p>
      ) : (
        <table className="table table-compact" data-testid="proration-lines">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Service</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((l, i) => (
              <tr key={i} data-testid="proration-line" data-kind={l.kind}>
                <td className="wrap-cell">{l.description}</td>
                <td className="muted">{formatDayRange(l.periodStart, l.periodEnd)}</td>
                <td className={`num${l.amountMinor < 0 ? " negative" : ""}`}>{money(l.amountMinor)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="total-row">
              <th scope="row" colSpan={2} className="num">
                Net
              </th>
              <td className={`num${net < 0 ? " negative" : ""}`} data-testid="proration-net">
                {money(net)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      <p className="proration-verdict" data-testid="proration-verdict">
        {net > 0 ? `The customer pays ${money(net)} now.` : net < 0 ? `The customer receives a credit of ${money(-net)}.` : "Nothing is charged or credited."}
      </p>
    </Card>
  );
}
