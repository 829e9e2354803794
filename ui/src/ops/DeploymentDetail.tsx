// One deployment beside the table: its status and versions, who asked and why, the test run
// behind it, the deployer's notes, the health checks after it, and the rollbacks asked of it
// with their outcome, impact and lessons (a finished one without a review gets the review
// form). "Roll back to <previous>" asks for a reason and sends the request to the deployer.
import { CircleAlert, CircleCheck, Undo2, X } from "lucide-react";
import { useState } from "react";
import type { DeploymentView, RollbackView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { useToast } from "../components/Toast";
import { formatDateTime } from "../lib/format";
import { ChecksSummary, VersionLine } from "./deploymentColumns";
import { formatMs, needsReview, ROLLBACK_REQUESTED } from "./opsFormat";
import { DeployStatusChip, Fact } from "./opsParts";
import { RollbackDialog } from "./RollbackDialog";
import { RollbackReview } from "./RollbackReview";

type Props = { deployment: DeploymentView; online: boolean; onClose: () => void };

export function DeploymentDetail({ deployment: d, online, onClose }: Props) {
  const [rollingBack, setRollingBack] = useState(false);
  // The rollbacks the deployment had when this member asked for one: the message stays until
  // the request has arrived through sync and the deployer has finished it.
  const [requestedWith, setRequestedWith] = useState<number | null>(null);
  const latest = d.rollbacks[0];
  const finished = requestedWith !== null && d.rollbacks.length > requestedWith && latest !== undefined && (latest.status === "succeeded" || latest.status === "failed");
  const message = requestedWith === null || finished ? null : ROLLBACK_REQUESTED;
  const toast = useToast();
  return (
    <aside className="finance-pane ops-pane" data-testid="deployment-detail" data-id={d.id} data-status={d.status} aria-label="Deployment">
      <header className="pane-head">
        <div className="audit-pane-title">
          <DeployStatusChip status={d.status} testId="deployment-detail-status" />
          <button type="button" className="button button-ghost button-small" data-testid="deployment-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title">
          <span className="mono">{d.service}</span> <VersionLine d={d} />
        </div>
        {d.canRollBack && d.previousVersion !== null ? (
          <div className="ops-pane-actions">
            <button type="button" className="button button-small" data-testid="deployment-rollback" onClick={() => setRollingBack(true)}>
              <Undo2 size={13} aria-hidden /> Roll back to {d.previousVersion}
            </button>
          </div>
        ) : null}
        {message === null ? null : (
          <p className="setting-outcome is-ok ops-message" role="status" data-testid="deployment-message">
            <CircleCheck size={13} aria-hidden /> {message}
          </p>
        )}
      </header>
      <dl className="audit-fields ops-fields">
        <Fact label="Requested" always>
          {d.requestedBy} · {formatDateTime(d.requestedAt)}
        </Fact>
        <Fact label="Started">{d.startedAt === null ? null : formatDateTime(d.startedAt)}</Fact>
        <Fact label="Finished">{d.finishedAt === null ? null : formatDateTime(d.finishedAt)}</Fact>
        <Fact label="Tests" testId="deployment-tests">
          {d.testResultRef === null ? null : <span className="mono-small">{d.testResultRef}</span>}
        </Fact>
        <Fact label="Reason" testId="deployment-reason">
          {d.reason}
        </Fact>
        <Fact label="Notes" testId="deployment-notes">
          {d.notes}
        </Fact>
      </dl>
      <section className="pane-section" aria-label="Health checks" data-testid="deployment-health-checks">
        <h4 className="section-label">
          Health checks <ChecksSummary checks={d.healthChecks} />
        </h4>
        {d.healthChecks.length === 0 ? (
          <p className="field-hint">{d.status === "requested" || d.status === "running" ? "The deployer runs them once it has deployed." : "None were recorded."}</p>
        ) : (
          <ul className="ops-checks">
            {d.healthChecks.map((c, i) => (
              <li key={`${c.check}-${i}`} className={c.ok ? "is-ok" : "is-failed"} data-testid="deployment-check" data-ok={c.ok}>
                {c.ok ? <CircleCheck size={13} aria-hidden /> : <CircleAlert size={13} aria-hidden />}
                <span className="strong">{c.check}</span>
                <span className="muted">{c.detail ?? ""}</span>
                <span className="faint num">{c.latencyMs === null || c.latencyMs === undefined ? "" : formatMs(c.latencyMs)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="pane-section" aria-label="Rollbacks" data-testid="deployment-rollbacks">
        <h4 className="section-label">Rollbacks</h4>
        {d.rollbacks.length === 0 ? <p className="field-hint">None asked.</p> : d.rollbacks.map((r) => <Rollback key={r.id} rollback={r} />)}
      </section>
      <RollbackDialog
        deployment={rollingBack ? d : null}
        online={online}
        onOpenChange={setRollingBack}
        onRequested={() => {
          setRollingBack(false);
          setRequestedWith(d.rollbacks.length);
          toast.show(ROLLBACK_REQUESTED);
        }}
      />
    </aside>
  );
}

function Rollback({ rollback: r }: { rollback: RollbackView }) {
  return (
    <div className="ops-rollback" data-testid="rollback" data-id={r.id} data-status={r.status}>
      <div className="ops-rollback-head">
        <DeployStatusChip status={r.status} testId="rollback-status" />
        <span className="muted small">
          {r.requestedBy} · {formatDateTime(r.requestedAt)}
          {r.finishedAt === null ? "" : ` → ${formatDateTime(r.finishedAt)}`}
        </span>
      </div>
      <dl className="audit-fields ops-fields">
        <Fact label="Reason">{r.reason}</Fact>
        <Fact label="Outcome" testId="rollback-outcome">
          {r.outcome}
        </Fact>
        <Fact label="Impact" testId="rollback-impact-text">
          {r.impact}
        </Fact>
        <Fact label="Lessons" testId="rollback-lessons-text">
          {r.lessons}
        </Fact>
        <Fact label="Reviewed">{r.reviewedAt === null ? null : `${r.reviewedBy ?? "?"} · ${formatDateTime(r.reviewedAt)}`}</Fact>
      </dl>
      {needsReview(r) ? <RollbackReview rollback={r} /> : null}
    </div>
  );
}
