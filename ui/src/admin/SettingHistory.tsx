// A setting's history, newest first: every version (its value, why, who and when, where it runs
// now) with Roll back… to run it again, then every application of a version to an environment
// (a change, a promotion, a rollback, or the desk's own restore after a failed health check).
import { Undo2 } from "lucide-react";
import { useState } from "react";
import type { SettingApplication, SettingVersion, SettingView } from "../bindings";
import { formatDateTime } from "../lib/format";
import { formatAbsolute } from "../lib/time";
import { SettingRollbackDialog } from "./SettingRollbackDialog";
import { liveIn } from "./settingsFormat";
import { ApplicationAction, EnvChip, SettingValue, VersionTag } from "./settingsParts";

type Props = {
  setting: SettingView;
  versions: readonly SettingVersion[];
  applications: readonly SettingApplication[];
  online: boolean;
};

export function SettingHistory({ setting, versions, applications, online }: Props) {
  const [rollingBack, setRollingBack] = useState<SettingVersion | null>(null);
  return (
    <section className="pane-section setting-history" aria-label="History" data-testid="setting-history">
      <h4 className="section-label">Versions</h4>
      {versions.length === 0 ? (
        <p className="field-hint">No versions in the local copy yet.</p>
      ) : (
        <ol className="setting-log">
          {versions.map((v) => (
            <li key={v.version} className="setting-log-item" data-testid="setting-version" data-version={v.version}>
              <div className="setting-log-head">
                <VersionTag version={v.version} />
                <SettingValue json={v.value} />
                {liveIn(v.version, setting).map((env) => (
                  <EnvChip key={env} env={env} />
                ))}
                <button
                  type="button"
                  className="button button-ghost button-small setting-rollback"
                  data-testid="setting-rollback"
                  data-version={v.version}
                  disabled={!online}
                  onClick={() => setRollingBack(v)}
                >
                  <Undo2 size={12} aria-hidden /> Roll back…
                </button>
              </div>
              <p className="setting-log-why">{v.rationale}</p>
              <Who who={v.changedBy} at={v.changedAt} />
            </li>
          ))}
        </ol>
      )}
      <h4 className="section-label">Applied</h4>
      {applications.length === 0 ? (
        <p className="field-hint">Not applied anywhere yet.</p>
      ) : (
        <ol className="setting-log">
          {applications.map((a, i) => (
            <li key={i} className={`setting-log-item action-${a.action}`} data-testid="setting-application" data-env={a.environment} data-action={a.action}>
              <div className="setting-log-head">
                <EnvChip env={a.environment} />
                <ApplicationAction action={a.action} />
                <VersionTag version={a.version} />
                {a.fromVersion === null ? null : <span className="faint small num">from v{a.fromVersion}</span>}
              </div>
              <p className="setting-log-why">{a.rationale}</p>
              <Who who={a.appliedBy} at={a.appliedAt} />
            </li>
          ))}
        </ol>
      )}
      <SettingRollbackDialog
        setting={setting}
        version={rollingBack}
        applications={applications}
        online={online}
        onOpenChange={(o) => {
          if (!o) setRollingBack(null);
        }}
      />
    </section>
  );
}

function Who({ who, at }: { who: string; at: string }) {
  return (
    <div className="faint small">
      {who} ·{" "}
      <time className="num" dateTime={at} title={formatAbsolute(at)}>
        {formatDateTime(at)}
      </time>
    </div>
  );
}
