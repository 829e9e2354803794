// Rolling a setting back: an earlier version's value runs again in the environment chosen, as a
// new version (the history keeps every one). The environment starts as production when the
// version ever ran there, else staging; the rationale is kept with the new version. A refusal
// (a rule the old value now breaks, say) shows in the dialog.
import * as Dialog from "@radix-ui/react-dialog";
import { Undo2, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { Environment, SettingApplication, SettingVersion, SettingView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { ruleRefusalOf, withoutField, type RuleRefusal } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { defaultRollbackEnvironment, displayValue, environmentLabel, liveIn, NO_REFUSAL, RATIONALE_MAX, SETTING_FIELDS } from "./settingsFormat";
import { RuleViolations } from "./settingsParts";
import { useRollbackSetting } from "./settingsQueries";

type Props = {
  setting: SettingView;
  /** The version to run again, or null when the dialog is closed. */
  version: SettingVersion | null;
  applications: readonly SettingApplication[];
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

export function SettingRollbackDialog({ setting, version, applications, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={version !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="setting-rollback-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Roll back to v{version?.version}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">
            <span className="mono">{setting.key}</span> runs {displayValue(version?.value)} again, as a new version; the history keeps every version.
          </Dialog.Description>
          {version === null ? null : (
            <RollbackForm
              key={version.version}
              setting={setting}
              version={version}
              applications={applications}
              online={online}
              onDone={() => onOpenChange(false)}
            />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type FormProps = {
  setting: SettingView;
  version: SettingVersion;
  applications: readonly SettingApplication[];
  online: boolean;
  onDone: () => void;
};

function RollbackForm({ setting, version, applications, online, onDone }: FormProps) {
  const [env, setEnv] = useState<Environment>(() => defaultRollbackEnvironment(version.version, applications));
  const [rationale, setRationale] = useState("");
  const [refusal, setRefusal] = useState<RuleRefusal>(NO_REFUSAL);
  const rollback = useRollbackSetting();
  const toast = useToast();
  const id = useId();
  const mac = isMacPlatform();

  const alreadyLive = liveIn(version.version, setting).includes(env);
  const canSend = online && !alreadyLive && !rollback.isPending;

  const submit = () => {
    if (!canSend) return;
    if (rationale.trim() === "") {
      setRefusal({ rules: [], errors: { general: [], fields: { rationale: ["Say why (it is kept with the version and in the audit trail)."] } } });
      return;
    }
    setRefusal(NO_REFUSAL);
    rollback.mutate(
      { key: setting.key, environment: env, toVersion: version.version, rationale: rationale.trim() },
      {
        onSuccess: (v) => {
          toast.show(`Version ${v} is live in ${env}`);
          onDone();
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
    }
  };
  const f = refusal.errors.fields;
  const general = [...refusal.errors.general, ...(f.value ?? [])];
  const runs = (e: Environment) => {
    const live = e === "staging" ? setting.staging : setting.production;
    return live === null ? "nothing yet" : `v${live.version}, ${displayValue(live.value)}`;
  };

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Roll back">
      <FormErrors lines={general} testId="setting-rollback-refused" />
      <RuleViolations rules={refusal.rules} testId="setting-rollback-error" />
      <div className="field">
        <label htmlFor={`${id}-env`}>Where</label>
        <select
          id={`${id}-env`}
          className="input select"
          data-testid="setting-rollback-env"
          value={env}
          onChange={(e) => {
            setEnv(e.target.value === "production" ? "production" : "staging");
            setRefusal((r) => ({ rules: [], errors: { general: [], fields: r.errors.fields } }));
          }}
        >
          {(["production", "staging"] as const).map((e) => (
            <option key={e} value={e}>
              {`${environmentLabel(e)} (runs ${runs(e)})`}
            </option>
          ))}
        </select>
        {alreadyLive ? (
          <p className="field-hint" data-testid="setting-rollback-same">
            {environmentLabel(env)} already runs v{version.version}.
          </p>
        ) : null}
      </div>
      <div className={`field${f.rationale ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-rationale`}>Rationale</label>
        <textarea
          id={`${id}-rationale`}
          className="input textarea"
          rows={2}
          maxLength={RATIONALE_MAX}
          placeholder="Bounces doubled since v7"
          data-testid="setting-rollback-rationale"
          value={rationale}
          required
          autoFocus
          onChange={(e) => {
            setRationale(e.target.value);
            setRefusal((r) => ({ rules: r.rules, errors: withoutField(r.errors, "rationale") }));
          }}
          {...invalidProps(`${id}-rationale-error`, f.rationale)}
        />
        <FieldMessage id={`${id}-rationale-error`} lines={f.rationale} testId="setting-rollback-error-rationale" />
      </div>
      <div className="dialog-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="setting-rollback-confirm" disabled={!canSend} aria-busy={rollback.isPending}>
          {rollback.isPending ? <Spinner size={13} /> : <Undo2 size={13} aria-hidden />}
          Roll back {env}
        </button>
      </div>
    </form>
  );
}
