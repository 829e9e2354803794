// Changing a setting in staging: a control fitting its type (a number within its bounds, an
// on/off switch, a choice among the allowed values, or text), the rationale kept with the new
// version, and "staging: old → new" as soon as the value differs. Save (Ctrl/Cmd-Enter too)
// sends the value as JSON text with the version staging ran when the form started, so a change
// made meanwhile is refused rather than overwritten. A refusal shows beside the value or the
// rationale, and each cross-setting rule it would break is listed under the value, as sent.
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { SettingView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { ruleRefusalOf, withoutField, type RuleRefusal } from "../lib/fieldErrors";
import { isTypingTarget } from "../lib/nav";
import { isMacPlatform } from "../lib/sections";
import { allowedLabels, changeProblems, displayValue, draftOf, encodeValue, NO_REFUSAL, RATIONALE_MAX, sameValue, SETTING_FIELDS } from "./settingsFormat";
import { RuleViolations } from "./settingsParts";
import { useChangeSetting } from "./settingsQueries";

type Props = {
  setting: SettingView;
  online: boolean;
};

export function SettingChangeForm({ setting, online }: Props) {
  const staging = setting.staging;
  // The version (and value) staging ran when the form started: sent as expectedVersion.
  const [base, setBase] = useState(() => ({ version: staging?.version ?? null, value: staging?.value ?? null }));
  const [draft, setDraft] = useState(() => draftOf(base.value));
  const [rationale, setRationale] = useState("");
  const [refusal, setRefusal] = useState<RuleRefusal>(NO_REFUSAL);
  const change = useChangeSetting();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const mac = isMacPlatform();

  // Staging moved on (a sync, another administrator) while nothing was touched: follow it. Only
  // forward: the list shows the version before ours until the sync brings ours in.
  const untouched = draft === draftOf(base.value) && rationale.trim() === "";
  if (staging !== null && (base.version === null || staging.version > base.version) && untouched && !change.isPending) {
    setBase({ version: staging.version, value: staging.value });
    setDraft(draftOf(staging.value));
  }

  const encoded = encodeValue(setting.valueType, draft);
  const changed = encoded === null ? draft.trim() !== draftOf(base.value) : !sameValue(encoded, base.value);
  const canSend = online && changed && !change.isPending;

  const setValue = (text: string) => {
    setDraft(text);
    // The rules are about the value: they no longer apply to a new one.
    setRefusal((r) => ({ rules: [], errors: withoutField(r.errors, "value") }));
  };

  const submit = () => {
    if (!canSend) return;
    const local = changeProblems(setting.valueType, draft, rationale);
    if (Object.keys(local).length > 0 || encoded === null) {
      setRefusal({ rules: [], errors: { general: [], fields: local } });
      return;
    }
    // A new attempt starts clean: the last refusal no longer applies.
    setRefusal(NO_REFUSAL);
    change.mutate(
      { key: setting.key, value: encoded, rationale: rationale.trim(), expectedVersion: base.version },
      {
        onSuccess: (version) => {
          toast.show(`Version ${version} is live in staging`);
          setBase({ version, value: encoded });
          setDraft(draftOf(encoded));
          setRationale("");
        },
        onError: (e) => setRefusal(ruleRefusalOf(e, SETTING_FIELDS)),
      },
    );
  };

  const onSubmit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && e.target instanceof HTMLElement && isTypingTarget(e.target)) {
      // Esc leaves the box (a second Esc closes the panel), so nothing typed is lost by accident.
      e.preventDefault();
      e.stopPropagation();
      e.target.blur();
    }
  };

  const f = refusal.errors.fields;
  const valueInvalid = f.value !== undefined || refusal.rules.length > 0;
  const blockedWhy = !online ? null : !changed ? "Change the value to save a new version." : null;

  return (
    <form className="form setting-change-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="setting-change-form" aria-label="Change in staging">
      <h4 className="section-label">Change in staging</h4>
      <FormErrors lines={refusal.errors.general} testId="setting-change-refused" />
      <div className={`field${valueInvalid ? " field-invalid" : ""}`}>
        <label htmlFor={fid("value")}>New value</label>
        <ValueControl
          setting={setting}
          id={fid("value")}
          draft={draft}
          onChange={setValue}
          {...invalidProps(fid("value-error"), valueInvalid ? [...(f.value ?? []), ...refusal.rules.map((r) => r.line)] : undefined)}
        />
        {valueInvalid ? (
          <div id={fid("value-error")} className="setting-value-errors">
            <FieldMessage id={fid("value-field-error")} lines={f.value} testId="setting-change-error-value" />
            <RuleViolations rules={refusal.rules} testId="setting-change-error" />
          </div>
        ) : null}
        {changed && encoded !== null ? (
          <p className="setting-diff mono-small" data-testid="setting-diff">
            staging: <span className="diff-before">{displayValue(base.value)}</span>
            <span className="diff-arrow" aria-label="becomes">
              {" → "}
            </span>
            <span className="diff-after">{displayValue(encoded)}</span>
          </p>
        ) : null}
      </div>
      <div className={`field${f.rationale ? " field-invalid" : ""}`}>
        <label htmlFor={fid("rationale")}>Rationale (kept with the version and in the audit trail)</label>
        <textarea
          id={fid("rationale")}
          className="input textarea"
          rows={2}
          maxLength={RATIONALE_MAX}
          placeholder="Shorter warm-up for the new IP pool"
          data-testid="setting-rationale"
          value={rationale}
          required
          onChange={(e) => {
            setRationale(e.target.value);
            setRefusal((r) => ({ rules: r.rules, errors: withoutField(r.errors, "rationale") }));
          }}
          {...invalidProps(fid("rationale-error"), f.rationale)}
        />
        <FieldMessage id={fid("rationale-error")} lines={f.rationale} testId="setting-change-error-rationale" />
      </div>
      <div className="note-actions roles-actions">
        {blockedWhy === null ? (
          online ? (
            <span className="dialog-hint faint">
              <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
              <Kbd>Enter</Kbd>
            </span>
          ) : null
        ) : (
          <span className="field-hint" data-testid="setting-change-blocked">
            {blockedWhy}
          </span>
        )}
        <button type="submit" className="button button-primary button-small" data-testid="setting-change-submit" disabled={!canSend} aria-busy={change.isPending}>
          {change.isPending ? <Spinner size={12} /> : null}
          Save in staging
        </button>
      </div>
    </form>
  );
}

