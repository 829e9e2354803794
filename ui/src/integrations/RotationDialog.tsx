// Recording a rotation of our credentials for an integration: when the next one is due (after
// today, a quarter ahead by default) and a note. It goes to the platform (offline, the core's
// message shows here); the new due date arrives with sync.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { IntegrationRecord } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf } from "../ops/opsFormat";
import { NeedsPlatform } from "../ops/opsParts";
import { addDays, ROTATION_FIELDS } from "./integrationsFormat";
import { useRecordRotation } from "./queries";

type Props = {
  integration: IntegrationRecord | null;
  online: boolean;
  onOpenChange: (open: boolean) => void;
};

export function RotationDialog({ integration, online, onOpenChange }: Props) {
  return (
    <Dialog.Root open={integration !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="rotation-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Record a rotation of {integration?.name}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {integration === null ? null : (
            <>
              <Dialog.Description className="dialog-description">Our credentials for {integration.name} were rotated now. When is the next rotation due?</Dialog.Description>
              <RotationForm key={integration.name} integration={integration} online={online} onDone={() => onOpenChange(false)} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function today(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
}

function RotationForm({ integration, online, onDone }: { integration: IntegrationRecord; online: boolean; onDone: () => void }) {
  const [nextDue, setNextDue] = useState(() => addDays(today(), 90));
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const record = useRecordRotation();
  const toast = useToast();
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (record.isPending) return;
    if (nextDue.trim() === "") {
      setErrors({ general: [], fields: { nextDue: ["Say when the next rotation is due."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    record.mutate(
      { integration: integration.name, nextDue, note: note.trim(), expectedVersion: integration.version },
      {
        onSuccess: () => {
          toast.show(`Rotation of ${integration.name} recorded`);
          onDone();
        },
        onError: (err) => setErrors(opsErrorsOf(err, ROTATION_FIELDS)),
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Record rotation">
      <FormErrors lines={errors.general} testId="rotation-refused" />
      <div className={`field${errors.fields.nextDue ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-due`}>Next rotation due</label>
        <input
          id={`${id}-due`}
          type="date"
          className="input"
          autoFocus
          required
          data-testid="rotation-next-due"
          value={nextDue}
          min={addDays(today(), 1)}
          onChange={(e) => {
            setNextDue(e.target.value);
            setErrors((er) => withoutField(er, "nextDue"));
          }}
          {...invalidProps(`${id}-due-error`, errors.fields.nextDue)}
        />
        <FieldMessage id={`${id}-due-error`} lines={errors.fields.nextDue} testId="rotation-error-next-due" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <input
          id={`${id}-note`}
          className="input"
          data-testid="rotation-note"
          value={note}
          placeholder="API key rolled in the vault; old key revoked after 24 h"
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      {online ? null : <NeedsPlatform what="recording a rotation" testId="rotation-dialog-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="rotation-submit" disabled={record.isPending} aria-busy={record.isPending}>
          {record.isPending ? <Spinner size={12} /> : null}
          Record rotation
        </button>
      </div>
    </form>
  );
}
