// One setting beside the list: what it is (type, bounds or allowed values, the service whose
// health check a promotion runs, the cross-setting rules involving it), what staging and
// production run, Promote to production, the change form for staging, and the history with
// rollbacks. Offline everything still shows, as last synced, and the actions stay off with the
// reason. Esc (or the close button) closes it and leaves the list as it was.
import { CloudOff, X } from "lucide-react";
import type { SettingRule, SettingView } from "../bindings";
import { Kbd } from "../components/Kbd";
import { ReportError, ReportLoading } from "../finance/parts";
import { SettingChangeForm } from "./SettingChangeForm";
import { SettingEnvCards } from "./SettingEnvCards";
import { SettingHistory } from "./SettingHistory";
import { SettingPromote } from "./SettingPromote";
import { boundsLabel, differs, ruleExpression, serviceLine, SETTINGS_OFFLINE_HINT, typeLabel } from "./settingsFormat";
import { useSetting } from "./settingsQueries";

type Props = {
  setting: SettingView;
  online: boolean;
  onClose: () => void;
};

export function SettingDetail({ setting, online, onClose }: Props) {
  const detail = useSetting(setting.key);
  const bounds = boundsLabel(setting);
  return (
    <aside className="finance-pane setting-pane" data-testid="setting-detail" data-key={setting.key} aria-label="Setting">
      <header className="pane-head">
        <div className="audit-pane-title">
          <span className="badges">
            <span className="badge">{typeLabel(setting.valueType)}</span>
            {differs(setting) ? <span className="badge badge-warn">Differs</span> : null}
          </span>
          <button type="button" className="button button-ghost button-small" data-testid="setting-detail-close" onClick={onClose} title="Close (Esc)">
            <X size={12} aria-hidden /> <Kbd>Esc</Kbd>
          </button>
        </div>
        <div className="pane-title mono setting-pane-key" data-testid="setting-detail-key">
          {setting.key}
        </div>
        <p className="muted setting-pane-description">{setting.description}</p>
      </header>
      <dl className="audit-fields setting-fields">
        <dt>Type</dt>
        <dd data-testid="setting-detail-type">{typeLabel(setting.valueType)}</dd>
        <dt>Allowed</dt>
        <dd data-testid="setting-detail-bounds">{bounds ?? <span className="faint">Any {typeLabel(setting.valueType).toLowerCase()}</span>}</dd>
        <dt>Service</dt>
        <dd data-testid="setting-service">{serviceLine(setting.service)}</dd>
      </dl>
      {detail.data === undefined || detail.data.rules.length === 0 ? null : <Rules rules={detail.data.rules} />}
      <section className="pane-section" aria-label="Environments">
        <SettingEnvCards setting={setting} />
        {online ? null : (
          <p className="field-hint roles-locked setting-offline-hint" data-testid="setting-offline-hint">
            <CloudOff size={12} aria-hidden /> {SETTINGS_OFFLINE_HINT}
          </p>
        )}
        <SettingPromote setting={setting} online={online} />
      </section>
      <section className="pane-section">
        <SettingChangeForm setting={setting} online={online} />
      </section>
      {detail.isError ? (
        <ReportError title="The setting's history could not be read." error={detail.error} onRetry={() => void detail.refetch()} testId="setting-detail-error" />
      ) : detail.data === undefined ? (
        <ReportLoading label="Reading the history…" testId="setting-history-loading" />
      ) : (
        <SettingHistory setting={setting} versions={detail.data.versions} applications={detail.data.applications} online={online} />
      )}
    </aside>
  );
}

/** The cross-setting rules involving the setting: name, `left op right`, why. */
function Rules({ rules }: { rules: readonly SettingRule[] }) {
  return (
    <section className="pane-section" aria-label="Cross-setting rules" data-testid="setting-rules">
      <h4 className="section-label">Rules</h4>
      <ul className="setting-rule-list">
        {rules.map((r) => (
          <li key={r.name} data-testid="setting-rule" data-rule={r.name}>
            <span className="setting-rule-name mono-small">{r.name}</span>
            <code className="mono-small setting-rule-expr">{ruleExpression(r)}</code>
            <span className="muted small">{r.description}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
