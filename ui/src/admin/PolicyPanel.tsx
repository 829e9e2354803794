// One policy beside the list: its title, name and what it governs, the typed form with its
// preview and apply (editing the live version), and every version with what it changed. Offline
// everything still shows, as last synced, and Preview and Apply stay off with the reason. Esc (or
// the close button) closes it and leaves the list as it was.
import { CloudOff, X } from "lucide-react";
import type { PolicyView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { ReportError, ReportLoading } from "../finance/parts";
import { POLICIES_OFFLINE_HINT } from "./policiesFormat";
import { usePolicy } from "./policiesQueries";
import { policyTitle } from "./policyFields";
import { PolicyForm } from "./PolicyForm";
import { PolicyHistory } from "./PolicyHistory";

type Props = {
  policy: PolicyView;
  online: boolean;
  onClose: () => void;
};

export function PolicyPanel({ policy, online, onClose }: Props) {
  const detail = usePolicy(policy.name);
  return (
    <aside className="finance-pane policy-pane" data-testid="policy-panel" data-name={policy.name} aria-label="Security policy">
      <header className="pane-head">
        <div className="audit-pane-title">
          <span className="pane-title" data-testid="policy-panel-title">
            {policyTitle(policy.name)}
          </span>
          <button type="button" className="button button-ghost button-small" data-testid="policy-panel-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <code className="mono-small faint">{policy.name}</code>
        <p className="muted setting-pane-description" data-testid="policy-panel-description">
          {policy.description}
        </p>
      </header>
      {online ? null : (
        <p className="field-hint roles-locked setting-offline-hint" data-testid="policy-offline-hint">
          <CloudOff size={12} aria-hidden /> {POLICIES_OFFLINE_HINT}
        </p>
      )}
      <section className="pane-section">
        <PolicyForm policy={policy} online={online} />
      </section>
      {detail.isError ? (
        <ReportError title="The policy's history could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="policy-detail-error" />
      ) : detail.data === undefined ? (
        <ReportLoading label="Reading the history…" testId="policy-history-loading" />
      ) : (
        <PolicyHistory name={policy.name} versions={detail.data.versions} />
      )}
    </aside>
  );
}
