// One escalation beside the list: everything about it (severity, state, tenant, who reported
// it, the next customer update, the CSM and when they were told, vendor, root cause, resolution,
// satisfaction, the knowledge-base article written from it), what support knew, the timeline,
// the entry form, Resolve, and the customer's satisfaction once resolved. It all works offline:
// the member's changes show as pending on the record until the platform has them.
import { AlertTriangle, BookOpen, CheckCheck, X } from "lucide-react";
import { useState } from "react";
import type { EscalationRecord } from "../bindings";
import { RefusedMessage } from "../alerts/parts";
import { Kbd } from "../components/Kbd";
import { SyncBadge } from "../components/SyncBadge";
import { ReportError, ReportLoading } from "../finance/parts";
import { deskErrorOf } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { useNav } from "../lib/nav";
import { EntryForm } from "./EntryForm";
import { NextUpdate } from "./escalationColumns";
import { EscalationTimeline } from "./EscalationTimeline";
import { canResolve, isFinished, labelOf } from "./opsFormat";
import { Fact, SeverityChip, StateChip } from "./opsParts";
import { useEscalation } from "./queries";
import { ResolveDialog } from "./ResolveDialog";
import { SatisfactionForm } from "./SatisfactionForm";

type Props = { id: string; online: boolean; onClose: () => void };

export function EscalationDetail({ id, online, onClose }: Props) {
  const detail = useEscalation(id);
  const [resolving, setResolving] = useState(false);
  const close = (
    <button type="button" className="button button-ghost button-small" data-testid="escalation-detail-close" onClick={onClose} title="Close (Esc)">
      <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
    </button>
  );

  if (detail.data === undefined) {
    return (
      <aside className="finance-pane ops-pane" data-testid="escalation-detail" data-id={id} aria-label="Escalation">
        <div className="audit-pane-title">
          <span />
          {close}
        </div>
        {detail.isError ? (
          deskErrorOf(detail.error)?.code === "notFound" ? (
            <p className="field-hint" data-testid="escalation-missing">
              <AlertTriangle size={12} aria-hidden /> This escalation is not in the local copy (yet): a new one shows once it is saved.
            </p>
          ) : (
            <ReportError title="The escalation could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="escalation-detail-error" />
          )
        ) : (
          <ReportLoading label="Reading the escalation…" testId="escalation-detail-loading" />
        )}
      </aside>
    );
  }

  const e = detail.data.escalation;
  return (
    <aside className="finance-pane ops-pane" data-testid="escalation-detail" data-id={e.id} data-state={e.state} data-sync={e.sync.state} aria-label="Escalation">
      <header className="pane-head">
        <div className="audit-pane-title">
          <span className="badges">
            <SeverityChip severity={e.severity} />
            <StateChip state={e.state} />
            <SyncBadge sync={e.sync} />
          </span>
          {close}
        </div>
        <div className="pane-title ops-detail-title" data-testid="escalation-detail-title">
          {e.title}
        </div>
        <p className="muted small">
          {e.tenantName} · {labelOf({}, e.category)}
        </p>
        <RefusedMessage sync={e.sync} testId="escalation-refused" />
        {canResolve(e) ? (
          <div className="ops-pane-actions">
            <button type="button" className="button button-primary button-small" data-testid="escalation-resolve" onClick={() => setResolving(true)}>
              <CheckCheck size={13} aria-hidden /> Resolve
            </button>
          </div>
        ) : null}
      </header>
      <Facts e={e} />
      <section className="pane-section" aria-label="What support knew">
        <h4 className="section-label">Reporter context</h4>
        <p className="ops-text" data-testid="escalation-context">
          {e.reporterContext.trim() === "" ? <span className="faint">Support gave no context.</span> : e.reporterContext}
        </p>
      </section>
      <EscalationTimeline entries={detail.data.timeline} />
      {e.state === "closed" ? null : <EntryForm key={e.id} escalation={e} online={online} />}
      {isFinished(e) ? <SatisfactionForm key={`${e.id}:${e.satisfaction ?? 0}`} escalation={e} online={online} /> : null}
      <ResolveDialog escalation={resolving ? e : null} online={online} onOpenChange={setResolving} />
    </aside>
  );
}

function Facts({ e }: { e: EscalationRecord }) {
  const nav = useNav();
  return (
    <dl className="audit-fields ops-fields" data-testid="escalation-facts">
      <Fact label="Tenant">
        <span title={e.tenantId}>{e.tenantName}</span>
      </Fact>
      <Fact label="Opened" always>
        {formatDateTime(e.openedAt)} by {e.reportedBy}
      </Fact>
      <Fact label="Assignee">{e.assignee}</Fact>
      <Fact label="Next update" always>
        <NextUpdate e={e} />
      </Fact>
      <Fact label="CSM" always testId="escalation-csm">
        {e.csm === null ? (
          <span className="faint">No CSM for this tenant</span>
        ) : (
          `${e.csm} — ${e.csmNotifiedAt === null ? "not notified yet" : `notified ${formatDateTime(e.csmNotifiedAt)}`}`
        )}
      </Fact>
      <Fact label="Vendor" testId="escalation-vendor">
        {e.vendor}
      </Fact>
      <Fact label="Root cause" testId="escalation-root-cause">
        {e.rootCause}
      </Fact>
      <Fact label="Resolution" testId="escalation-resolution">
        {e.resolution === null ? null : (
          <>
            {e.resolution}
            {e.resolvedAt === null ? null : <span className="faint"> · {formatDateTime(e.resolvedAt)}</span>}
          </>
        )}
      </Fact>
      <Fact label="Satisfaction" testId="escalation-satisfaction">
        {e.satisfaction === null ? null : `${"★".repeat(e.satisfaction)}${"☆".repeat(Math.max(0, 5 - e.satisfaction))} ${e.satisfaction}/5${e.satisfactionNote ? ` — ${e.satisfactionNote}` : ""}`}
      </Fact>
      <Fact label="Article">
        {e.kbArticleId === null ? null : (
          <button type="button" className="link-button" data-testid="escalation-kb-link" onClick={() => nav.openArticle(e.kbArticleId)}>
            <BookOpen size={12} aria-hidden /> {e.kbTitle ?? "The knowledge-base article"}
          </button>
        )}
      </Fact>
    </dl>
  );
}
