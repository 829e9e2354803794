// One incident beside the list: severity, type and status with the state of the member's last
// change ("saving…", "waiting for sync"), the title and its actions (Move to…, Reclassify,
// Confirm breach, Close — off with the reason while it cannot be closed), the breach clock when
// a breach was confirmed, the facts (lead, response team, customer data, summary…), then the
// containment checklist, the evidence and the timeline. It reads from the local copy (offline
// too); each change is a live call, and the panel re-reads the record at once and again when
// sync brings the change back.
import { AlertTriangle, ArrowRightLeft, Bell, CheckCheck, ShieldAlert, Tags, X } from "lucide-react";
import { useState } from "react";
import type { FollowUpItem, IncidentRecord } from "../bindings";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { ReportError } from "../finance/parts";
import { deskErrorOf } from "../lib/errors";
import { formatDateTime, formatDay } from "../lib/format";
import { useNav } from "../lib/nav";
import { Fact } from "../ops/opsParts";
import { BreachClock } from "./BreachClock";
import { CloseIncidentDialog } from "./CloseIncidentDialog";
import { ContainmentChecklist } from "./ContainmentChecklist";
import { EvidenceSection } from "./EvidenceSection";
import { BreachDialog, NotifyDialog, ReclassifyDialog, StatusDialog } from "./IncidentDialogs";
import { IncidentTimeline } from "./IncidentTimeline";
import { useIncident } from "./queries";
import { clockRunning, detailFingerprint, isFinished, labelOf, TYPE_LABELS } from "./securityFormat";
import { ChangeProvider, ChangeState, IncidentSeverity, IncidentStatus, useChangeTracker } from "./securityParts";

type Props = { id: string; online: boolean; onClose: () => void };

type Open = "status" | "reclassify" | "breach" | "notify" | "close" | null;

export function IncidentDetail({ id, online, onClose }: Props) {
  const detail = useIncident(id);
  const tracker = useChangeTracker(detail.data === undefined ? "" : detailFingerprint(detail.data));
  const [dialog, setDialog] = useState<Open>(null);
  const close = (
    <button type="button" className="button button-ghost button-small" data-testid="incident-detail-close" onClick={onClose} title="Close (Esc)">
      <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
    </button>
  );

  if (detail.data === undefined) {
    const notFound = detail.isError && deskErrorOf(detail.error)?.code === "notFound";
    return (
      <aside className="finance-pane ops-pane incident-pane" data-testid="incident-detail" data-id={id} aria-label="Incident">
        <div className="audit-pane-title">
          <span />
          {close}
        </div>
        {notFound ? (
          <p className="field-hint" data-testid="incident-missing">
            <Spinner size={12} /> Waiting for sync: a new incident shows here once the platform's copy reaches this desk.
          </p>
        ) : detail.isError ? (
          <ReportError title="The incident could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="incident-detail-error" />
        ) : (
          <p className="field-hint" data-testid="incident-detail-loading">
            <Spinner size={12} /> Reading the incident…
          </p>
        )}
      </aside>
    );
  }

  const d = detail.data;
  const i = d.incident;
  const finished = isFinished(i.status);
  const onDialog = (which: Open) => (o: boolean) => setDialog(o ? which : null);
  return (
    <ChangeProvider tracker={tracker}>
      <aside
        className={`finance-pane ops-pane incident-pane${i.severity === "SEV1" && !finished ? " is-sev1" : ""}`}
        data-testid="incident-detail"
        data-id={i.id}
        data-status={i.status}
        data-severity={i.severity}
        data-version={i.version}
        aria-label="Incident"
      >
        <header className="pane-head">
          <div className="audit-pane-title">
            <span className="badges">
              <IncidentSeverity severity={i.severity} testId="incident-detail-severity" />
              <span className="badge" data-testid="incident-detail-type" data-kind={i.kind}>
                {labelOf(TYPE_LABELS, i.kind)}
              </span>
              <IncidentStatus status={i.status} testId="incident-detail-status" />
              <ChangeState phase={tracker.phase} />
            </span>
            {close}
          </div>
          <div className="pane-title ops-detail-title" data-testid="incident-detail-title">
            {i.title}
          </div>
          <Actions incident={i} onOpen={setDialog} />
        </header>
        {i.breach === null ? null : (
          <BreachClock clock={i.breach} reference={i.authorityReference} onNotify={clockRunning(i) && !finished ? () => setDialog("notify") : null} />
        )}
        <Facts incident={i} followUps={d.followUps} />
        <section className="pane-section" aria-label="Summary">
          <h4 className="section-label">Summary</h4>
          <p className="ops-text" data-testid="incident-summary-text">
            {i.summary.trim() === "" ? <span className="faint">No summary was written.</span> : i.summary}
          </p>
        </section>
        <ContainmentChecklist incident={i} steps={d.steps} online={online} />
        <EvidenceSection incident={i} evidence={d.evidence} online={online} />
        <IncidentTimeline incident={i} entries={d.timeline} online={online} />
        <StatusDialog incident={i} open={dialog === "status"} online={online} onOpenChange={onDialog("status")} />
        <ReclassifyDialog incident={i} open={dialog === "reclassify"} online={online} onOpenChange={onDialog("reclassify")} />
        <BreachDialog incident={i} open={dialog === "breach"} online={online} onOpenChange={onDialog("breach")} />
        <NotifyDialog incident={i} open={dialog === "notify"} online={online} onOpenChange={onDialog("notify")} />
        <CloseIncidentDialog incident={i} open={dialog === "close"} online={online} onOpenChange={onDialog("close")} />
      </aside>
    </ChangeProvider>
  );
}

