// Starting the onboarding of a new integration: its name to be, kind, vendor, the API version we
// will call, the vendor's status endpoint (probed once it is in production) and why the platform
// needs it. The core and the platform check each field; a refusal shows beside its field.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { KIND_LABELS, KINDS, labelFrom, ONBOARDING_FIELDS } from "./integrationsFormat";
import { useStartOnboarding } from "./queries";

type Props = { open: boolean; online: boolean; onOpenChange: (open: boolean) => void };

export function StartOnboardingDialog({ open, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="onboarding-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">New integration onboarding</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">It moves through requirements, design, staging test, security review and production.</Dialog.Description>
          {open ? <StartForm online={online} onDone={() => onOpenChange(false)} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
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
    <div className={`field${f[key] ? " field-invalid" : ""}`}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        className="input"
        data-testid={testId}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => set(key)(e.target.value)}
        {...invalidProps(`${id}-${key}-error`, f[key])}
      />
      <FieldMessage id={`${id}-${key}-error`} lines={f[key]} testId={`${testId}-error`} />
    </div>
  );

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="New onboarding">
      <FormErrors lines={errors.general} testId="onboarding-start-refused" />
      {text("name", "Name", "postmark", "onboarding-name")}
      <div className={`field${f.kind ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} className="input select" data-testid="onboarding-kind" value={draft.kind} onChange={(e) => set("kind")(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {labelFrom(KIND_LABELS, k)}
            </option>
          ))}
        </select>
        <FieldMessage id={`${id}-kind-error`} lines={f.kind} testId="onboarding-kind-error" />
      </div>
      {text("vendor", "Vendor", "Postmark (ActiveCampaign)", "onboarding-vendor")}
      {text("apiVersion", "API version", "v1", "onboarding-api-version")}
      {text("statusUrl", "Status URL", "https://status.postmarkapp.com/api/v2/status.json", "onboarding-status-url")}
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Why the platform needs it</label>
        <textarea
          id={`${id}-purpose`}
          className="input textarea"
          rows={2}
          data-testid="onboarding-purpose"
          value={draft.purpose}
          placeholder="A fallback provider for transactional sends"
          onChange={(e) => set("purpose")(e.target.value)}
        />
      </div>
      {online ? null : <NeedsPlatform what="starting an onboarding" testId="onboarding-start-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="onboarding-submit" disabled={start.isPending} aria-busy={start.isPending}>
          {start.isPending ? <Spinner size={12} /> : null}
          Start onboarding
        </button>
      </div>
    </form>
  );
}
