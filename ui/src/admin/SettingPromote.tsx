// Promote to production, offered while staging runs a version production does not: a small
// confirm asks why, then the desk promotes staging's version, runs the affected service's health
// check and, when it fails, restores production's previous value by itself. What happened shows
// in the confirm — the health check's answer, and a prominent warning after a restore — and,
// once it is closed, under the button until dismissed or another setting is opened.
import * as Dialog from "@radix-ui/react-dialog";
import { ArrowUpFromLine, CircleCheck, CircleX, ShieldAlert, X } from "lucide-react";
import { useId, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import type { PromotionOutcome, SettingView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Kbd } from "../components/Kbd";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { ruleRefusalOf, withoutField, type RuleRefusal } from "../lib/fieldErrors";
import { isMacPlatform } from "../lib/sections";
import { displayValue, NO_REFUSAL, promotable, RATIONALE_MAX, serviceLine, SETTING_FIELDS } from "./settingsFormat";
import { RuleViolations } from "./settingsParts";
import { usePromoteSetting } from "./settingsQueries";

type Props = {
  setting: SettingView;
  online: boolean;
};

/** Whether production still runs what the promotion left there (a later rollback or change
 * makes its outcome card stale, so it goes). */
function stillLive(outcome: PromotionOutcome, setting: SettingView): boolean {
  const left = outcome.restoredVersion ?? outcome.version;
  return setting.production === null || setting.production.version <= left;
}

export function SettingPromote({ setting, online }: Props) {
  // The version staging ran when the confirm opened (what is promoted), or null when closed.
  const [version, setVersion] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<PromotionOutcome | null>(null);
  const promote = usePromoteSetting();
  const toast = useToast();
  const staging = setting.staging;

  return (
    <>
      {staging !== null && promotable(setting) ? (
        <div className="setting-promote-row">
          <span className="field-hint">
            Staging runs v{staging.version}
            {setting.production === null ? "; production has no version yet." : `; production runs v${setting.production.version}.`}
          </span>
          <button
            type="button"
            className="button button-primary button-small"
            data-testid="setting-promote"
            disabled={!online || promote.isPending}
            onClick={() => {
              promote.reset();
              setOutcome(null);
              setVersion(staging.version);
            }}
          >
            <ArrowUpFromLine size={12} aria-hidden /> Promote v{staging.version} to production…
          </button>
        </div>
      ) : null}
      {outcome === null || version !== null || !stillLive(outcome, setting) ? null : (
        <PromotionResult outcome={outcome} onDismiss={() => setOutcome(null)} />
      )}
      <Dialog.Root
        open={version !== null}
        onOpenChange={(o) => {
          // The promotion and its health check finish before the confirm closes.
          if (!o && !promote.isPending) setVersion(null);
        }}
      >
        <Dialog.Portal>
          <Dialog.Overlay className="dialog-overlay" />
          <Dialog.Content className="dialog dialog-narrow" data-testid="setting-promote-dialog">
            <div className="dialog-header">
              <Dialog.Title className="dialog-title">Promote v{version} to production</Dialog.Title>
              <Dialog.Close className="icon-button" aria-label="Close" disabled={promote.isPending}>
                <X size={14} />
              </Dialog.Close>
            </div>
            <Dialog.Description className="dialog-description">
              <span className="mono">{setting.key}</span> becomes {displayValue(staging?.value)} in production. {serviceLine(setting.service)}
              {setting.service === null ? "." : "; if it fails, production's previous value is restored automatically."}
            </Dialog.Description>
            {version === null ? null : outcome !== null ? (
              <>
                <PromotionResult outcome={outcome} />
                <div className="dialog-actions">
                  <Dialog.Close className="button button-primary" type="button" data-testid="setting-promote-done" autoFocus>
                    Done
                  </Dialog.Close>
                </div>
              </>
            ) : (
              <PromoteForm
                key={version}
                pending={promote.isPending}
                online={online}
                onConfirm={(rationale, onRefused) =>
                  promote.mutate(
                    { key: setting.key, version, rationale },
                    {
                      onSuccess: (o) => {
                        // The confirm stays open with what happened; closed, it shows under the button.
                        setOutcome(o);
                        if (o.restoredVersion === null && (o.health === null || o.health.healthy)) toast.show(`Version ${o.version} is live in production`);
                      },
                      onError: onRefused,
                    },
                  )
                }
              />
            )}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

type FormProps = {
  pending: boolean;
  online: boolean;
  onConfirm: (rationale: string, onRefused: (e: unknown) => void) => void;
};

function PromoteForm({ pending, online, onConfirm }: FormProps) {
  const [rationale, setRationale] = useState("");
  const [refusal, setRefusal] = useState<RuleRefusal>(NO_REFUSAL);
  const id = useId();
  const mac = isMacPlatform();
  const canSend = online && !pending;

  const submit = () => {
    if (!canSend) return;
    if (rationale.trim() === "") {
      setRefusal({ rules: [], errors: { general: [], fields: { rationale: ["Say why (it is kept with the promotion and in the audit trail)."] } } });
      return;
    }
    setRefusal(NO_REFUSAL);
    onConfirm(rationale.trim(), (e) => setRefusal(ruleRefusalOf(e, SETTING_FIELDS)));
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
  // A refusal's value lines (production would break a bound) read with the rules.
  const general = [...refusal.errors.general, ...(f.value ?? [])];

  return (
    <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label="Promote to production">
      <FormErrors lines={general} testId="setting-promote-refused" />
      <RuleViolations rules={refusal.rules} testId="setting-promote-error" />
      <div className={`field${f.rationale ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-rationale`}>Rationale</label>
        <textarea
          id={`${id}-rationale`}
          className="input textarea"
          rows={2}
          maxLength={RATIONALE_MAX}
          placeholder="Ran a day in staging without bounces"
          data-testid="setting-promote-rationale"
          value={rationale}
          disabled={pending}
          required
          autoFocus
          onChange={(e) => {
            setRationale(e.target.value);
            setRefusal((r) => ({ rules: r.rules, errors: withoutField(r.errors, "rationale") }));
          }}
          {...invalidProps(`${id}-rationale-error`, f.rationale)}
        />
        <FieldMessage id={`${id}-rationale-error`} lines={f.rationale} testId="setting-promote-error-rationale" />
      </div>
      {pending ? (
        <div className="setting-progress" role="status" data-testid="setting-promote-progress">
          <Spinner size={13} /> Promoting and running the health check…
        </div>
      ) : null}
      <div className="dialog-actions">
        <span className="dialog-hint faint">
          <Kbd>{mac ? "⌘" : "Ctrl"}</Kbd>
          <Kbd>Enter</Kbd>
        </span>
        <Dialog.Close className="button" type="button" disabled={pending}>
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="setting-promote-confirm" disabled={!canSend} aria-busy={pending}>
          {pending ? <Spinner size={13} /> : null}
          Promote
        </button>
      </div>
    </form>
  );
}

/** What the promotion did: the sentence, the health check, and a warning after a restore. */
function PromotionResult({ outcome, onDismiss }: { outcome: PromotionOutcome; onDismiss?: () => void }) {
  const restored = outcome.restoredVersion !== null;
  const failed = outcome.health !== null && !outcome.health.healthy;
  return (
    <div
      className={`setting-outcome${restored ? " is-restored" : failed ? " is-failed" : " is-ok"}`}
      role={restored || failed ? "alert" : "status"}
      data-testid="setting-promotion-outcome"
      data-restored={restored}
    >
      <div className="setting-outcome-head">
        {restored ? (
          <strong className="setting-restored" data-testid="setting-restored">
            <ShieldAlert size={15} aria-hidden /> Health check failed — production was restored automatically
          </strong>
        ) : (
          <strong>Promoted v{outcome.version}</strong>
        )}
        {onDismiss === undefined ? null : (
          <button type="button" className="icon-button" aria-label="Dismiss" data-testid="setting-outcome-dismiss" onClick={onDismiss}>
            <X size={13} />
          </button>
        )}
      </div>
      <p className="setting-outcome-message" data-testid="setting-promotion-message">
        {outcome.message}
      </p>
      {outcome.health === null ? null : (
        <div className={`setting-health${outcome.health.healthy ? " is-healthy" : " is-unhealthy"}`} data-testid="setting-health" data-healthy={outcome.health.healthy}>
          {outcome.health.healthy ? <CircleCheck size={13} aria-label="Healthy" /> : <CircleX size={13} aria-label="Unhealthy" />}
          <span className="mono-small">{outcome.health.service}</span>
          <span>{outcome.health.detail}</span>
          <span className="faint mono-small setting-health-url" title={outcome.health.url}>
            {outcome.health.url}
          </span>
        </div>
      )}
    </div>
  );
}