function Actions({ incident: i, onOpen }: { incident: IncidentRecord; onOpen: (which: Open) => void }) {
  if (isFinished(i.status)) return null;
  const canMove = i.nextStatuses.length > 0;
  return (
    <div className="ops-pane-actions" data-testid="incident-actions">
      <button type="button" className="button button-small" data-testid="incident-move" disabled={!canMove} title={canMove ? "Move it on" : "It has no further status: close it"} onClick={() => onOpen("status")}>
        <ArrowRightLeft size={12} aria-hidden /> Move to…
      </button>
      <button type="button" className="button button-small" data-testid="incident-reclassify" onClick={() => onOpen("reclassify")}>
        <Tags size={12} aria-hidden /> Reclassify
      </button>
      {i.breach === null ? (
        <button type="button" className="button button-small breach-button" data-testid="breach-confirm" onClick={() => onOpen("breach")} title="Starts the 72-hour clock to notify the authority">
          <ShieldAlert size={12} aria-hidden /> Confirm breach
        </button>
      ) : null}
      {/* A disabled button gets no pointer events in some engines: the wrapper carries the tooltip. */}
      <span className="incident-close-wrap" title={i.closeRefusal ?? "Close with the lessons learned and follow-ups"}>
        <button
          type="button"
          className="button button-small button-primary"
          data-testid="incident-close"
          disabled={i.closeRefusal !== null}
          title={i.closeRefusal ?? "Close with the lessons learned and follow-ups"}
          aria-describedby={i.closeRefusal === null ? undefined : `close-refusal-${i.id}`}
          onClick={() => onOpen("close")}
        >
          <CheckCheck size={12} aria-hidden /> Close
        </button>
      </span>
      {i.closeRefusal === null ? null : (
        <span className="faint small incident-close-reason" id={`close-refusal-${i.id}`} data-testid="incident-close-reason">
          {i.closeRefusal}
        </span>
      )}
    </div>
  );
}

function Facts({ incident: i, followUps }: { incident: IncidentRecord; followUps: readonly FollowUpItem[] }) {
  const nav = useNav();
  return (
    <dl className="audit-fields ops-fields incident-facts" data-testid="incident-facts">
      <Fact label="Lead" always testId="incident-lead">
        {i.lead ?? <span className="faint">—</span>}
      </Fact>
      <Fact label="Team" always testId="incident-team-list">
        {i.responseTeam.length === 0 ? <span className="faint">No one yet</span> : i.responseTeam.join(", ")}
      </Fact>
      <Fact label="Customer data" always testId="incident-customer-data">
        {i.customerDataAffected ? (
          <span className="negative-text strong">
            <AlertTriangle size={12} aria-hidden /> Affected
          </span>
        ) : (
          <span className="muted">Not known to be affected</span>
        )}
      </Fact>
      <Fact label="Detected" always>
        {formatDateTime(i.openedAt)} · {i.detectedBy}
      </Fact>
      <Fact label="Alert">
        {i.alertId === null ? null : (
          <button type="button" className="link-button" data-testid="incident-alert-link" onClick={() => nav.openAlert(i.alertId ?? 0)} title="Open the alert in Alerts">
            <Bell size={12} aria-hidden /> Alert #{i.alertId}
          </button>
        )}
      </Fact>
      <Fact label="Contained">{i.containedAt === null ? null : formatDateTime(i.containedAt)}</Fact>
      <Fact label="Recovered">{i.resolvedAt === null ? null : formatDateTime(i.resolvedAt)}</Fact>
      <Fact label="Closed">{i.closedAt === null ? null : formatDateTime(i.closedAt)}</Fact>
      <Fact label="False positive" testId="incident-fp-reason">
        {i.falsePositiveReason}
      </Fact>
      <Fact label="Lessons" testId="incident-lessons">
        {i.lessonsLearned}
      </Fact>
      <Fact label="Follow-ups" testId="incident-followups">
        {followUps.length === 0 ? null : (
          <ul className="incident-followup-list">
            {followUps.map((f) => (
              <li key={f.id}>
                {f.action} <span className="faint">· {f.owner}{f.dueOn === null ? "" : ` · due ${formatDay(f.dueOn)}`}</span>
              </li>
            ))}
          </ul>
        )}
      </Fact>
    </dl>
  );
}
