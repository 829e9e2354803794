import type { PlanEvent, SubscriptionView } from "../../bindings";
import { formatCount, formatDay, formatMoney, humanize } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

function planChange(e: PlanEvent): string {
  if (e.planBefore !== null && e.planAfter !== null && e.planBefore !== e.planAfter) return `${e.planBefore} → ${e.planAfter}`;
  if (e.seatsBefore !== null && e.seatsAfter !== null && e.seatsBefore !== e.seatsAfter) return `${e.seatsBefore} → ${e.seatsAfter} seats`;
  return e.planAfter ?? e.planBefore ?? "";
}

/** The subscription as it stands and how it got there. */
export function SubscriptionCard({ subscription, history }: { subscription: SubscriptionView | null; history: PlanEvent[] }) {
  return (
    <Card title="Subscription" testId="subscription-card">
      {subscription === null ? (
        <CardEmpty>No subscription.</CardEmpty>
      ) : (
        <dl className="facts facts-compact">
          <dt>Plan</dt>
          <dd>
            {subscription.planCode} · {formatCount(subscription.seats)} seats
          </dd>
          <dt>Price</dt>
          <dd className="num-inline">
            {formatMoney(subscription.unitPriceMinor, subscription.currency)} per {subscription.interval}
          </dd>
          <dt>Status</dt>
          <dd>
            {humanize(subscription.status)}
            {subscription.cancelAt !== null ? <span className="attention"> · cancels {formatDay(subscription.cancelAt)}</span> : null}
          </dd>
          <dt>Period ends</dt>
          <dd>{formatDay(subscription.currentPeriodEnd)}</dd>
          <dt>Customer since</dt>
          <dd>{formatDay(subscription.startedAt)}</dd>
        </dl>
      )}
      {history.length > 0 ? (
        <table className="table table-compact" data-testid="plan-history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col" />
              <th scope="col" className="num">
                MRR after
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((e, i) => (
              <tr key={`${e.occurredAt}-${i}`}>
                <td>{formatDay(e.occurredAt)}</td>
                <td>{humanize(e.kind)}</td>
                <td className="muted">{planChange(e)}</td>
                <td className={`num${e.mrrAfterMinor < e.mrrBeforeMinor ? " negative" : ""}`}>{formatMoney(e.mrrAfterMinor, e.currency, { whole: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
