// Small pieces the policies list and panel show the same way: a compliance line beside its field
// (the rule in bold, then why), the outcome or refusal of the last apply or preview, and the
// "offline — last synced" note.
import { CircleAlert, CircleCheck, CloudOff, X } from "lucide-react";
import { formatAbsolute, formatRelative } from "../lib/time";
import { useNow } from "../lib/useNow";
import { POLICIES_OFFLINE_HINT } from "./policiesFormat";
import { violationWords, type Violation } from "./policyViolations";

/** One violation's words: "**soc2_password_length** — passwords have at least 12 characters". */
export function ViolationText({ violation }: { violation: Violation }) {
  if (violation.rule === null) return <span>{violationWords(violation)}</span>;
  return (
    <span>
      <strong className="policy-rule-name">{violation.rule}</strong> — {violation.message}
    </span>
  );
}

/** The lines about one field, under it; nothing when it has none. */
export function FieldViolations({ id, violations, testId }: { id: string; violations: readonly Violation[]; testId: string }) {
  if (violations.length === 0) return null;
  return (
    <p className="field-error field-message" id={id} role="alert" data-testid={testId}>
      <CircleAlert size={12} aria-hidden />
      <span className="field-message-lines">
        {violations.map((v, i) => (
          <ViolationText key={i} violation={v} />
        ))}
      </span>
    </p>
  );
}

/** What the last apply (or a failed preview) said. */
export type PolicyMessage = { tone: "ok" | "error"; lines: string[] };

export function PolicyMessageBox({ message, onDismiss }: { message: PolicyMessage; onDismiss: () => void }) {
  const ok = message.tone === "ok";
  return (
    <div className={`setting-outcome policy-message ${ok ? "is-ok" : "is-failed"}`} role={ok ? "status" : "alert"} data-testid="policy-message" data-tone={message.tone}>
      <div className="setting-outcome-head">
        <div className="setting-outcome-message field-message-lines">
          {message.lines.map((line, i) => (
            <span key={i}>
              {i === 0 ? ok ? <CircleCheck size={13} aria-hidden /> : <CircleAlert size={13} aria-hidden /> : null} {line}
            </span>
          ))}
        </div>
        <button type="button" className="icon-button" aria-label="Dismiss" data-testid="policy-message-dismiss" onClick={onDismiss}>
          <X size={12} />
        </button>
      </div>
    </div>
  );
}

/** The policies are the local copy: offline they are as fresh as the last sync, and read-only. */
export function PoliciesOfflineNote({ lastSyncAt }: { lastSyncAt: string | null }) {
  const now = useNow(30_000);
  return (
    <span className="offline-note" data-testid="policies-offline" title={`${POLICIES_OFFLINE_HINT} Last synced: ${formatAbsolute(lastSyncAt)}`}>
      <CloudOff size={12} aria-hidden />
      {lastSyncAt === null
        ? "Offline: policies have not synced yet; edits are disabled"
        : `Offline: policies as last synced ${formatRelative(lastSyncAt, now)}; edits are disabled`}
    </span>
  );
}
