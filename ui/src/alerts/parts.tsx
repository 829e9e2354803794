// Small pieces every alert view shows the same way: the severity chip, who acted, the overdue
// marker, the dedup group's counts, and a refusal in the platform's own words.
import { CircleAlert, Clock, Layers } from "lucide-react";
import type { AlertView, RecordSync, Severity } from "../bindings";
import { formatCount } from "../lib/format";
import { SEVERITY_LABELS, statusLine } from "./format";

export function SeverityChip({ severity }: { severity: Severity }) {
  return (
    <span className={`sev-chip sev-${severity}`} data-testid="alert-severity" data-severity={severity}>
      <span className="sev-dot" aria-hidden />
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

/** "Acknowledged by ana", "Resolved by ops" with a false-positive marker, or "Triggered". */
export function AlertStatusLine({ alert }: { alert: Pick<AlertView, "status" | "acknowledgedBy" | "resolvedBy" | "falsePositive"> }) {
  return (
    <span className={`alert-status status-${alert.status}`} data-testid="alert-status" data-status={alert.status}>
      <span className="cell-text">{statusLine(alert)}</span>
      {alert.falsePositive ? (
        <span className="badge badge-fp" data-testid="alert-false-positive" title="Resolved as a false positive">
          False positive
        </span>
      ) : null}
    </span>
  );
}

export function OverdueMarker() {
  return (
    <span className="badge badge-danger overdue-mark" data-testid="alert-overdue" title="Nobody acknowledged it in time">
      <Clock size={10} aria-hidden /> OVERDUE
    </span>
  );
}

/** How often the key fired while open, and how many alerts its dedup key raised in all. */
export function GroupCounts({ alert }: { alert: Pick<AlertView, "occurrences" | "alertsWithKey"> }) {
  return (
    <span className="group-counts num" data-testid="alert-group">
      {alert.occurrences > 1 ? <span title={`Fired ${formatCount(alert.occurrences)} times while open`}>{formatCount(alert.occurrences)}×</span> : null}
      {alert.alertsWithKey > 1 ? (
        <span className="faint" title={`Its dedup key raised ${formatCount(alert.alertsWithKey)} alerts in all`}>
          <Layers size={10} aria-hidden /> ×{formatCount(alert.alertsWithKey)} alerts
        </span>
      ) : null}
    </span>
  );
}

/** The platform's refusal of the member's change, on the record itself. */
export function RefusedMessage({ sync, testId = "alert-refused" }: { sync: RecordSync; testId?: string }) {
  if (sync.state !== "refused") return null;
  return (
    <div className="banner banner-error alert-refused" role="alert" data-testid={testId}>
      <CircleAlert size={14} aria-hidden />
      <span>
        <strong>The platform refused your change.</strong> {sync.message}
      </span>
    </div>
  );
}
