// Every deprecation notice under the integrations table, by deadline: the integration and the
// API version retired, the deadline with its days left (red under 30 days while the migration is
// not done) and the migration status. A click opens the integration, where the status changes.
import { CalendarClock } from "lucide-react";
import type { IntegrationDeprecation } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { formatCount, formatDay } from "../lib/format";
import { deprecationCell, labelFrom, MIGRATION_LABELS } from "./integrationsFormat";

export function DeprecationsCard({ deprecations, onOpen }: { deprecations: readonly IntegrationDeprecation[]; onOpen: (integration: string) => void }) {
  const alerts = deprecations.filter((d) => d.alert).length;
  return (
    <Card title="API deprecations" meta={alerts > 0 ? `${formatCount(alerts)} under 30 days` : undefined} testId="integrations-deprecations">
      {deprecations.length === 0 ? (
        <CardEmpty>No vendor has announced a deprecation of an API version we call.</CardEmpty>
      ) : (
        <ul className="rows">
          {deprecations.map((d) => {
            const cell = deprecationCell(d);
            return (
              <li key={d.id} className="row-item">
                <button
                  type="button"
                  className={`integration-deprecation-row${cell.alert ? " is-alert" : ""}`}
                  data-testid={`deprecation-row-${d.integration}`}
                  data-alert={d.alert}
                  onClick={() => onOpen(d.integration)}
                >
                  {cell.alert ? <CalendarClock size={13} className="negative" aria-hidden /> : null}
                  <span className="mono-small strong">{d.integration}</span>
                  <span className="mono-small muted">{d.apiVersion}</span>
                  <span className={cell.alert ? "negative strong" : "muted"}>
                    {formatDay(d.deadline)} · {cell.text}
                  </span>
                  <span className={`badge integration-migration integration-migration-${d.migrationStatus}`}>{labelFrom(MIGRATION_LABELS, d.migrationStatus)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
