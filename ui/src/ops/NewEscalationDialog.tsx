// Opening an escalation: the customer (searched in the local copy, or a pasted tenant id), what
// is wrong, severity, category and what support knows. The core checks it and queues it, so it
// works offline; the new escalation then opens in the panel. Refusals show beside their fields.
import { useId, useMemo, useState } from "react";
import type { EscalationRecord } from "../bindings";
import { FormErrors } from "../components/FieldMessages";
import { DialogActions, FormDialog, submitHandlers } from "../components/FormDialog";
import { Field, TextField } from "../components/FormField";
import { useToast } from "../components/Toast";
import { NO_FIELD_ERRORS, withoutField, type FieldErrors } from "../lib/fieldErrors";
import { CATEGORIES, labelOf, NEW_ESCALATION_FIELDS, opsErrorsOf, SEVERITIES } from "./opsFormat";
import { useOpenEscalation } from "./queries";
import { TenantPicker, type TenantChoice } from "./TenantPicker";

type Props = {
  open: boolean;
  online: boolean;
  onOpenChange: (open: boolean) => void;
  /** The escalations listed (their tenants are offered too). */
  known: readonly EscalationRecord[];
  onCreated: (id: string) => void;
};

export function NewEscalationDialog({ open, online, onOpenChange, known, onCreated }: Props) {
  const [round, setRound] = useState(0);
  const tenants = useMemo(() => {
    const m = new Map<string, TenantChoice>();
    for (const e of known) m.set(e.tenantId, { id: e.tenantId, name: e.tenantName });
    return [...m.values()];
  }, [known]);
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        if (!o) setRound((r) => r + 1);
        onOpenChange(o);
      }}
      title="New escalation"
      description={`The tenant's CSM is e-mailed once the platform has it${online ? "" : " (offline: it is queued on this laptop)"}.`}
      testId="escalation-new-dialog"
    >
      <NewEscalationForm
        key={round}
        known={tenants}
        online={online}
        onCreated={(id) => {
          setRound((r) => r + 1);
          onCreated(id);
        }}
      />
    </FormDialog>
  );
}

function NewEscalationForm({ known, online, onCreated }: { known: TenantChoice[]; online: boolean; onCreated: (id: string) => void }) {
  const [tenant, setTenant] = useState<TenantChoice | null>(null);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<string>("high");
  const [category, setCategory] = useState<string>("deliverability");
  const [context, setContext] = useState("");
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const create = useOpenEscalation();
  const toast = useToast();
  const id = useId();
  const fid = (f: string) => `${id}-${f}`;
  const f = errors.fields;

  const submit = () => {
    if (create.isPending) return;
    setErrors(NO_FIELD_ERRORS);
    create.mutate(
      { tenantId: tenant?.id ?? "", title, severity, category, reporterContext: context },
      {
        onSuccess: (newId) => {
          toast.show(online ? "Escalation opened" : "Escalation opened on this laptop; it will be sent when the platform is reachable");
          onCreated(newId);
        },
        onError: (err) => setErrors(opsErrorsOf(err, NEW_ESCALATION_FIELDS)),
      },
    );
  };

  return (
    <form className="form" {...submitHandlers(submit)} noValidate aria-label="New escalation">
      <FormErrors lines={errors.general} testId="escalation-new-refused" />
      <Field id={fid("tenant")} label="Tenant" lines={f.tenant} errorTestId="escalation-new-error-tenant">
        {(control) => (
          <TenantPicker
            value={tenant}
            onChange={(t) => {
              setTenant(t);
              setErrors((er) => withoutField(er, "tenant"));
            }}
            known={known}
            inputId={control.id}
            invalid={f.tenant !== undefined}
            describedBy={control["aria-describedby"]}
          />
        )}
      </Field>
      <TextField
        id={fid("title")}
        label="Title"
        testId="escalation-new-title"
        value={title}
        placeholder="Campaign e-mails bounce at Gmail since 09:40"
        autoComplete="off"
        onValue={(v) => {
          setTitle(v);
          setErrors((er) => withoutField(er, "title"));
        }}
        lines={f.title}
        errorTestId="escalation-new-error-title"
      />
      <div className="field-row">
        <Field id={fid("severity")} label="Severity" lines={f.severity} errorTestId="escalation-new-error-severity">
          {(control) => (
            <select {...control} className="input select" data-testid="escalation-new-severity" value={severity} onChange={(ev) => setSeverity(ev.target.value)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {labelOf({}, s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={fid("category")} label="Category" lines={f.category} errorTestId="escalation-new-error-category">
          {(control) => (
            <select {...control} className="input select" data-testid="escalation-new-category" value={category} onChange={(ev) => setCategory(ev.target.value)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {labelOf({}, c)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TextField
        id={fid("context")}
        label="Reporter context"
        rows={4}
        testId="escalation-new-context"
        value={context}
        placeholder="Who reported it, steps to reproduce, affected campaigns…"
        onValue={setContext}
        lines={f.context}
        errorTestId="escalation-new-error-context"
      />
      <DialogActions pending={create.isPending} label="Open escalation" testId="escalation-new-submit" />
    </form>
  );
}
