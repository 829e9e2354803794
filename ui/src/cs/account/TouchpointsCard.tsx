import { Mail, Phone, Plus, StickyNote, Users } from "lucide-react";
import type { TouchpointView } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { SyncBadge } from "../../components/SyncBadge";
import { KIND_LABELS, type TouchpointKind } from "../touchpointSchema";
import { Card, CardEmpty } from "../../components/Card";

const ICONS: Record<TouchpointKind, typeof Phone> = { call: Phone, email: Mail, meeting: Users, note: StickyNote };

function kindOf(k: string): TouchpointKind {
  return k === "email" || k === "meeting" || k === "note" ? k : "call";
}

/** Calls, e-mails, meetings and notes, newest first; unsent ones say so. */
export function TouchpointsCard({ touchpoints, onAdd }: { touchpoints: TouchpointView[]; onAdd: () => void }) {
  return (
    <Card
      title="Touchpoints"
      meta={touchpoints.length > 0 ? touchpoints.length : undefined}
      testId="touchpoints-card"
      action={
        <button type="button" className="button button-ghost button-small" onClick={onAdd}>
          <Plus size={12} aria-hidden /> Add
        </button>
      }
    >
      {touchpoints.length === 0 ? (
        <CardEmpty>No touchpoint recorded. Log the next call with N.</CardEmpty>
      ) : (
        <ol className="timeline">
          {touchpoints.map((t) => {
            const kind = kindOf(t.kind);
            const Icon = ICONS[kind];
            return (
              <li key={t.id} className={`timeline-item sync-${t.sync.state}`} data-testid="touchpoint" data-sync={t.sync.state} data-touchpoint-id={t.id}>
                <span className="timeline-icon" aria-hidden>
                  <Icon size={12} />
                </span>
                <div className="timeline-body">
                  <div className="timeline-head">
                    <span className="timeline-summary">{t.summary}</span>
                    <SyncBadge sync={t.sync} />
                  </div>
                  {t.outcome !== "" ? <div className="timeline-text">{t.outcome}</div> : null}
                  {t.nextStep !== null ? (
                    <div className="timeline-text">
                      <span className="faint">Next:</span> {t.nextStep}
                    </div>
                  ) : null}
                  <div className="timeline-meta">
                    {KIND_LABELS[kind]} · {formatDateTime(t.happenedAt)}
                    {t.authorName !== null ? ` · ${t.authorName}` : ""}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
