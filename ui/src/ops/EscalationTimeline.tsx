// An escalation's investigation timeline, oldest first: each entry's kind, author, time and
// text, with "Pending sync" / "Refused" on the entry itself while the platform has not taken it.
import { ArrowRightLeft, FileText, Lightbulb, MessageCircle, Search, Smile, Target, Truck } from "lucide-react";
import type { EscalationTimelineEntry } from "../bindings";
import { RefusedMessage } from "../alerts/parts";
import { CardEmpty } from "../components/Card";
import { SyncBadge } from "../components/SyncBadge";
import { formatCount, formatDateTime } from "../lib/format";
import { KIND_LABELS, labelOf } from "./opsFormat";

const ICONS: Record<string, typeof FileText> = {
  note: FileText,
  finding: Search,
  root_cause: Target,
  vendor_contact: Truck,
  customer_update: MessageCircle,
  state_change: ArrowRightLeft,
  satisfaction: Smile,
};

export function EscalationTimeline({ entries }: { entries: readonly EscalationTimelineEntry[] }) {
  return (
    <section className="pane-section" aria-label="Timeline" data-testid="escalation-timeline">
      <h4 className="section-label">
        Timeline {entries.length > 0 ? <span className="faint num">{formatCount(entries.length)}</span> : null}
      </h4>
      {entries.length === 0 ? (
        <CardEmpty>Nothing recorded yet. Write what you checked and found, for whoever picks this up next.</CardEmpty>
      ) : (
        <ul className="timeline">
          {entries.map((t) => {
            const Icon = ICONS[t.kind] ?? Lightbulb;
            return (
              <li key={t.id} className={`timeline-item sync-${t.sync.state}`} data-testid="timeline-entry" data-kind={t.kind} data-sync={t.sync.state}>
                <span className="timeline-icon">
                  <Icon size={12} aria-hidden />
                </span>
                <div className="timeline-body">
                  <div className="timeline-head">
                    <span className="timeline-summary small">
                      {labelOf(KIND_LABELS, t.kind)} <span className="timeline-meta">· {t.author} · {formatDateTime(t.at)}</span>
                    </span>
                    <SyncBadge sync={t.sync} />
                  </div>
                  <div className="timeline-text ops-text">{t.body}</div>
                  <RefusedMessage sync={t.sync} testId="timeline-refused" />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
