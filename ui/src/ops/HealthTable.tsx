// The services as a dense keyboard table: status (dot and word), the desk's probe beside it,
// uptime against the SLA (red when missed), p95 against its target, error rate, requests per
// hour (numbers right-aligned) and a sparkline of p95. Arrows or j/k move the choice, Enter or a
// click opens the service; while its panel is open the panel follows the choice.
import { useMemo } from "react";
import type { Probe, ServiceHealth } from "../bindings";
import { useKeyboardTable } from "../lib/useKeyboardTable";
import { formatMs, formatPercent, formatPerHour, formatRate } from "./opsFormat";
import { StatusDot } from "./opsParts";
import { ProbeCell } from "./ProbeCell";
import { Sparkline } from "./Sparkline";

type Props = {
  services: readonly ServiceHealth[];
  probes: ReadonlyMap<string, Probe>;
  /** The service open in the panel, or null. */
  open: string | null;
  onOpen: (name: string) => void;
  /** The choice moved (the panel, when open, follows it). */
  onChoose: (name: string) => void;
  now: Date;
};

export function HealthTable({ services, probes, open, onOpen, onChoose, now }: Props) {
  const names = useMemo(() => services.map((s) => s.name), [services]);
  const { current, table, body, onKeyDown, openRow } = useKeyboardTable(names, open, onOpen, onChoose);

  return (
    <table
      ref={table}
      className="table ops-table ops-health-table"
      role="grid"
      aria-label="Services"
      tabIndex={0}
      aria-activedescendant={services.length > 0 ? `health-row-${current}` : undefined}
      data-testid="health-table"
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Recorded</th>
          <th scope="col">Desk probe</th>
          <th scope="col" className="num">
            Uptime / SLA
          </th>
          <th scope="col" className="num">
            p95 / target
          </th>
          <th scope="col" className="num">
            Errors
          </th>
          <th scope="col" className="num">
            Req/h
          </th>
          <th scope="col">p95 trend</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {services.map((s, i) => {
          const slow = s.p95Ms !== null && s.p95TargetMs !== null && s.p95Ms > s.p95TargetMs;
          return (
            <tr
              key={s.name}
              id={`health-row-${i}`}
              aria-selected={i === current}
              className={`is-clickable${i === current ? " is-selected" : ""}${s.name === open ? " is-active" : ""}`}
              data-testid={`health-row-${s.name}`}
              data-status={s.status}
              onClick={() => openRow(i)}
            >
              <td>
                <span className="ops-service">
                  <span className="mono-small strong">{s.name}</span>
                  <span className="faint">{s.team}</span>
                </span>
              </td>
              <td>
                <StatusDot status={s.status} testId={`health-status-${s.name}`} />
              </td>
              <td className="ops-probe-cell">
                <ProbeCell name={s.name} probe={probes.get(s.name)} now={now} />
              </td>
              <td className={`num${s.meetsSla === false ? " negative" : ""}`} data-testid={`health-uptime-${s.name}`} data-meets-sla={s.meetsSla === null ? undefined : String(s.meetsSla)}>
                {formatPercent(s.uptimePercent)}
                <span className="faint"> / {formatPercent(s.slaTarget)}</span>
              </td>
              <td className={`num${slow ? " negative" : ""}`} data-testid={`health-p95-${s.name}`}>
                {formatMs(s.p95Ms)}
                <span className="faint"> / {formatMs(s.p95TargetMs)}</span>
              </td>
              <td className={`num${(s.errorRate ?? 0) >= 0.01 ? " negative" : ""}`} data-testid={`health-errors-${s.name}`}>
                {formatRate(s.errorRate)}
              </td>
              <td className="num" data-testid={`health-rph-${s.name}`}>
                {formatPerHour(s.requestsPerHour)}
              </td>
              <td className="ops-spark-cell">
                <Sparkline series={s.series} target={s.p95TargetMs} label={`p95 of ${s.name} over the window`} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
