// The integrations as a dense keyboard table: name and vendor (the kind in its tooltip: the
// table must fit 1280 px with every column), the platform's recorded
// status, the desk's probe of its status endpoint, the error rate and p95 of the last 7 days
// (red at 1 % errors; a trend mark when it got worse than the week before), the API version, the
// nearest deprecation's days left (red under 30 days) and the credential rotation due (red when
// overdue, amber within 14 days). Arrows or j/k move the choice, Enter or a click opens the
// integration; while its panel is open the panel follows the choice.
import { TrendingUp } from "lucide-react";
import { useMemo } from "react";
import type { IntegrationSummary, Probe } from "../bindings";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { ProbeCell } from "../ops/ProbeCell";
import { formatMs, formatRate } from "../ops/opsFormat";
import { StatusDot } from "../ops/opsParts";
import { deprecationCell, KIND_LABELS, labelFrom, rotationText, rotationTone } from "./integrationsFormat";

type Props = {
  integrations: readonly IntegrationSummary[];
  probes: ReadonlyMap<string, Probe>;
  /** The integration open in the panel, or null. */
  open: string | null;
  onOpen: (name: string) => void;
  /** The choice moved (the panel, when open, follows it). */
  onChoose: (name: string) => void;
  now: Date;
};

export function IntegrationsTable({ integrations, probes, open, onOpen, onChoose, now }: Props) {
  const names = useMemo(() => integrations.map((i) => i.integration.name), [integrations]);
  const { current, table, body, onKeyDown, openRow } = useKeyboardTable(names, open, onOpen, onChoose);

  return (
    <table
      ref={table}
      className="table ops-table integrations-table"
      role="grid"
      aria-label="Integrations"
      tabIndex={0}
      aria-activedescendant={integrations.length > 0 ? `integration-row-${current}` : undefined}
      data-testid="integrations-table"
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          <th scope="col">Integration</th>
          <th scope="col">Recorded</th>
          <th scope="col">Desk probe</th>
          <th scope="col" className="num">
            Errors 7 d
          </th>
          <th scope="col" className="num">
            p95 7 d
          </th>
          <th scope="col">API version</th>
          <th scope="col">Deprecation</th>
          <th scope="col">Rotation</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {integrations.map((row, i) => {
          const it = row.integration;
          const dep = deprecationCell(row.deprecation);
          const worse = row.worse.length > 0;
          return (
            <tr
              key={it.name}
              id={`integration-row-${i}`}
              aria-selected={i === current}
              className={`is-clickable${i === current ? " is-selected" : ""}${it.name === open ? " is-active" : ""}`}
              data-testid={`integration-row-${it.name}`}
              data-status={row.recordedStatus}
              onClick={() => openRow(i)}
            >
              <td title={`${it.vendor ?? it.ownerTeam} · ${labelFrom(KIND_LABELS, it.kind)}`}>
                <span className="ops-service">
                  <span className="mono-small strong">{it.name}</span>
                  <span className="faint">{it.vendor ?? it.ownerTeam}</span>
                </span>
              </td>
              <td>
                <StatusDot status={row.recordedStatus} testId={`integration-status-${it.name}`} />
                {row.openFailures > 0 ? (
                  <span className="badge badge-danger integration-open-failures" title="Failures still open" data-testid={`integration-open-${it.name}`}>
                    {row.openFailures} open
                  </span>
                ) : null}
              </td>
              <td className="ops-probe-cell">
                <ProbeCell name={`integration-${it.name}`} probe={probes.get(it.name)} now={now} />
              </td>
              <td
                className={`num${(row.week.errorRate ?? 0) >= 0.01 ? " negative" : ""}`}
                data-testid={`integration-errors-${it.name}`}
                title={worse ? `Worse than the week before: ${row.worse.join("; ")}` : undefined}
              >
                {worse ? <TrendingUp size={12} className="attention integration-worse" aria-label="worse than the week before" /> : null}
                {formatRate(row.week.errorRate)}
              </td>
              <td className="num" data-testid={`integration-p95-${it.name}`}>
                {formatMs(row.week.p95Ms)}
              </td>
              <td className="mono-small">{it.apiVersion}</td>
              <td
                className={dep.alert ? "negative strong" : "muted"}
                data-testid={`integration-deprecation-${it.name}`}
                data-alert={dep.alert}
                title={row.deprecation === null ? undefined : `${row.deprecation.apiVersion}: ${row.deprecation.notice} (deadline ${row.deprecation.deadline})`}
              >
                {dep.text}
              </td>
              <td className={rotationTone(row.rotation) || "muted"} data-testid={`integration-rotation-${it.name}`} data-rotation={row.rotation}>
                {rotationText(row.rotationDaysLeft)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
