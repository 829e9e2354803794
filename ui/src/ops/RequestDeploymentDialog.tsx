// Asking the deployer for a deployment: the service, the release, the automated test run it
// passed and why. It needs the platform (offline, the core's unreachable message shows here);
// the deployment then appears in the table as requested and moves on with sync.
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import { FieldMessage, FormErrors, invalidProps } from "../components/FieldMessages";
import { Spinner } from "../components/Spinner";
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
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (!o) setRound((r) => r + 1);
        onOpenChange(o);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="deployment-new-dialog">
          <div className="dialog-header">
            <Dialog.Title className="dialog-title">Request a deployment</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label="Close">
              <X size={14} />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-description">The platform's deployer picks it up, deploys and runs the service's health checks.</Dialog.Description>
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
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
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
      <div className={`field${f.service ? " field-invalid" : ""}`}>
        <label htmlFor={fid("service")}>Service</label>
        <select id={fid("service")} className="input select" data-testid="deployment-new-service" value={values.service} onChange={(ev) => set("service", ev.target.value)} {...invalidProps(fid("service-error"), f.service)}>
          {services.length === 0 ? <option value="">No service has deployments yet</option> : null}
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <FieldMessage id={fid("service-error")} lines={f.service} testId="deployment-new-error-service" />
      </div>
      <div className={`field${f.version ? " field-invalid" : ""}`}>
        <label htmlFor={fid("version")}>Version</label>
        <input
          id={fid("version")}
          className="input mono"
          data-testid="deployment-new-version"
          value={values.version}
          placeholder="2026.3.14"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          onChange={(ev) => set("version", ev.target.value)}
          {...invalidProps(fid("version-error"), f.version)}
        />
        <FieldMessage id={fid("version-error")} lines={f.version} testId="deployment-new-error-version" />
      </div>
      <div className={`field${f.tests ? " field-invalid" : ""}`}>
        <label htmlFor={fid("tests")}>Test result</label>
        <input
          id={fid("tests")}
          className="input mono-small"
          data-testid="deployment-new-tests"
          value={values.tests}
          placeholder="ci#48213: 1204 passed, 0 failed"
          autoComplete="off"
          onChange={(ev) => set("tests", ev.target.value)}
          {...invalidProps(fid("tests-error"), f.tests)}
        />
        <FieldMessage id={fid("tests-error")} lines={f.tests} testId="deployment-new-error-tests" />
      </div>
      <div className={`field${f.reason ? " field-invalid" : ""}`}>
        <label htmlFor={fid("reason")}>Reason</label>
        <textarea
          id={fid("reason")}
          className="input textarea"
          rows={2}
          data-testid="deployment-new-reason"
          value={values.reason}
          placeholder="Fixes the retry storm on soft bounces"
          onChange={(ev) => set("reason", ev.target.value)}
          {...invalidProps(fid("reason-error"), f.reason)}
        />
        <FieldMessage id={fid("reason-error")} lines={f.reason} testId="deployment-new-error-reason" />
      </div>
      {online ? null : <NeedsPlatform what="a deployment request" testId="deployment-new-offline" />}
      <div className="dialog-actions">
        <Dialog.Close className="button" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="button button-primary" data-testid="deployment-new-submit" disabled={request.isPending} aria-busy={request.isPending}>
          {request.isPending ? <Spinner size={12} /> : null}
          Request deployment
        </button>
      </div>
    </form>
  );
}
