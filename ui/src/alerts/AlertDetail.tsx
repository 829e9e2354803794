// One alert in full: what fired and where, who acted, when it escalates, the investigation
// notes (oldest first) with a box to add one, and the earlier alerts of its dedup key. Keys:
// a acknowledge, r resolve, f false positive, n note box, Esc back to the inbox as it was left.
import { AlertTriangle, ArrowLeft, Check, CheckCheck, CircleSlash, FileText } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import type { AlertDetail as Detail, AlertNote, AlertView } from "../bindings";
import { Card, CardEmpty } from "../components/Card";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { SyncBadge } from "../components/SyncBadge";
import { deskErrorOf, errorMessage } from "../lib/errors";
import { formatCount, formatDateTime } from "../lib/format";
import { isPlainShortcut, isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { useNow } from "../lib/useNow";
import { actionBlocked, formatAge, formatFromNow, statusLine, teamLabel } from "./format";
import { NoteForm } from "./NoteForm";
import { AlertStatusLine, GroupCounts, OverdueMarker, RefusedMessage, SeverityChip } from "./parts";
import { useAlertDetail } from "./queries";
import { useAlertActions, type AlertActions } from "./useAlertActions";
import { OpenIncidentFromAlert } from "../security/OpenIncidentFromAlert";

/** `canOpenIncident`: the member holds desk_security (a security alert then offers "Open incident"). */
export function AlertDetail({ id, online, canOpenIncident = false }: { id: number; online: boolean; canOpenIncident?: boolean }) {
  const nav = useNav();
  const detail = useAlertDetail(id);
  const actions = useAlertActions(online);
  const noteBox = useRef<HTMLTextAreaElement>(null);

  // Esc back; a / r / f act; n goes to the note box. The latest alert and actions, read at the key.
  const latest = useRef({ alert: detail.data?.alert, actions });
  useEffect(() => {
    latest.current = { alert: detail.data?.alert, actions };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented && !overlayOpen() && !isTypingTarget(e.target)) {
        e.preventDefault();
        nav.closeAlert();
        return;
      }
      if (e.shiftKey || !isPlainShortcut(e)) return;
      const { alert, actions: act } = latest.current;
      if (alert === undefined) return;
      const key = e.key.toLowerCase();
      if (key === "n") {
        e.preventDefault();
        noteBox.current?.focus();
        return;
      }
      const run = { a: act.acknowledge, r: act.resolve, f: act.falsePositive }[key];
      if (run === undefined) return;
      e.preventDefault();
      run(alert);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nav]);

  const back = (
    <button type="button" className="button button-ghost button-small back-button" data-testid="alert-back" onClick={nav.closeAlert} title="Back to the inbox (Esc)">
      <ArrowLeft size={13} aria-hidden /> Inbox <Kbd>Esc</Kbd>
    </button>
  );

  if (detail.isPending) {
    return (
      <div className="account-screen account-loading" data-testid="alert-detail-loading">
        <Spinner size={16} label="Loading the alert" />
        <span className="muted">Loading the alert…</span>
      </div>
    );
  }
  if (detail.isError) {
    const notFound = deskErrorOf(detail.error)?.code === "notFound";
    return (
      <div className="account-screen">
        <div className="empty-state" data-testid="alert-detail-error">
          <div className="empty-icon">
            <AlertTriangle size={20} aria-hidden />
          </div>
          <h2>{notFound ? "This alert is not in the local copy" : "The alert could not be read"}</h2>
          <p>{errorMessage(detail.error)}</p>
          <div className="empty-actions">
            <button type="button" className="button" onClick={nav.closeAlert}>
              <ArrowLeft size={13} aria-hidden /> Back to the inbox
            </button>
            {notFound ? null : (
              <button type="button" className="button button-primary" onClick={() => void detail.refetch()}>
                Retry
              </button>
            )}
          </div>
        </div>
      </div>
    );
  }

  const d = detail.data;
  const a = d.alert;
  return (
    <div className="account-screen alert-detail" data-testid="alert-detail" data-alert-id={a.id} data-status={a.status} data-sync={a.sync.state}>
      <div className="account-header">
        {back}
        <div className="account-title-row">
          <div className="account-identity">
            <h2 className="account-title alert-detail-title" data-testid="alert-detail-title" title={a.title}>
              {a.title}
            </h2>
            <div className="account-subtitle">
              <SeverityChip severity={a.severity} />
              <AlertStatusLine alert={a} />
              {a.overdue ? <OverdueMarker /> : null}
              <SyncBadge sync={a.sync} />
            </div>
          </div>
          <ActionButtons alert={a} actions={actions} />
          {canOpenIncident ? <OpenIncidentFromAlert alert={a} online={online} /> : null}
        </div>
        <RefusedMessage sync={a.sync} />
      </div>
      <Facts alert={a} />
      <div className="account-grid">
        <div className="account-col">
          <Card title="Details" testId="alert-details">
            {a.details.trim() === "" ? <CardEmpty>The platform sent no details.</CardEmpty> : <p className="alert-details-text">{a.details}</p>}
            <p className="faint small mono">{a.dedupKey}</p>
          </Card>
          <Notes detail={d} />
          <Card title="Add a note" testId="alert-note-card">
            <NoteForm alertId={a.id} online={online} boxRef={noteBox} />
          </Card>
        </div>
        <div className="account-col">
          <History history={d.history} onOpen={nav.openAlert} />
        </div>
      </div>
      {actions.dialogs}
    </div>
  );
}

