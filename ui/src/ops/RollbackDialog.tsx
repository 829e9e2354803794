// Rolling a deployment back to its previous stable version: a reason is required. The request
// goes to the platform's deployer (so it needs the platform: offline, the core's unreachable
// message shows here); its progress arrives with sync.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import type { DeploymentView } from "../bindings";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
import { NO_FIELD_ERRORS, type FieldErrors } from "../lib/fieldErrors";
import { opsErrorsOf, ROLLBACK_FIELDS } from "./opsFormat";
import { NeedsPlatform } from "./opsParts";
import { useRequestRollback } from "./queries";

type Props = {
  deployment: DeploymentView | null;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  /** The request was taken. */
  onRequested: () => void;
};

export function RollbackDialog({ deployment, online, onOpenChange, onRequested }: Props) {
  return (
    <Dialog.Root open={deployment !== null} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="rollback-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Roll back {deployment?.service}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          {deployment === null ? null : (
            <>
              <Dialog.Description className="dialog-description">
                From <span className="mono">{deployment.version}</span> back to <span className="mono">{deployment.previousVersion}</span>. The deployer runs it and
                its health checks.
              </Dialog.Description>
              <RollbackForm key={deployment.id} deployment={deployment} online={online} onRequested={onRequested} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RollbackForm({ deployment, online, onRequested }: { deployment: DeploymentView; online: boolean; onRequested: () => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const request = useRequestRollback();
  const id = useId();

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (request.isPending) return;
    if (reason.trim() === "") {
      setErrors({ general: [], fields: { reason: ["Say why it is being rolled back."] } });
      return;
    }
    setErrors(NO_FIELD_ERRORS);
    request.mutate(
      { deployment: deployment.id, reason: reason.trim() },
      {
        onSuccess: onRequested,
        onError: (err) => setErrors(opsErrorsOf(err, ROLLBACK_FIELDS)),
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Roll back">
      <FormErrors lines={errors.general} testId="rollback-refused" />
      <div className={`field${errors.fields.reason ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          id={`${id}-reason`}
          className="input textarea"
          rows={3}
          autoFocus
          required
          data-testid="rollback-reason"
          value={reason}
          placeholder="Error rate doubled on the send path after 2026.3.14"
          onChange={(ev) => {
            setReason(ev.target.value);
            setErrors(NO_FIELD_ERRORS);
          }}
          {...invalidProps(`${id}-reason-error`, errors.fields.reason)}
        />
        <FieldMessage id={`${id}-reason-error`} lines={errors.fields.reason} testId="rollback-error-reason" />
      </div>
      {online ? null : <NeedsPlatform what="a rollback" testId="rollback-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-danger" data-testid="rollback-submit" disabled={request.isPending} aria-busy={request.isPending}>
          {request.isPending ? <Spinner size={12} /> : null}
          Roll back to {deployment.previousVersion}
        </button>
      </div>
    </form>
  );
}
