// Recording a rotation of our credentials for an integration: when the next one is due (after
// today, a quarter ahead by default) and a note. It goes to the platform (offline, the core's
// message shows here); the new due date arrives with sync.
import { useId, useState, type SyntheticEvent } from "react";
import type { IntegrationRecord } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { Field, TextField } from "../components/FormField";
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
    <FormDialog
      open={integration !== null}
      onOpenChange={onOpenChange}
      title={<>Record a rotation of {integration?.name}</>}
      description={integration === null ? undefined : `Our credentials for ${integration.name} were rotated now. When is the next rotation due?`}
      testId="rotation-dialog"
      className="dialog-narrow"
    >
      {integration === null ? null : <RotationForm key={integration.name} integration={integration} online={online} onDone={() => onOpenChange(false)} />}
    </FormDialog>
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
      <Field id={`${id}-due`} label="Next rotation due" lines={errors.fields.nextDue} errorTestId="rotation-error-next-due">
        {(control) => (
          <input
            {...control}
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
          />
        )}
      </Field>
      <TextField
        id={`${id}-note`}
        label="Note"
        testId="rotation-note"
        value={note}
        placeholder="API key rolled in the vault; old key revoked after 24 h"
        onValue={(v) => {
          setNote(v);
          setErrors((er) => withoutField(er, "note"));
        }}
        lines={errors.fields.note}
        errorTestId="rotation-error-note"
      />
      {online ? null : <NeedsPlatform what="recording a rotation" testId="rotation-dialog-offline" />}
      <DialogActions pending={record.isPending} label="Record rotation" testId="rotation-submit" />
    </form>
  );
}
