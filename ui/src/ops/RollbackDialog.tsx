// Rolling a deployment back to its previous stable version: a reason is required. The request
// goes to the platform's deployer (so it needs the platform: offline, the core's unreachable
// message shows here); its progress arrives with sync.
import { useId, useState, type SyntheticEvent } from "react";
import type { DeploymentView } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { TextField } from "../components/FormField";
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
  const description =
    deployment === null ? undefined : (
      <>
        From <span className="mono">{deployment.version}</span> back to <span className="mono">{deployment.previousVersion}</span>. The deployer runs it and its health checks.
      </>
    );
  return (
    <FormDialog open={deployment !== null} onOpenChange={onOpenChange} title={<>Roll back {deployment?.service}</>} description={description} testId="rollback-dialog" className="dialog-narrow">
      {deployment === null ? null : <RollbackForm key={deployment.id} deployment={deployment} online={online} onRequested={onRequested} />}
    </FormDialog>
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
      <TextField
        id={`${id}-reason`}
        label="Reason"
        rows={3}
        autoFocus
        required
        testId="rollback-reason"
        value={reason}
        placeholder="Error rate doubled on the send path after 2026.3.14"
        onValue={(v) => {
          setReason(v);
          setErrors(NO_FIELD_ERRORS);
        }}
        lines={errors.fields.reason}
        errorTestId="rollback-error-reason"
      />
      {online ? null : <NeedsPlatform what="a rollback" testId="rollback-offline" />}
      <DialogActions pending={request.isPending} label={`Roll back to ${deployment.previousVersion}`} testId="rollback-submit" danger />
    </form>
  );
}