type ControlProps = {
  setting: SettingView;
  id: string;
  draft: string;
  onChange: (text: string) => void;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

/** The control for the setting's type: a choice, an on/off switch, a number or text. */
function ValueControl({ setting, id, draft, onChange, ...aria }: ControlProps) {
  const allowed = setting.allowedValues ?? [];
  if (allowed.length > 0) {
    const labels = allowedLabels(allowed);
    const options = allowed.map((a, i) => ({ value: draftOf(a), label: labels[i] ?? a }));
    return (
      <select id={id} className="input select" data-testid="setting-value" value={draft} onChange={(e) => onChange(e.target.value)} {...aria}>
        {options.some((o) => o.value === draft) ? null : <option value={draft}>{draft === "" ? "Choose…" : draft}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (setting.valueType === "boolean") {
    const on = draft === "true";
    return (
      <label className="switch setting-switch">
        <input id={id} type="checkbox" role="switch" data-testid="setting-value" checked={on} onChange={(e) => onChange(e.target.checked ? "true" : "false")} {...aria} />
        <span className="switch-track" aria-hidden>
          <span className="switch-thumb" />
        </span>
        <span className="small">{on ? "On" : "Off"}</span>
      </label>
    );
  }
  if (setting.valueType === "number") {
    return (
      <input
        id={id}
        className="input num setting-number"
        type="number"
        inputMode="decimal"
        step="any"
        min={setting.minValue ?? undefined}
        max={setting.maxValue ?? undefined}
        data-testid="setting-value"
        value={draft}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        {...aria}
      />
    );
  }
  return (
    <input
      id={id}
      className="input"
      data-testid="setting-value"
      value={draft}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
      {...aria}
    />
  );
}
