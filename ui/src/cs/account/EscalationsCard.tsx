import type { EscalationView } from "../../bindings";
import { useNow } from "../../lib/useNow";
import { formatRelative } from "../../lib/time";
import { formatDateTime, humanize } from "../../lib/format";
import { Card, CardEmpty } from "../../components/Card";

const SEVERITY_TONE: Record<string, string> = {
  critical: "badge-danger",
  high: "badge-danger",
  medium: "badge-warn",
  low: "",
};

/** Support escalations not yet resolved: know them before the customer mentions them. */
export function EscalationsCard({ escalations }: { escalations: EscalationView[] }) {
  const now = useNow(60_000);
  return (
    <Card title="Open escalations" meta={escalations.length > 0 ? escalations.length : undefined} testId="escalations-card">
      {escalations.length === 0 ? (
        <CardEmpty>No open escalations.</CardEmpty>
      ) : (
        <ul className="rows">
          {escalations.map((e) => {
            const late = e.nextUpdateDue !== null && Date.parse(e.nextUpdateDue) < now.getTime();
            return (
              <li key={e.id} className="row-item" data-testid="escalation">
                <span className={`badge ${SEVERITY_TONE[e.severity] ?? ""}`}>{humanize(e.severity)}</span>
                <div className="row-main">
                  <div className="row-title">{e.title}</div>
                  <div className="row-sub">
                    {humanize(e.state)} · opened {formatRelative(e.openedAt, now)}
                    {e.nextUpdateDue !== null ? (
                      <span className={late ? "negative" : undefined}>
                        {" "}
                        · {late ? "customer update overdue since" : "next customer update by"} {formatDateTime(e.nextUpdateDue)}
                      </span>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
