// A policy's history, newest first: each version with its rules in one line, why, who and when
// (relative, the exact time on hover), and what it changed against the version before it, field
// by field ("min_length 12 → 14"); the first version says it is the baseline.
import type { PolicyVersion } from "../bindings";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { policySummary } from "./policiesFormat";
import { rulesChanges, type RuleChange } from "./policyRulesDiff";
import { VersionTag } from "./settingsParts";

type Props = {
  name: string;
  /** Every version, newest first. */
  versions: readonly PolicyVersion[];
};

export function PolicyHistory({ name, versions }: Props) {
  const now = useNow(30_000);
  return (
    <section className="pane-section setting-history" aria-label="History" data-testid="policy-history">
      <h4 className="section-label">History</h4>
      {versions.length === 0 ? (
        <p className="field-hint">No versions in the local copy yet.</p>
      ) : (
        <ol className="setting-log">
          {versions.map((v, i) => {
            const previous = versions[i + 1];
            return (
              <li key={v.version} className="setting-log-item" data-testid="policy-history-version" data-version={v.version}>
                <div className="setting-log-head">
                  <VersionTag version={v.version} />
                  <span className="mono-small policy-history-rules">{policySummary(name, v.rules)}</span>
                </div>
                {previous === undefined ? (
                  <p className="faint small" data-testid="policy-history-first">
                    First version
                  </p>
                ) : (
                  <Changes changes={rulesChanges(previous.rules, v.rules)} />
                )}
                <p className="setting-log-why">{v.rationale}</p>
                <div className="faint small">
                  {v.changedBy} ·{" "}
                  <time className="num" dateTime={v.changedAt} title={formatAbsolute(v.changedAt)}>
                    {formatRelative(v.changedAt, now)}
                  </time>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Each field a version changed: before → after, added or removed. */
function Changes({ changes }: { changes: readonly RuleChange[] }) {
  if (changes.length === 0) {
    return (
      <p className="faint small" data-testid="policy-history-same">
        The rules did not change.
      </p>
    );
  }
  return (
    <ul className="diff-list policy-history-diff" data-testid="policy-history-diff">
      {changes.map((c, i) => (
        <li key={i} className={`diff-line is-${c.kind}`} data-testid="policy-diff-line" data-key={c.key} data-kind={c.kind}>
          <span className="diff-key mono-small">
            {c.key}
            {c.kind === "changed" ? null : <span className={`diff-mark diff-mark-${c.kind}`}>{c.kind}</span>}
          </span>{" "}
          <span className="diff-values mono-small">
            {c.kind === "added" ? (
              <span className="diff-after">{c.after}</span>
            ) : c.kind === "removed" ? (
              <span className="diff-before">{c.before}</span>
            ) : (
              <>
                <span className="diff-before">{c.before}</span>
                <span className="diff-arrow" aria-hidden>
                  {" → "}
                </span>
                <span className="diff-after">{c.after}</span>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
