// Completing an onboarding step: the evidence that shows it is done is required (a document, a
// test run, a sign-off). The platform checks the order, the owner and the role again; a refusal
// shows beside the evidence or above the form. Completing production adds the integration.
import { useId, useState, type SyntheticEvent } from "react";
import type { IntegrationOnboarding, IntegrationOnboardingStep } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { TextField } from "../components/FormField";
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
  const description =
    target === null
      ? undefined
      : target.step.step === "production"
        ? `Completing production adds ${target.onboarding.name} to the integrations.`
        : "Say what shows the step is done. It is kept with the step and in the audit trail.";
  return (
    <FormDialog
      open={target !== null}
      onOpenChange={onOpenChange}
      title={
        <>
          Complete {label.toLowerCase()} of {target?.onboarding.name}
        </>
      }
      description={description}
      testId="complete-step-dialog"
      className="dialog-narrow"
    >
      {target === null ? null : <CompleteForm key={`${target.onboarding.id}:${target.step.step}`} target={target} online={online} onDone={() => onOpenChange(false)} />}
    </FormDialog>
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
      {/* The order and the owner are not fields of this form: their refusals go above it. */}
      <FormErrors lines={[...errors.general, ...(errors.fields.step ?? []), ...(errors.fields.owner ?? [])]} testId="complete-step-refused" />
      <TextField
        id={`${id}-evidence`}
        label="Evidence"
        rows={3}
        autoFocus
        required
        testId="complete-step-evidence"
        value={evidence}
        placeholder={PLACEHOLDERS[s.step] ?? ""}
        onValue={(v) => {
          setEvidence(v);
          setErrors((er) => withoutField(er, "evidence"));
        }}
        lines={errors.fields.evidence}
        errorTestId="complete-step-error-evidence"
      />
      {online ? null : <NeedsPlatform what="completing a step" testId="complete-step-offline" />}
      <DialogActions pending={complete.isPending} label={`Complete ${labelFrom(STEP_LABELS, s.step).toLowerCase()}`} testId="complete-step-submit" />
    </form>
  );
}
