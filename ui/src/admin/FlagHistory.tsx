// A flag's history in one environment, newest first: each version with what made it (create,
// change, rollback, archive), the state in one line, why, who and when (relative, the exact
// time on hover).
import type { Environment, FlagChange } from "../bindings";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { stateSummary } from "./flagsFormat";
import { VersionTag } from "./settingsParts";

type Props = {
  environment: Environment;
  /** Both environments' versions, newest first. */
  changes: readonly FlagChange[];
};

export function FlagHistory({ environment, changes }: Props) {
  const now = useNow(30_000);
  const mine = changes.filter((c) => c.environment === environment);
  return (
    <section className="pane-section setting-history" aria-label="History" data-testid="flag-history" data-env={environment}>
      <h4 className="section-label">History in {environment}</h4>
      {mine.length === 0 ? (
        <p className="field-hint">No versions in the local copy yet.</p>
      ) : (
        <ol className="setting-log">
          {mine.map((c) => (
            <li key={c.version} className={`setting-log-item action-${c.action}`} data-testid="flag-change" data-version={c.version} data-action={c.action}>
              <div className="setting-log-head">
                <VersionTag version={c.version} />
                <span className={`badge setting-action${c.action === "rollback" ? " badge-warn" : c.action === "archive" ? " badge-muted" : ""}`}>{c.action}</span>
                <span className="mono-small flag-change-state" data-testid="flag-change-state">
                  {stateSummary(c.state)}
                </span>
              </div>
              <p className="setting-log-why">{c.reason}</p>
              <div className="faint small">
                {c.changedBy} ·{" "}
                <time className="num" dateTime={c.changedAt} title={formatAbsolute(c.changedAt)}>
                  {formatRelative(c.changedAt, now)}
                </time>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
