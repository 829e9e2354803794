// Changing a flag in one environment: on/off, the rollout (with quick steps and, online, how
// many tenants it reaches), variants, targeting, the flag's prerequisites and the reason kept
// with the new version. Save (Ctrl/Cmd-Enter too) sends the state with the environment's
// version when the form started, so a change made meanwhile is refused rather than overwritten.
// A refusal's `field: message` lines show beside their fields; anything else above the form.
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { Environment, FlagState, FlagView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { fieldErrorsOf, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { isTypingTarget } from "../lib/nav";
import { isMacPlatform } from "../lib/sections";
import { FlagReachLine } from "./FlagReachLine";
import { FlagTargeting } from "./FlagTargeting";
import { FlagVariantsEditor } from "./FlagVariantsEditor";
import { draftOf, draftProblems, OFF_STATE, parseList, REASON_MAX, ROLLOUT_STEPS, sameList, sameState, savedMessage, STATE_FORM_FIELDS, stateOf, type FlagDraft } from "./flagsFormat";
import { useSetFlag } from "./flagsQueries";

type Props = {
  flag: FlagView;
  environment: Environment;
  online: boolean;
  /** The change landed: what it did, in words. */
  onSaved: (message: string) => void;
};

/** What the form started from: the environment's version and state, the flag's prerequisites. */
type Base = { version: number | null; state: FlagState; prerequisites: string[] };

export function FlagStateForm({ flag, environment, online, onSaved }: Props) {
  const live = flag[environment];
  const [base, setBase] = useState<Base>(() => ({ version: live?.version ?? null, state: live?.state ?? OFF_STATE, prerequisites: flag.prerequisites }));
  const [draft, setDraft] = useState<FlagDraft>(() => draftOf(base.state, base.prerequisites));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const save = useSetFlag();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const mac = isMacPlatform();

  const state = stateOf(draft);
  const prerequisites = parseList(draft.prerequisites);
  const changed = state === null || !sameState(state, base.state) || !sameList(prerequisites, base.prerequisites);

  // The environment moved on (a sync, another administrator) while nothing was touched: follow
  // it. Only forward: the list shows the version before ours until the sync brings ours in.
  if (live !== null && (base.version === null || live.version > base.version) && !changed && reason.trim() === "" && !save.isPending) {
    const next = { version: live.version, state: live.state, prerequisites: flag.prerequisites };
    setBase(next);
    setDraft(draftOf(next.state, next.prerequisites));
  }

  const archived = flag.archivedAt !== null;
  const canSend = online && !archived && changed && reason.trim() !== "" && !save.isPending;
  const blockedWhy = !online
    ? "Offline: saving needs the platform."
    : archived
      ? "An archived flag no longer changes."
      : !changed
        ? "Change the state to save a new version."
        : reason.trim() === ""
          ? "Say why to save."
          : null;

  const edit = (patch: Partial<FlagDraft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => fields.reduce(withoutField, e));
  };

  const submit = () => {
    if (!canSend) return;
    const local = draftProblems(draft, reason);
    if (Object.keys(local).length > 0 || state === null) {
      setErrors({ general: [], fields: local });
      return;
    }
    // A new attempt starts clean: the last refusal no longer applies.
    setErrors(NO_FIELD_ERRORS);
    save.mutate(
      { key: flag.key, environment, description: "", state, prerequisites, reason: reason.trim(), expectedVersion: base.version },
      {
        onSuccess: (version) => {
          onSaved(savedMessage(flag.key, environment, version, state));
          setBase({ version, state, prerequisites });
          setDraft(draftOf(state, prerequisites));
          setReason("");
        },
        onError: (e) => setErrors(fieldErrorsOf(e, STATE_FORM_FIELDS)),
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

  const f = errors.fields;
  const fieldClass = (...names: string[]) => `field${names.some((n) => f[n] !== undefined) ? " field-invalid" : ""}`;

  return (
    <form className="form setting-change-form flag-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate data-testid="flag-form" aria-label={`Change in ${environment}`}>
      <h4 className="section-label">Change in {environment}</h4>
      <FormErrors lines={errors.general} testId="flag-refused" />
      <div className={fieldClass("enabled")}>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="flag-enabled"
            checked={draft.enabled}
            onChange={(e) => edit({ enabled: e.target.checked }, "enabled")}
            {...invalidProps(fid("enabled-error"), f.enabled)}
          />
          On
        </label>
        <FieldMessage id={fid("enabled-error")} lines={f.enabled} testId="flag-error-enabled" />
      </div>
      <div className={fieldClass("rolloutPercent")}>
        <label htmlFor={fid("rollout")}>Rollout (% of the targeted tenants)</label>
        <div className="flag-rollout-row">
          <input
            id={fid("rollout")}
            className="input num flag-rollout"
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            data-testid="flag-rollout"
            value={draft.rollout}
            onChange={(e) => edit({ rollout: e.target.value }, "rolloutPercent")}
            autoComplete="off"
            {...invalidProps(fid("rollout-error"), f.rolloutPercent)}
          />
          <div className="flag-rollout-steps" role="group" aria-label="Quick rollout">
            {ROLLOUT_STEPS.map((n) => (
              <button
                key={n}
                type="button"
                className={`button button-ghost button-small num${draft.rollout === String(n) ? " is-on" : ""}`}
                data-testid={`flag-rollout-${n}`}
                aria-pressed={draft.rollout === String(n)}
                onClick={() => edit({ rollout: String(n) }, "rolloutPercent")}
              >
                {n}
              </button>
            ))}
          </div>
        </div>
        <FieldMessage id={fid("rollout-error")} lines={f.rolloutPercent} testId="flag-error-rolloutPercent" />
        {online ? <FlagReachLine flagKey={flag.key} state={state} /> : null}
      </div>
      <FlagVariantsEditor idBase={fid("variants")} variants={draft.variants} errors={f.variants} onChange={(variants) => edit({ variants }, "variants")} />
      <FlagTargeting idBase={fid("targeting")} draft={draft} errors={errors} onChange={edit} />
      <div className={fieldClass("prerequisites")}>
        <label htmlFor={fid("prerequisites")}>Prerequisites (flags that must be on too; every environment)</label>
        <input
          id={fid("prerequisites")}
          className="input mono"
          data-testid="flag-prerequisites"
          value={draft.prerequisites}
          placeholder="new-editor, billing.v2"
          onChange={(e) => edit({ prerequisites: e.target.value }, "prerequisites")}
          autoComplete="off"
          spellCheck={false}
          {...invalidProps(fid("prerequisites-error"), f.prerequisites)}
        />
        <FieldMessage id={fid("prerequisites-error")} lines={f.prerequisites} testId="flag-error-prerequisites" />
      </div>
      <div className={fieldClass("reason")}>
        <label htmlFor={fid("reason")}>Reason (kept with the version and in the audit trail)</label>
        <textarea
          id={fid("reason")}
          className="input textarea"
          rows={2}
          maxLength={REASON_MAX}
          placeholder="Widen to 10 % after a clean week at 5 %"
          data-testid="flag-reason"
          value={reason}
          required
          onChange={(e) => {
            setReason(e.target.value);
            setErrors((er) => withoutField(er, "reason"));
          }}
          {...invalidProps(fid("reason-error"), f.reason)}
        />
        <FieldMessage id={fid("reason-error")} lines={f.reason} testId="flag-error-reason" />
      </div>
      <div className="note-actions roles-actions">
        {blockedWhy === null ? (
          <span className="dialog-hint faint">
            <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
            <Kbd>Enter</Kbd>
          </span>
        ) : (
          <span className="field-hint" data-testid="flag-save-blocked">
            {blockedWhy}
          </span>
        )}
        <button
          type="submit"
          className="button button-primary button-small"
          data-testid="flag-save"
          disabled={!canSend}
          aria-busy={save.isPending}
          title={blockedWhy ?? `Save a new version in ${environment}`}
        >
          {save.isPending ? <Spinner size={12} /> : null}
          Save in {environment}
        </button>
      </div>
    </form>
  );
}
