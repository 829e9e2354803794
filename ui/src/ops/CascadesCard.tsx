// Probable incidents: alerts from several services within minutes of each other, grouped by
// the core. Each shows its likely origin (the first service to alert), the chain of services,
// the span, and its alerts — a click on one opens it in Alerts.
import { GitBranch } from "lucide-react";
import type { CascadeView } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { formatCount, formatDateTime, userLocale } from "../lib/format";
import { cascadeSpan, labelOf } from "./opsFormat";
import { SeverityChip } from "./opsParts";

type Props = {
  cascades: readonly CascadeView[];
  /** Opens an alert in Alerts, or undefined when the member has no Alerts section. */
  onOpenAlert: ((id: number) => void) | undefined;
};

export function CascadesCard({ cascades, onOpenAlert }: Props) {
  return (
    <Card title="Probable incidents" meta={cascades.length > 0 ? formatCount(cascades.length) : undefined} testId="health-cascades">
      {cascades.length === 0 ? (
        <CardEmpty>No alerts from several services close together in the last 30 days.</CardEmpty>
      ) : (
        <ul className="rows">
          {cascades.map(({ cascade: c, alerts }) => (
            <li key={c.origin} className="row-item ops-cascade" data-testid={`cascade-${c.origin}`}>
              <div className="ops-cascade-head">
                <GitBranch size={13} aria-hidden className="faint" />
                <span className="ops-chain" data-testid="cascade-chain">
                  {c.services.map((s, i) => (
                    <span key={s} className="ops-chain-link">
                      {i > 0 ? <span className="faint" aria-hidden> → </span> : null}
                      {s === c.originService ? (
                        <span className="ops-chain-link" data-testid="cascade-origin">
                          <span className="mono-small">{s}</span>
                          <span className="badge badge-warn ops-origin">likely origin</span>
                        </span>
                      ) : (
                        <span className="mono-small">{s}</span>
                      )}
                    </span>
                  ))}
                </span>
                <span className="faint small num ops-span">{cascadeSpan(c.startedAt, c.endedAt)}</span>
              </div>
              <ul className="ops-cascade-alerts">
                {alerts.map((a) => {
                  const body = (
                    <>
                      <SeverityChip severity={a.severity} />
                      <span className="mono-small faint">{a.service}</span>
                      <span className="cell-text">{a.title}</span>
                      <span className="faint small">{labelOf({}, a.status)}</span>
                      <span className="faint small num" title={formatDateTime(a.createdAt)}>
                        {new Date(a.createdAt).toLocaleTimeString(userLocale(), { hour: "2-digit", minute: "2-digit" })}
                      </span>
                    </>
                  );
                  return (
                    <li key={a.id} data-testid="cascade-alert" data-alert-id={a.id}>
                      {onOpenAlert === undefined ? (
                        <span className="ops-cascade-alert">{body}</span>
                      ) : (
                        <button type="button" className="ops-cascade-alert is-link" title="Open in Alerts" onClick={() => onOpenAlert(a.id)}>
                          {body}
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