/** Acknowledge / Resolve / False positive, each disabled with the reason when it no longer applies. */
function ActionButtons({ alert, actions }: { alert: AlertView; actions: AlertActions }) {
  const ackBlocked = actionBlocked(alert, "ack");
  const resolveBlocked = actionBlocked(alert, "resolve");
  const reason = resolveBlocked ?? ackBlocked;
  return (
    <div className="account-actions alert-actions">
      {reason !== null ? (
        <span className="faint small" data-testid="alert-actions-reason">
          {reason}
        </span>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="alert-ack"
        disabled={ackBlocked !== null || actions.busy}
        title={ackBlocked ?? "Acknowledge (A)"}
        onClick={() => actions.acknowledge(alert)}
      >
        <Check size={13} aria-hidden /> Acknowledge <Kbd>A</Kbd>
      </button>
      <button
        type="button"
        className="button button-primary"
        data-testid="alert-resolve"
        disabled={resolveBlocked !== null || actions.busy}
        title={resolveBlocked ?? "Resolve (R)"}
        onClick={() => actions.resolve(alert)}
      >
        <CheckCheck size={13} aria-hidden /> Resolve <Kbd>R</Kbd>
      </button>
      <button
        type="button"
        className="button"
        data-testid="alert-false-positive-button"
        disabled={resolveBlocked !== null || actions.busy}
        title={resolveBlocked ?? "Resolve as a false positive (F)"}
        onClick={() => actions.falsePositive(alert)}
      >
        <CircleSlash size={13} aria-hidden /> False positive <Kbd>F</Kbd>
      </button>
    </div>
  );
}

function Facts({ alert: a }: { alert: AlertView }) {
  const now = useNow(30_000);
  const escalation =
    a.escalateAfter === null ? "—" : `${formatDateTime(a.escalateAfter)}${a.status === "triggered" ? ` (${formatFromNow(a.escalateAfter, now)})` : ""}`;
  return (
    <dl className="alert-facts" data-testid="alert-facts">
      <Fact label="Service" value={<span className="mono">{a.service}</span>} />
      <Fact label="Team" value={teamLabel(a.team)} />
      <Fact label="Raised" value={`${formatDateTime(a.createdAt)} · ${formatAge(a.createdAt, now)} ago`} />
      <Fact label="Escalates" value={escalation} tone={a.overdue ? "negative" : undefined} testId="alert-escalation" />
      <Fact label="Acknowledged" value={a.acknowledgedAt === null ? "—" : `${a.acknowledgedBy ?? "?"} · ${formatDateTime(a.acknowledgedAt)}`} />
      <Fact label="Resolved" value={a.resolvedAt === null ? "—" : `${a.resolvedBy ?? "?"} · ${formatDateTime(a.resolvedAt)}${a.falsePositive ? " · false positive" : ""}`} />
      <Fact label="Fired" value={a.occurrences > 1 || a.alertsWithKey > 1 ? <GroupCounts alert={a} /> : "Once"} />
    </dl>
  );
}

function Fact({ label, value, tone, testId }: { label: string; value: ReactNode; tone?: string | undefined; testId?: string }) {
  return (
    <div className="alert-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd className={tone}>{value}</dd>
    </div>
  );
}

function Notes({ detail }: { detail: Detail }) {
  const notes = detail.notes;
  return (
    <Card title="Investigation notes" meta={notes.length > 0 ? formatCount(notes.length) : undefined} testId="alert-notes">
      {notes.length === 0 ? (
        <CardEmpty>No note yet. Write what you checked and found, for whoever picks this up next.</CardEmpty>
      ) : (
        <ul className="timeline">
          {notes.map((n: AlertNote) => (
            <li key={n.id} className={`timeline-item sync-${n.sync.state}`} data-testid="alert-note" data-sync={n.sync.state}>
              <span className="timeline-icon">
                <FileText size={12} aria-hidden />
              </span>
              <div className="timeline-body">
                <div className="timeline-head">
                  <span className="timeline-meta">
                    {n.author} · {formatDateTime(n.createdAt)}
                  </span>
                  <SyncBadge sync={n.sync} />
                </div>
                <div className="timeline-text alert-note-text">{n.body}</div>
                <RefusedMessage sync={n.sync} testId="alert-note-refused" />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function History({ history, onOpen }: { history: AlertView[]; onOpen: (id: number) => void }) {
  return (
    <Card title="Earlier alerts with this key" meta={history.length > 0 ? formatCount(history.length) : undefined} testId="alert-history">
      {history.length === 0 ? (
        <CardEmpty>This is the first alert with its dedup key.</CardEmpty>
      ) : (
        <ul className="rows">
          {history.map((h) => (
            <li key={h.id} className="row-item">
              <button type="button" className="alert-history-item" data-testid="alert-history-item" data-alert-id={h.id} onClick={() => onOpen(h.id)} title={statusLine(h)}>
                <SeverityChip severity={h.severity} />
                <span className="row-main">
                  <span className="row-title">{formatDateTime(h.createdAt)}</span>
                  <span className="row-sub">
                    <AlertStatusLine alert={h} />
                  </span>
                </span>
                <GroupCounts alert={h} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
