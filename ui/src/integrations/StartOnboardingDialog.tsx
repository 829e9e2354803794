// Starting the onboarding of a new integration: its name to be, kind, vendor, the API version we
// will call, the vendor's status endpoint (probed once it is in production) and why the platform
// needs it. The core and the platform check each field; a refusal shows beside its field.
import { useId, useState, type SyntheticEvent } from "react";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { Field, TextField } from "../components/FormField";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { KIND_LABELS, KINDS, labelFrom, ONBOARDING_FIELDS } from "./integrationsFormat";
import { useStartOnboarding } from "./queries";

type Props = { open: boolean; online: boolean; onOpenChange: (open: boolean) => void };

export function StartOnboardingDialog({ open, online, onOpenChange }: Props) {
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="New integration onboarding"
      description="It moves through requirements, design, staging test, security review and production."
      testId="onboarding-dialog"
    >
      {open ? <StartForm online={online} onDone={() => onOpenChange(false)} /> : null}
    </FormDialog>
  );
}

type Draft = { name: string; kind: string; vendor: string; apiVersion: string; statusUrl: string; purpose: string };
const EMPTY: Draft = { name: "", kind: "email_provider", vendor: "", apiVersion: "", statusUrl: "", purpose: "" };

function StartForm({ online, onDone }: { online: boolean; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const start = useStartOnboarding();
  const toast = useToast();
  const id = useId();
  const f = errors.fields;

  const set = (key: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((er) => withoutField(er, key));
  };

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (start.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    start.mutate(
      {
        name: draft.name.trim(),
        kind: draft.kind,
        vendor: draft.vendor.trim(),
        apiVersion: draft.apiVersion.trim(),
        statusUrl: draft.statusUrl.trim() === "" ? null : draft.statusUrl.trim(),
        purpose: draft.purpose.trim(),
      },
      {
        onSuccess: () => {
          toast.show(`Onboarding of ${draft.name.trim()} started`);
          onDone();
        },
        onError: (err) => setErrors(opsErrorsOf(err, ONBOARDING_FIELDS)),
      },
    );
  };

  const text = (key: keyof Draft, label: string, placeholder: string, testId: string) => (
    <TextField id={`${id}-${key}`} label={label} testId={testId} value={draft[key]} placeholder={placeholder} onValue={set(key)} lines={f[key]} errorTestId={`${testId}-error`} />
  );

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="New onboarding">
      <FormErrors lines={errors.general} testId="onboarding-start-refused" />
      {text("name", "Name", "postmark", "onboarding-name")}
      <Field id={`${id}-kind`} label="Kind" lines={f.kind} errorTestId="onboarding-kind-error">
        {(control) => (
          <select {...control} className="input select" data-testid="onboarding-kind" value={draft.kind} onChange={(e) => set("kind")(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {labelFrom(KIND_LABELS, k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text("vendor", "Vendor", "Postmark (ActiveCampaign)", "onboarding-vendor")}
      {text("apiVersion", "API version", "v1", "onboarding-api-version")}
      {text("statusUrl", "Status URL", "https://status.postmarkapp.com/api/v2/status.json", "onboarding-status-url")}
      <TextField
        id={`${id}-purpose`}
        label="Why the platform needs it"
        rows={2}
        testId="onboarding-purpose"
        value={draft.purpose}
        placeholder="A fallback provider for transactional sends"
        onValue={set("purpose")}
        lines={f.purpose}
        errorTestId="onboarding-purpose-error"
      />
      {online ? null : <NeedsPlatform what="starting an onboarding" testId="onboarding-start-offline" />}
      <DialogActions pending={start.isPending} label="Start onboarding" testId="onboarding-submit" />
    </form>
  );
}
