// Changing one policy, in two steps. The typed form starts from the live rules (the version it
// edits is said, and sent as expectedVersion so a change made meanwhile is refused rather than
// overwritten). Preview (Ctrl/Cmd-Enter too) asks the platform which compliance rules the draft
// breaks — each shown beside its field and in a list — and who and what it affects. Apply goes
// only for the draft as previewed (any edit calls for a new preview), with no violation, a
// rationale and the platform at hand, and says when it ends sessions. A refusal's lines show
// beside their fields; anything else in the message under the form.
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { PolicyImpact, PolicyView } from "../bindings";
import { invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { isTypingTarget } from "../lib/nav";
import { isMacPlatform } from "../lib/sections";
import { formatAbsolute } from "../lib/time";
import { useNow } from "../lib/useNow";
import { applyBlocked, applyLabel, RATIONALE_MAX, sessionsEnding, versionLine } from "./policiesFormat";
import { FieldViolations, PolicyMessageBox, type PolicyMessage } from "./policiesParts";
import { useChangePolicy, usePreviewPolicy } from "./policiesQueries";
import { draftOf, rulesText, sameRules, type PolicyDraft } from "./policyDraft";
import { fieldsOf } from "./policyFields";
import { PolicyFields } from "./PolicyFields";
import { PolicyPreviewResult } from "./PolicyPreviewResult";
import { parseViolations, refusalOf, violationsFor, type Violation } from "./policyViolations";

type Props = {
  policy: PolicyView;
  online: boolean;
};

/** What the form started from: the version edited and its rules. */
type Base = { version: number; rules: string };

/** The last check of a draft: a preview (with its impact) or a refused apply (impact null). */
type Checked = { json: string; violations: Violation[]; impact: PolicyImpact[] | null };

export function PolicyForm({ policy, online }: Props) {
  const name = policy.name;
  const [base, setBase] = useState<Base>(() => ({ version: policy.version, rules: policy.rules }));
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(name, base.rules));
  const [rationale, setRationale] = useState("");
  const [checked, setChecked] = useState<Checked | null>(null);
  // The fields edited since the last check: their lines no longer apply.
  const [edited, setEdited] = useState<string[]>([]);
  const [message, setMessage] = useState<PolicyMessage | null>(null);
  const preview = usePreviewPolicy();
  const change = useChangePolicy();
  const now = useNow(30_000);
  const id = useId();
  const mac = isMacPlatform();

  const json = rulesText(name, draft);
  const changed = !sameRules(json, base.rules);
  const busy = preview.isPending || change.isPending;

  // The policy moved on (a sync, another administrator) while nothing was touched: follow it.
  // Only forward: the list shows the version before ours until the sync brings ours in.
  if (policy.version > base.version && !changed && rationale.trim() === "" && !busy) {
    setBase({ version: policy.version, rules: policy.rules });
    setDraft(draftOf(name, policy.rules));
    setChecked(null);
  }

  const current = checked !== null && checked.json === json;
  const compliance = checked?.violations.filter((v) => v.field !== "rationale") ?? [];
  const previewed = current && checked.impact !== null ? checked.impact : null;
  const blockedWhy = applyBlocked({
    online,
    changed,
    violations: previewed === null ? null : compliance.length,
    stalePreview: checked !== null && !current,
    rationale,
  });
  const canApply = blockedWhy === null && !busy;
  const ending = previewed === null ? 0 : sessionsEnding(previewed);

  // Beside the fields: the last check's lines, but not those of a field edited since.
  const shown = (checked?.violations ?? []).filter((v) => v.field === null || !edited.includes(v.field));
  const formFields = [...fieldsOf(name).map((f) => f.key), ...Object.keys(draft.other), "rationale"];

  const edit = (field: string, next: (d: PolicyDraft) => PolicyDraft) => {
    setDraft(next);
    setEdited((e) => (e.includes(field) ? e : [...e, field]));
  };

  const runPreview = () => {
    if (!online || busy) return;
    const sent = json;
    setMessage(null);
    preview.mutate(
      { name, rules: sent },
      {
        onSuccess: (p) => {
          setChecked({ json: sent, violations: parseViolations(p.violations), impact: p.impact });
          setEdited([]);
        },
        onError: (e) => {
          const r = refusalOf(e, formFields);
          if (r.violations.length > 0) {
            setChecked({ json: sent, violations: r.violations, impact: null });
            setEdited([]);
          }
          if (r.general.length > 0) setMessage({ tone: "error", lines: r.general });
        },
      },
    );
  };

  const apply = () => {
    if (!canApply) return;
    const sent = json;
    setMessage(null);
    change.mutate(
      { name, rules: sent, rationale: rationale.trim(), expectedVersion: base.version },
      {
        onSuccess: (outcome) => {
          setMessage({ tone: "ok", lines: [outcome.message] });
          setBase({ version: outcome.version, rules: sent });
          setDraft(draftOf(name, sent));
          setRationale("");
          setChecked(null);
          setEdited([]);
        },
        onError: (e) => {
          // A refused apply needs a new preview: its lines replace the preview's.
          const r = refusalOf(e, formFields);
          setChecked({ json: sent, violations: r.violations, impact: null });
          setEdited([]);
          if (r.general.length > 0) setMessage({ tone: "error", lines: r.general });
        },
      },
    );
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    runPreview();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runPreview();
    } else if (e.key === "Escape" && e.target instanceof HTMLElement && isTypingTarget(e.target)) {
      // Esc leaves the box (a second Esc closes the panel), so nothing typed is lost by accident.
      e.preventDefault();
      e.stopPropagation();
      e.target.blur();
    }
  };

  const rationaleLines = violationsFor(shown, "rationale");
  const fid = (f: string) => `${id}-${f}`;
  const sameAsLive = base.version === policy.version;

  return (
    <form className="form setting-change-form policy-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="policy-form" aria-label={`Change the ${name} policy`}>
      <p className="field-hint policy-version" data-testid="policy-version">
        {sameAsLive ? (
          <span title={policy.changedAt === null ? undefined : formatAbsolute(policy.changedAt)}>Editing {versionLine(policy, now)}</span>
        ) : (
          `Editing v${base.version}, just applied (the sync brings it into the list shortly)`
        )}
      </p>
      <PolicyFields
        name={name}
        idBase={fid("field")}
        draft={draft}
        violations={shown}
        onText={(key, text) => edit(key, (d) => ({ ...d, text: { ...d.text, [key]: text } }))}
        onChecked={(key, on) => edit(key, (d) => ({ ...d, checked: { ...d.checked, [key]: on } }))}
        onPairs={(pairs) => edit("pairs", (d) => ({ ...d, pairs }))}
        onDrop={(key) => edit(key, (d) => ({ ...d, other: Object.fromEntries(Object.entries(d.other).filter(([k]) => k !== key)) }))}
      />
      <div className={`field${rationaleLines.length > 0 ? " field-invalid" : ""}`}>
        <label htmlFor={fid("rationale")}>Rationale (kept with the version and in the audit trail)</label>
        <textarea
          id={fid("rationale")}
          className="input textarea"
          rows={2}
          maxLength={RATIONALE_MAX}
          placeholder="SOC 2 auditors asked for 14 characters"
          data-testid="policy-rationale"
          value={rationale}
          required
          onChange={(e) => {
            setRationale(e.target.value);
            setEdited((ed) => (ed.includes("rationale") ? ed : [...ed, "rationale"]));
          }}
          {...invalidProps(fid("rationale-error"), rationaleLines.map((v) => v.line))}
        />
        <FieldViolations id={fid("rationale-error")} violations={rationaleLines} testId="policy-error-rationale" />
      </div>
      {checked === null || (compliance.length === 0 && checked.impact === null) ? null : (
        <PolicyPreviewResult violations={compliance} impact={checked.impact} stale={!current} />
      )}
      {message === null ? null : <PolicyMessageBox message={message} onDismiss={() => setMessage(null)} />}
      <div className="note-actions roles-actions policy-actions">
        {blockedWhy === null ? null : (
          <span className="field-hint" data-testid="policy-apply-blocked">
            {blockedWhy}
          </span>
        )}
        <button
          type="submit"
          className="button button-small"
          data-testid="policy-preview"
          disabled={!online || busy}
          aria-busy={preview.isPending}
          title={online ? `Preview (${mac ? "⌘" : "Ctrl"}-Enter)` : "Offline: previewing needs the platform."}
        >
          {preview.isPending ? <Spinner size={12} /> : null}
          Preview
          {online ? (
            <span className="policy-button-kbd faint">
              <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
              <Kbd>Enter</Kbd>
            </span>
          ) : null}
        </button>
        <button
          type="button"
          className={`button button-small ${ending > 0 ? "button-danger" : "button-primary"}`}
          data-testid="policy-apply"
          disabled={!canApply}
          aria-busy={change.isPending}
          title={blockedWhy ?? `Make this version ${base.version + 1} of the policy`}
          onClick={apply}
        >
          {change.isPending ? <Spinner size={12} /> : null}
          {applyLabel(ending)}
        </button>
      </div>
    </form>
  );
}
