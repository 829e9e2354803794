// Asking the deployer for a deployment: the service, the release, the automated test run it
// passed and why. It needs the platform (offline, the core's unreachable message shows here);
// the deployment then appears in the table as requested and moves on with sync.
import { useId, useState, type SyntheticEvent } from "react";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog } from "../components/FormDialog";
import { Field, TextField } from "../components/FormField";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { DEPLOY_FIELDS, opsErrorsOf } from "./opsFormat";
import { NeedsPlatform } from "./opsParts";
import { useRequestDeployment } from "./queries";

type Props = {
  open: boolean;
  online: boolean;
  services: readonly string[];
  /** The service filtered on, if any (preselected). */
  service: string | null;
  onOpenChange: (open: boolean) => void;
  onRequested: (id: number) => void;
};

export function RequestDeploymentDialog({ open, online, services, service, onOpenChange, onRequested }: Props) {
  const [round, setRound] = useState(0);
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        if (!o) setRound((r) => r + 1);
        onOpenChange(o);
      }}
      title="Request a deployment"
      description="The platform's deployer picks it up, deploys and runs the service's health checks."
      testId="deployment-new-dialog"
      className="dialog-narrow"
    >
      <RequestForm
        key={round}
        online={online}
        services={services}
        initial={service ?? services[0] ?? ""}
        onRequested={(id) => {
          setRound((r) => r + 1);
          onRequested(id);
        }}
      />
    </FormDialog>
  );
}

type Values = { service: string; version: string; tests: string; reason: string };

function RequestForm({ online, services, initial, onRequested }: { online: boolean; services: readonly string[]; initial: string; onRequested: (id: number) => void }) {
  const [values, setValues] = useState<Values>({ service: initial, version: "", tests: "", reason: "" });
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const request = useRequestDeployment();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;
  const set = (k: keyof Values, v: string) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors((er) => withoutField(er, k));
  };

  const onSubmit = (ev: SyntheticEvent<HTMLFormElement>) => {
    ev.preventDefault();
    if (request.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    request.mutate(
      { service: values.service, version: values.version.trim(), testResultRef: values.tests.trim(), reason: values.reason.trim() },
      {
        onSuccess: (newId) => {
          toast.show(`Deployment of ${values.service} ${values.version.trim()} requested — the deployer picks it up; progress arrives with sync`);
          onRequested(newId);
        },
        onError: (err) => setErrors(opsErrorsOf(err, DEPLOY_FIELDS)),
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Request a deployment">
      <FormErrors lines={errors.general} testId="deployment-new-refused" />
      <Field id={fid("service")} label="Service" lines={f.service} errorTestId="deployment-new-error-service">
        {(control) => (
          <select {...control} className="input select" data-testid="deployment-new-service" value={values.service} onChange={(ev) => set("service", ev.target.value)}>
            {services.length === 0 ? <option value="">No service has deployments yet</option> : null}
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        id={fid("version")}
        label="Version"
        inputClassName="input mono"
        testId="deployment-new-version"
        value={values.version}
        placeholder="2026.3.14"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        onValue={(v) => set("version", v)}
        lines={f.version}
        errorTestId="deployment-new-error-version"
      />
      <TextField
        id={fid("tests")}
        label="Test result"
        inputClassName="input mono-small"
        testId="deployment-new-tests"
        value={values.tests}
        placeholder="ci#48213: 1204 passed, 0 failed"
        autoComplete="off"
        onValue={(v) => set("tests", v)}
        lines={f.tests}
        errorTestId="deployment-new-error-tests"
      />
      <TextField
        id={fid("reason")}
        label="Reason"
        rows={2}
        testId="deployment-new-reason"
        value={values.reason}
        placeholder="Fixes the retry storm on soft bounces"
        onValue={(v) => set("reason", v)}
        lines={f.reason}
        errorTestId="deployment-new-error-reason"
      />
      {online ? null : <NeedsPlatform what="a deployment request" testId="deployment-new-offline" />}
      <DialogActions pending={request.isPending} label="Request deployment" testId="deployment-new-submit" />
    </form>
  );
}
