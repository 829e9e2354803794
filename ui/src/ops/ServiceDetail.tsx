// One service beside the health table: what it is (team, health endpoint, objectives), its
// recorded status and the desk's last probe, and its charts over the window — p95 with the
// target as a markLine, error rate, and throughput. Esc (or the close button) closes it.
import { X } from "lucide-react";
import { useMemo } from "react";
import type { HealthWindow, Probe, ServiceHealth } from "../bindings";
import { Kbd } from "../components/Kbd";
import { formatDateTime } from "../lib/format";
import { compact, MetricChart } from "./MetricChart";
import { formatMs, formatPercent, formatRate, WINDOW_WORDS } from "./opsFormat";
import { Fact, StatusDot } from "./opsParts";
import { ProbeCell } from "./ProbeCell";

type Props = {
  service: ServiceHealth;
  probe: Probe | undefined;
  healthWindow: HealthWindow;
  now: Date;
  onClose: () => void;
};

const ms = (v: number) => formatMs(v);
const pct = (v: number) => formatRate(v);

export function ServiceDetail({ service: s, probe, healthWindow, now, onClose }: Props) {
  const at = useMemo(() => s.series.map((m) => m.at), [s.series]);
  const p95 = useMemo(() => s.series.map((m) => m.p95Ms), [s.series]);
  const errors = useMemo(() => s.series.map((m) => m.errorRate), [s.series]);
  const requests = useMemo(() => s.series.map((m) => m.requests), [s.series]);
  const target = useMemo(() => (s.p95TargetMs === null ? null : { value: s.p95TargetMs, label: `target ${formatMs(s.p95TargetMs)}` }), [s.p95TargetMs]);
  return (
    <aside className="finance-pane ops-pane" data-testid="health-detail" data-service={s.name} aria-label={`Service ${s.name}`}>
      <header className="pane-head">
        <div className="audit-pane-title">
          <StatusDot status={s.status} />
          <button type="button" className="button button-ghost button-small" data-testid="health-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title mono">{s.name}</div>
        <p className="muted small">Over {WINDOW_WORDS[healthWindow]}</p>
      </header>
      <dl className="audit-fields ops-fields">
        <Fact label="Team">{s.team}</Fact>
        <Fact label="Endpoint">
          <span className="mono-small">{s.healthUrl}</span>
        </Fact>
        <Fact label="Uptime" always>
          <span className={s.meetsSla === false ? "negative" : undefined}>
            {formatPercent(s.uptimePercent)} against an SLA of {formatPercent(s.slaTarget)}
            {s.meetsFloor === false ? " — below the 99 % floor" : ""}
          </span>
        </Fact>
        <Fact label="p95" always>
          {formatMs(s.p95Ms)} (target {formatMs(s.p95TargetMs)})
        </Fact>
        <Fact label="Errors" always>
          {formatRate(s.errorRate)}
        </Fact>
        <Fact label="Recorded" always>
          {s.lastBucketAt === null ? "Nothing recorded yet" : `Last bucket ${formatDateTime(s.lastBucketAt)}`}
        </Fact>
        <Fact label="Probe" always>
          <ProbeCell name={`detail-${s.name}`} probe={probe} now={now} />
        </Fact>
      </dl>
      <MetricChart title="p95 latency" at={at} values={p95} format={ms} target={target} testId="health-chart-p95" />
      <MetricChart title="Error rate" at={at} values={errors} format={pct} tone="danger" testId="health-chart-errors" />
      <MetricChart title="Requests" at={at} values={requests} format={compact} area testId="health-chart-requests" />
    </aside>
  );
}
