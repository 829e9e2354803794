import type { ReactNode } from "react";
import type { BookRow } from "../../bindings";
import { useNow } from "../../lib/useNow";
import { RENEWAL_WARN_DAYS } from "../bookColumns";
import { daysFromToday, formatCount, formatDay, formatMoney, humanize } from "../../lib/format";
import { asBand, BAND_LABELS, formatDaysAgo, formatDaysUntil, splitPlanName } from "../format";
import { BandDot, Trend } from "../HealthScore";

function Kpi({ label, value, sub, testId, tone }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string; tone?: string | undefined }) {
  return (
    <div className={`kpi${tone ? ` ${tone}` : ""}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {sub !== undefined ? <div className="kpi-sub">{sub}</div> : null}
    </div>
  );
}

/** The numbers a CSM checks before a call, in one row. */
export function KpiStrip({ account }: { account: BookRow }) {
  const now = useNow(60_000);
  const renewIn = account.renewalDate === null ? null : daysFromToday(account.renewalDate, now);
  const band = asBand(account.healthBand);
  const plan = account.planName === null ? null : splitPlanName(account.planName);
  return (
    <div className="kpi-strip" data-testid="kpi-strip">
      <Kpi
        label="ARR"
        value={<span className="num">{formatMoney(account.arrMinor, account.currency, { whole: true })}</span>}
        sub={account.currency ?? undefined}
        testId="kpi-arr"
      />
      <Kpi
        label="Health"
        value={
          <span className="kpi-health">
            <BandDot band={band} /> <span className="num">{account.healthScore}</span>
          </span>
        }
        sub={
          <>
            {BAND_LABELS[band]} · {account.healthDelta === 0 ? "steady over 4 weeks" : <Trend delta={account.healthDelta} />}
          </>
        }
        testId="kpi-health"
      />
      <Kpi
        label="Plan"
        value={plan?.name ?? "—"}
        sub={[plan?.term ? humanize(plan.term) : null, account.seats === null ? null : `${formatCount(account.seats)} seats`].filter(Boolean).join(" · ") || undefined}
      />
      <Kpi
        label="Renewal"
        value={formatDay(account.renewalDate)}
        sub={account.renewalDate === null ? undefined : formatDaysUntil(account.renewalDate, now)}
        tone={renewIn !== null && renewIn >= 0 && renewIn <= RENEWAL_WARN_DAYS ? "is-warn" : undefined}
      />
      <Kpi label="Owner" value={account.ownerName ?? "Unassigned"} />
      <Kpi
        label="Open escalations"
        value={<span className="num">{formatCount(account.openEscalations)}</span>}
        tone={account.openEscalations > 0 ? "is-danger" : undefined}
      />
      <Kpi
        label="Last touch"
        value={formatDaysAgo(account.lastTouchpointAt, now)}
        sub={account.lastTouchpointAt === null ? "No touchpoint yet" : formatDay(account.lastTouchpointAt)}
      />
    </div>
  );
}
