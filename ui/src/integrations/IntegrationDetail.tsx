// One integration beside the table: what it is (vendor, kind, status endpoint, API version, the
// platform's note), the desk's probe, its calls over 30 days with p95 and error-rate charts and
// what got worse week over week, the failure timeline (the platform's recorded failures, and its
// status checks of the last 72 hours grouped into failed runs — live, or as last read offline),
// the deprecation notices with their migration status (changeable), and the credential rotation
// with its history and "Record rotation". Esc (or the close button) closes it.
import { CircleAlert, CircleCheck, KeyRound, X } from "lucide-react";
import { useMemo, useState } from "react";
import type { IntegrationFailureEntry, Probe } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { ReportError } from "../finance/parts";
import { formatCount, formatDateTime, formatDay } from "../lib/format";
import { formatRelative } from "../lib/time";
import { compact, MetricChart } from "../ops/MetricChart";
import { cascadeSpan, formatMs, formatRate } from "../ops/opsFormat";
import { Fact, NeedsPlatform, StatusDot } from "../ops/opsParts";
import { ProbeCell } from "../ops/ProbeCell";
import { DeprecationItem } from "./DeprecationItem";
import { KIND_LABELS, labelFrom, rotationText, rotationTone } from "./integrationsFormat";
import { useIntegration } from "./queries";
import { RotationDialog } from "./RotationDialog";

type Props = {
  name: string;
  probe: Probe | undefined;
  online: boolean;
  now: Date;
  onClose: () => void;
};

const ms = (v: number) => formatMs(v);
const pct = (v: number) => formatRate(v);

