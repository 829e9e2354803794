// The escalation patterns report: how many by category and by week (repeats marked), the
// tenants that escalate most, and the repeats — an escalation like one the same tenant had in
// the 30 days before — each opening its escalation.
import { Repeat } from "lucide-react";
import type { PatternCount } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { ReportError, ReportLoading } from "../finance/parts";
import { formatCount, formatDay } from "../lib/format";
import { labelOf } from "./opsFormat";
import { PatternBars } from "./PatternBars";
import { useEscalationPatterns } from "./queries";

const categoryLabel = (c: string) => labelOf({}, c);
const weekLabel = (w: string) => formatDay(w).replace(/,? \d{4}$/, "");

export function EscalationPatterns({ onOpen }: { onOpen: (id: string) => void }) {
  const patterns = useEscalationPatterns();
  if (patterns.isError) {
    return <ReportError title="The patterns could not be read." error={patterns.error} onRetry={() => void patterns.refetch()} testId="escalation-patterns-error" />;
  }
  const p = patterns.data;
  if (p === undefined) return <ReportLoading label="Reading the patterns…" testId="escalation-patterns-loading" />;
  return (
    <div className="finance-report-body" data-testid="escalation-patterns">
      <div className="ops-cards">
        <Card title="By category" testId="patterns-by-category">
          <PatternBars counts={p.byCategory} labelOf={categoryLabel} title="Escalations by category" testId="patterns-category-chart" />
        </Card>
        <Card title="By week" meta="last 12 weeks" testId="patterns-by-week">
          <PatternBars counts={p.byWeek} labelOf={weekLabel} title="Escalations per week" testId="patterns-week-chart" />
        </Card>
      </div>
      <div className="ops-cards">
        <Card title="Top tenants" meta={p.byTenant.length > 0 ? formatCount(p.byTenant.length) : undefined} testId="patterns-tenants">
          {p.byTenant.length === 0 ? <CardEmpty>No escalations yet.</CardEmpty> : <TenantTable rows={p.byTenant} />}
        </Card>
        <Card title="Repeats within 30 days" meta={p.repeats.length > 0 ? formatCount(p.repeats.length) : undefined} testId="patterns-repeats">
          {p.repeats.length === 0 ? (
            <CardEmpty>No tenant escalated the same kind of problem twice within 30 days.</CardEmpty>
          ) : (
            <ul className="rows">
              {p.repeats.map((r) => (
                <li key={r.id} className="row-item ops-repeat" data-testid="pattern-repeat" data-id={r.id}>
                  <Repeat size={13} aria-hidden className="attention" />
                  <div className="ops-repeat-body">
                    <button type="button" className="link-button" onClick={() => onOpen(r.id)}>
                      {r.title}
                    </button>
                    <span className="faint small">
                      {r.tenantName} · {labelOf({}, r.category)} · {formatDay(r.openedAt)} — repeats{" "}
                      <button type="button" className="link-button" onClick={() => onOpen(r.earlierId)}>
                        {r.earlierTitle}
                      </button>{" "}
                      ({formatDay(r.earlierOpenedAt)})
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function TenantTable({ rows }: { rows: readonly PatternCount[] }) {
  return (
    <table className="table table-compact" data-testid="patterns-tenant-table">
      <thead>
        <tr>
          <th scope="col">Tenant</th>
          <th scope="col" className="num">
            Escalations
          </th>
          <th scope="col" className="num">
            Repeats
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.label} data-testid="pattern-tenant">
            <td>{t.label}</td>
            <td className="num">{formatCount(t.count)}</td>
            <td className={`num${t.repeats > 0 ? " attention" : " faint"}`}>{formatCount(t.repeats)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
