// What an entry changed, as the detail panel shows it: each top-level key whose value changed
// with before → after (added and removed keys marked), the unchanged keys folded away, and the
// whole record pretty-printed when it was created or removed.
import { useMemo } from "react";
import { auditDiff, inlineValue, prettyValue, type KeyChange } from "./auditDiff";

export function AuditDiffView({ before, after }: { before: string | null; after: string | null }) {
  const diff = useMemo(() => auditDiff(before, after), [before, after]);
  switch (diff.kind) {
    case "none":
      return <p className="card-empty">No record was attached to this entry.</p>;
    case "created":
      return <WholeRecord label="Created as" text={prettyValue(diff.record)} kind="created" />;
    case "removed":
      return <WholeRecord label="Removed; it was" text={prettyValue(diff.record)} kind="removed" />;
    case "replaced":
      return (
        <div className="audit-whole-pair" data-testid="audit-diff" data-kind="replaced">
          <WholeRecord label="Before" text={prettyValue(diff.before)} kind="removed" />
          <WholeRecord label="After" text={prettyValue(diff.after)} kind="created" />
        </div>
      );
    case "changed":
      return (
        <div className="audit-diff" data-testid="audit-diff" data-kind="changed">
          {diff.changes.length === 0 ? (
            <p className="card-empty" data-testid="audit-diff-same">
              The record before and after are the same.
            </p>
          ) : (
            <ul className="diff-list">
              {diff.changes.map((c) => (
                <ChangeLine key={c.key} change={c} />
              ))}
            </ul>
          )}
          {diff.unchanged.length > 0 ? (
            <details className="diff-unchanged" data-testid="audit-diff-unchanged">
              <summary className="faint">
                {diff.unchanged.length} unchanged {diff.unchanged.length === 1 ? "field" : "fields"}
              </summary>
              <ul className="diff-list">
                {diff.unchanged.map((u) => (
                  <li key={u.key} className="diff-line is-same">
                    <span className="diff-key mono-small">{u.key}</span>
                    <span className="diff-values mono-small faint">{inlineValue(u.value)}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      );
  }
}

function ChangeLine({ change }: { change: KeyChange }) {
  return (
    <li className={`diff-line is-${change.kind}`} data-testid="audit-diff-line" data-key={change.key} data-kind={change.kind}>
      <span className="diff-key mono-small">
        {change.key}
        {change.kind === "changed" ? null : <span className={`diff-mark diff-mark-${change.kind}`}>{change.kind}</span>}
      </span>
      <span className="diff-values mono-small">
        {change.kind === "added" ? (
          <span className="diff-after">{inlineValue(change.after)}</span>
        ) : change.kind === "removed" ? (
          <span className="diff-before">{inlineValue(change.before)}</span>
        ) : (
          <>
            <span className="diff-before" data-testid="audit-diff-before">
              {inlineValue(change.before)}
            </span>
            <span className="diff-arrow" aria-label="became">
              {" → "}
            </span>
            <span className="diff-after" data-testid="audit-diff-after">
              {inlineValue(change.after)}
            </span>
          </>
        )}
      </span>
    </li>
  );
}

function WholeRecord({ label, text, kind }: { label: string; text: string; kind: "created" | "removed" }) {
  return (
    <div className={`audit-whole is-${kind}`} data-testid={`audit-record-${kind}`}>
      <span className="faint small">{label}</span>
      <pre className="audit-json">{text}</pre>
    </div>
  );
}
