// Archiving a flag: a small confirm asking why, then the flag goes off in both environments and
// is no longer evaluated. The platform refuses while other flags list it as a prerequisite; its
// message (naming them) shows in the confirm, which stays open.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useId, useState } from "react";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { fieldErrorsOf, NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { REASON_MAX } from "./flagsFormat";
import { useArchiveFlag } from "./flagsQueries";

type Props = {
  flagKey: string;
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  onArchived: () => void;
};

/** The fields an archive's refusal shows beside (the rest, e.g. the dependants, in the banner). */
const ARCHIVE_FIELDS = ["reason"] as const;

export function FlagArchiveDialog({ flagKey, open, online, onOpenChange, onArchived }: Props) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const archive = useArchiveFlag();
  const id = useId();

  const change = (o: boolean) => {
    if (archive.isPending) return;
    if (!o) {
      setReason("");
      setErrors(NO_FIELD_ERRORS);
    }
    onOpenChange(o);
  };

  const confirm = () => {
    if (!online || archive.isPending) return;
    if (reason.trim() === "") {
      setErrors({ general: [], fields: { reason: ["Say why the flag is archived."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    archive.mutate(
      { key: flagKey, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason("");
          onArchived();
        },
        onError: (e) => setErrors(fieldErrorsOf(e, ARCHIVE_FIELDS)),
      },
    );
  };

  return (
    <AlertDialog.Root open={open} onOpenChange={change}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog-narrow" data-testid="flag-archive-dialog">
          <AlertDialog.Title className="dialog-title">Archive {flagKey}?</AlertDialog.Title>
          <AlertDialog.Description className="dialog-description">
            It goes off in staging and production and is no longer evaluated. Its history stays.
          </AlertDialog.Description>
          <FormErrors lines={errors.general} testId="flag-archive-error" />
          <div className={`field${errors.fields.reason ? " field-invalid" : ""}`}>
            <label htmlFor={`${id}-reason`}>Reason</label>
            <textarea
              id={`${id}-reason`}
              className="input textarea"
              rows={2}
              maxLength={REASON_MAX}
              placeholder="Fully rolled out; the old path is gone"
              data-testid="flag-archive-reason"
              value={reason}
              autoFocus
              onChange={(e) => {
                setReason(e.target.value);
                setErrors((er) => withoutField(er, "reason"));
              }}
              {...invalidProps(`${id}-reason-error`, errors.fields.reason)}
            />
            <FieldMessage id={`${id}-reason-error`} lines={errors.fields.reason} testId="flag-archive-error-reason" />
          </div>
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button" disabled={archive.isPending}>
              Cancel
            </AlertDialog.Cancel>
            <button type="button" className="button button-danger" data-testid="flag-archive-confirm" disabled={!online || archive.isPending} onClick={confirm}>
              {archive.isPending ? <Spinner /> : null}
              Archive flag
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
