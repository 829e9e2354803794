// Completing an onboarding step: the evidence that shows it is done is required (a document, a
// test run, a sign-off). The platform checks the order, the owner and the role again; a refusal
// shows beside the evidence or above the form. Completing production adds the integration.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { IntegrationOnboarding, IntegrationOnboardingStep } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { COMPLETE_FIELDS, labelFrom, STEP_LABELS } from "./integrationsFormat";
import { useCompleteStep } from "./queries";

type Target = { onboarding: IntegrationOnboarding; step: IntegrationOnboardingStep };

type Props = {
  target: Target | null;
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

const PLACEHOLDERS: Record<string, string> = {
  requirements: "Requirements signed off: docs/integrations/vendor/requirements.md",
  design: "Design review ENG-4520 approved",
  staging_test: "Staging run #812: 64 passed, 0 failed",
  security_review: "Pen test report SEC-311: no findings; data processing agreement signed",
  production: "Live since release 2026.12.3; status endpoint probed healthy",
};

export function CompleteStepDialog({ target, online, onOpenChange }: Props) {
  const label = target === null ? "" : labelFrom(STEP_LABELS, target.step.step);
  return (
    <Dialog.Root open={target !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="complete-step-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">
              Complete {label.toLowerCase()} of {target?.onboarding.name}
            </Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {target === null ? null : (
            <>
              <Dialog.Description className="dialog-description">
                {target.step.step === "production"
                  ? `Completing production adds ${target.onboarding.name} to the integrations.`
                  : "Say what shows the step is done. It is kept with the step and in the audit trail."}
              </Dialog.Description>
              <CompleteForm key={`${target.onboarding.id}:${target.step.step}`} target={target} online={online} onDone={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function CompleteForm({ target, online, onDone }: { target: Target; online: boolean; onDone: () => void }) {
  const [evidence, setEvidence] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const complete = useCompleteStep();
  const toast = useToast();
  const id = useId();
  const { onboarding: o, step: s } = target;

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (complete.isPending) return;
    if (evidence.trim() === "") {
      setErrors({ general: [], fields: { evidence: ["Say what shows the step is done (a document, a test run, a sign-off)."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    complete.mutate(
      { onboarding: o.id, step: s.step, evidence: evidence.trim(), expectedVersion: o.version },
      {
        onSuccess: () => {
          toast.show(s.step === "production" ? `${o.name} is in production` : `${labelFrom(STEP_LABELS, s.step)} of ${o.name} completed`);
          onDone();
        },
        onError: (err) => setErrors(opsErrorsOf(err, COMPLETE_FIELDS)),
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Complete step">
      <FormErrors lines={errors.general} testId="complete-step-refused" />
      <div className={`field${errors.fields.evidence ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-evidence`}>Evidence</label>
        <textarea
          id={`${id}-evidence`}
          className="input textarea"
          rows={3}
          autoFocus
          required
          data-testid="complete-step-evidence"
          value={evidence}
          placeholder={PLACEHOLDERS[s.step] ?? ""}
          onChange={(e) => {
            setEvidence(e.target.value);
            setErrors((er) => withoutField(er, "evidence"));
          }}
          {...invalidProps(`${id}-evidence-error`, errors.fields.evidence)}
        />
        <FieldMessage id={`${id}-evidence-error`} lines={errors.fields.evidence} testId="complete-step-error-evidence" />
      </div>
      {online ? null : <NeedsPlatform what="completing a step" testId="complete-step-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="complete-step-submit" disabled={complete.isPending} aria-busy={complete.isPending}>
          {complete.isPending ? <Spinner size={12} /> : null}
          Complete {labelFrom(STEP_LABELS, s.step).toLowerCase()}
        </button>
      </div>
    </form>
  );
}
