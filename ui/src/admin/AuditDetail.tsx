// One audit entry in full beside the list: when, who, what, to what and why, then what changed
// in the record. Read-only; Esc (or the close button) closes it and leaves the list as it was.
import { X } from "lucide-react";
import type { AuditEntry } from "../bindings";
import { Kbd } from "../components/Kbd";
import { formatAbsolute } from "../lib/time";
import { AuditDiffView } from "./AuditDiffView";
import { formatAuditTime } from "./format";
import { ActionChip } from "./parts";

export function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  return (
    <aside className="finance-pane audit-pane" data-testid="audit-detail" data-entry-id={entry.id} aria-label="Audit entry">
      <header className="pane-head">
        <div className="audit-pane-title">
          <ActionChip action={entry.action} />
          <button type="button" className="button button-ghost button-small" data-testid="audit-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title mono" data-testid="audit-detail-target">
          {entry.target}
        </div>
      </header>
      <dl className="audit-fields">
        <dt>When</dt>
        <dd className="num" title={formatAbsolute(entry.at)}>
          {formatAuditTime(entry.at)}
        </dd>
        <dt>Actor</dt>
        <dd data-testid="audit-detail-actor">{entry.actor}</dd>
        <dt>Action</dt>
        <dd className="mono-small">{entry.action}</dd>
        <dt>Target</dt>
        <dd className="mono-small">{entry.target}</dd>
        <dt>Reason</dt>
        <dd data-testid="audit-detail-reason">{entry.reason ?? <span className="faint">None given</span>}</dd>
        <dt>Entry</dt>
        <dd className="num faint">#{entry.id}</dd>
      </dl>
      <section className="pane-section" aria-label="What changed">
        <h4 className="section-label">What changed</h4>
        <AuditDiffView before={entry.before} after={entry.after} />
      </section>
    </aside>
  );
}