export function IntegrationDetail({ name, probe, online, now, onClose }: Props) {
  const detail = useIntegration(name);
  const [rotating, setRotating] = useState(false);
  const d = detail.data?.summary.integration.name === name ? detail.data : undefined;
  const days = useMemo(() => d?.days ?? [], [d]);
  const at = useMemo(() => days.map((x) => `${x.day}T00:00:00Z`), [days]);
  const p95 = useMemo(() => days.map((x) => x.p95Ms), [days]);
  const errors = useMemo(() => days.map((x) => x.errorRate), [days]);
  const calls = useMemo(() => days.map((x) => x.calls), [days]);

  return (
    <aside className="finance-pane ops-pane integration-pane" data-testid="integration-detail" data-name={name} aria-label={`Integration ${name}`}>
      <header className="pane-head">
        <div className="audit-pane-title">
          {d === undefined ? <Spinner size={12} /> : <StatusDot status={d.summary.recordedStatus} testId="integration-detail-status" />}
          <button type="button" className="button button-ghost button-small" data-testid="integration-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title mono">{name}</div>
        {d === undefined ? null : (
          <p className="muted small">
            {d.summary.integration.vendor ?? "—"} · {labelFrom(KIND_LABELS, d.summary.integration.kind)} · {d.summary.integration.ownerTeam}
          </p>
        )}
      </header>
      {detail.isError ? <ReportError title="The integration could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="integration-detail-error" /> : null}
      {d === undefined ? null : (
        <>
          <dl className="audit-fields ops-fields">
            <Fact label="Status page">{d.summary.integration.statusUrl === null ? null : <span className="mono-small">{d.summary.integration.statusUrl}</span>}</Fact>
            <Fact label="Probe" always>
              <ProbeCell name={`integration-detail-${name}`} probe={probe} now={now} />
            </Fact>
            <Fact label="API version">
              <span className="mono-small">{d.summary.integration.apiVersion}</span>
            </Fact>
            <Fact label="Note" testId="integration-notes">
              {d.summary.integration.notes}
            </Fact>
            <Fact label="30 days" always>
              <span className="num" data-testid="integration-month">
                {formatCount(d.month.calls)} calls · {formatRate(d.month.errorRate)} errors · p50 {formatMs(d.month.p50Ms)} · p95 {formatMs(d.month.p95Ms)} (worst day {formatMs(d.month.worstP95Ms)})
              </span>
            </Fact>
          </dl>
          {d.summary.worse.length === 0 ? null : (
            <ul className="ops-reasons integration-worse-list" data-testid="integration-worse" aria-label="Worse than the week before">
              {d.summary.worse.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <MetricChart title="p95 latency per day" at={at} values={p95} format={ms} testId="integration-chart-p95" />
          <MetricChart title="Error rate per day" at={at} values={errors} format={pct} tone="danger" testId="integration-chart-errors" />
          <MetricChart title="Calls per day" at={at} values={calls} format={compact} area testId="integration-chart-calls" />

          <section className="pane-section" aria-label="Failure timeline" data-testid="integration-failures">
            <h4 className="section-label">Failure timeline</h4>
            {d.failures.length === 0 ? <p className="field-hint">No failure recorded.</p> : <FailureList failures={d.failures} />}
            <div className="integration-checks" data-testid="integration-checks" data-live={d.checks.live}>
              <p className="muted small">
                {d.checks.readAt === null
                  ? `The platform's status checks need the platform${d.checks.offlineReason === null ? "" : ` (${d.checks.offlineReason})`}.`
                  : `Status checks, last 72 h: ${formatCount(d.checks.failed)} of ${formatCount(d.checks.checked)} failed${d.checks.live ? "" : ` — as read ${formatRelative(d.checks.readAt, now)}`}`}
              </p>
              {d.checks.runs.length === 0 ? null : (
                <ul className="ops-checks">
                  {d.checks.runs.map((r) => (
                    <li key={r.startedAt} className="is-failed" data-testid="integration-check-run" data-open={r.endedAt === null}>
                      <CircleAlert size={13} aria-hidden />
                      <span className="strong">{r.endedAt === null ? `Failing since ${formatDateTime(r.startedAt)}` : cascadeSpan(r.startedAt, r.endedAt)}</span>
                      <span className="muted">{r.error}</span>
                      <span className="faint num">{formatCount(r.failedChecks)} failed</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>

          <section className="pane-section" aria-label="Deprecations" data-testid="integration-deprecations">
            <h4 className="section-label">Deprecation notices</h4>
            {d.deprecations.length === 0 ? <p className="field-hint">No deprecation notice for this integration.</p> : d.deprecations.map((x) => <DeprecationItem key={`${x.id}:${x.version}`} deprecation={x} online={online} />)}
          </section>

          <section className="pane-section" aria-label="Credentials" data-testid="integration-credentials">
            <h4 className="section-label">
              Credentials
              <button type="button" className="button button-small integration-rotate" data-testid="integration-record-rotation" onClick={() => setRotating(true)}>
                <KeyRound size={12} aria-hidden /> Record rotation
              </button>
            </h4>
            <p className={`small ${rotationTone(d.summary.rotation) || "muted"}`} data-testid="integration-rotation-due" data-rotation={d.summary.rotation}>
              {d.summary.integration.credentialRotationDue === null
                ? "No rotation due date recorded."
                : `Next rotation ${formatDay(d.summary.integration.credentialRotationDue)} — ${rotationText(d.summary.rotationDaysLeft)}`}
            </p>
            {online ? null : <NeedsPlatform what="recording a rotation" testId="integration-rotation-offline" />}
            {d.rotations.length === 0 ? null : (
              <ul className="ops-checks integration-rotations">
                {d.rotations.map((r) => (
                  <li key={r.id} className="is-ok" data-testid="integration-rotation">
                    <CircleCheck size={13} aria-hidden />
                    <span className="strong">{formatDateTime(r.rotatedAt)}</span>
                    <span className="muted">
                      {r.rotatedBy}
                      {r.note === "" ? "" : `: ${r.note}`}
                    </span>
                    <span className="faint">next {formatDay(r.nextDue)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <RotationDialog integration={rotating ? d.summary.integration : null} online={online} onOpenChange={setRotating} />
        </>
      )}
    </aside>
  );
}

function FailureList({ failures }: { failures: readonly IntegrationFailureEntry[] }) {
  return (
    <ol className="integration-timeline">
      {failures.map((f) => (
        <li key={f.id} className={f.endedAt === null ? "is-open" : undefined} data-testid="integration-failure" data-open={f.endedAt === null}>
          <div className="integration-timeline-head">
            {f.endedAt === null ? <span className="badge badge-danger">ongoing</span> : null}
            <span className="num small">{f.endedAt === null ? `since ${formatDateTime(f.startedAt)}` : cascadeSpan(f.startedAt, f.endedAt)}</span>
          </div>
          <div className="strong">{f.summary}</div>
          {f.impact === "" ? null : <div className="muted small">{f.impact}</div>}
        </li>
      ))}
    </ol>
  );
}
